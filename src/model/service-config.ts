import type { Span } from '../source/span.js';
import type { SourceTree } from '../source/tree.js';
import type { FileValue, UnknownValue, Value } from '../nix/eval/value.js';
import { unknown } from '../nix/eval/value.js';
import { parseYamlDocument, parseYamlInNixString } from '../yaml/parse.js';
import { field, listItems } from './access.js';
import type { ContainerModel } from './container.js';
import type { Mount } from './mounts.js';
import { mountFor, parseMount } from './mounts.js';
import type { ConfigDocument } from './nix-document.js';
import { nixDocument } from './nix-document.js';

/** The PowerSync service config the container reads, and where it was written. */
export interface ServiceConfigModel {
  kind: 'service-config';
  /** Path inside the container (POWERSYNC_CONFIG_PATH or `-c`). */
  containerPath: string;
  mount: Mount;
  /** The file the config text was written in: a .nix file (a Nix string) or a YAML file in ROOT. */
  file: string;
  document: ConfigDocument;
}

/** Where a mounted file's content lives, resolved from the mount source. */
export type MountedContent =
  | { kind: 'nix-string'; file: string; document: ConfigDocument }
  | { kind: 'repo-file'; path: string }
  | UnknownValue;

export function containerMounts(container: ContainerModel): Mount[] {
  const items = listItems(container.option('volumes'));
  if (!Array.isArray(items)) return [];
  return items.flatMap((v) => (v.kind === 'string' ? (parseMount(v) ?? []) : []));
}

/** The config path the service reads: POWERSYNC_CONFIG_PATH, else `-c`/`--config` in `cmd`. */
export function configPathInContainer(container: ContainerModel): string | UnknownValue | undefined {
  const env = field(container.option('environment'), 'POWERSYNC_CONFIG_PATH');
  if (env?.kind === 'string') return env.value;
  if (env?.kind === 'unknown') return env;
  if (field(container.option('environment'), 'POWERSYNC_CONFIG_B64')) return unknown('the config is passed base64-encoded in POWERSYNC_CONFIG_B64');
  const cmd = listItems(container.option('cmd'));
  if (!Array.isArray(cmd)) return cmd;
  const words = cmd.map((w) => (w.kind === 'string' ? w.value : ''));
  for (let i = 0; i < words.length; i++) {
    if ((words[i] === '-c' || words[i] === '--config') && words[i + 1]) return words[i + 1];
    if (words[i].startsWith('--config=')) return words[i].slice('--config='.length);
  }
  return undefined;
}

export function findServiceConfig(container: ContainerModel | undefined, config: Value, tree: SourceTree): ServiceConfigModel | UnknownValue | undefined {
  if (!container) return undefined;
  const mounts = containerMounts(container);
  const wanted = configPathInContainer(container);
  if (typeof wanted === 'object') return wanted;
  const candidates = wanted
    ? [mountFor(mounts, wanted)].filter((m) => m !== undefined).map((m) => ({ ...m, containerPath: wanted }))
    : mounts.filter((m) => /\.ya?ml$/.test(m.destination)).map((mount) => ({ mount, below: '', containerPath: mount.destination }));
  for (const { mount, below, containerPath } of candidates) {
    const content = mountedContent(mount, below, config, 'service-config');
    if (content.kind === 'unknown') {
      if (wanted) return content;
      continue;
    }
    const document = content.kind === 'repo-file' ? yamlFile(tree, content.path) : content.document;
    if (!document) continue;
    if (!wanted && !looksLikeServiceConfig(document.value)) continue;
    return { kind: 'service-config', containerPath, mount, file: content.kind === 'repo-file' ? content.path : content.file, document };
  }
  if (wanted) return unknown(`no volume of the container provides ${wanted}`, container.definedAt);
  return undefined;
}

function looksLikeServiceConfig(value: unknown): boolean {
  return typeof value === 'object' && value !== null && ['replication', 'storage', 'sync_rules', 'sync_config'].some((k) => k in value);
}

function yamlFile(tree: SourceTree, path: string): ConfigDocument | undefined {
  const read = tree.read(path);
  return read.ok ? parseYamlDocument(read.text, path, { dialect: 'service-config' }) : undefined;
}

/** What a mount puts at `below` under its destination, when the linter can read it. */
export function mountedContent(mount: Mount, below: string, config: Value, dialect: 'service-config' | 'sync-rules'): MountedContent {
  const source = mount.source;
  switch (source.kind) {
    case 'generated':
      return below ? unknown('a generated file is mounted as a directory', mount.at) : generatedContent(source.file, dialect);
    case 'repo-path':
      return { kind: 'repo-file', path: below ? `${source.path}/${below}` : source.path };
    case 'host-path':
      return hostPathContent(below ? `${source.path}/${below}` : source.path, config, dialect, mount.at);
    case 'unknown':
      return unknown(source.reason, mount.at);
  }
}

function generatedContent(file: FileValue, dialect: 'service-config' | 'sync-rules'): MountedContent {
  const content = file.content.force();
  if (content.kind === 'unknown') return content;
  if (file.format === 'text') {
    if (content.kind !== 'string') return unknown(`the content of ${file.name} is a ${content.kind}`, file.origin);
    const origin = content.origin ?? file.origin;
    return { kind: 'nix-string', file: origin?.file ?? '', document: parseYamlInNixString(content, { dialect }) };
  }
  return { kind: 'nix-string', file: content.origin?.file ?? file.origin?.file ?? '', document: nixDocument(content) };
}

/** `/etc/<name>` from `environment.etc.<name>.text` or `.source`. */
function hostPathContent(path: string, config: Value, dialect: 'service-config' | 'sync-rules', at: Span | undefined): MountedContent {
  if (!path.startsWith('/etc/')) return unknown(`the host path ${path} is not managed by this configuration`, at);
  const entry = field(config, 'environment', 'etc', path.slice('/etc/'.length));
  const text = field(entry, 'text');
  if (text?.kind === 'string') return { kind: 'nix-string', file: text.origin?.file ?? '', document: parseYamlInNixString(text, { dialect }) };
  const source = field(entry, 'source');
  if (source?.kind === 'file') return generatedContent(source, dialect);
  if (source?.kind === 'path' && source.insideRoot) return { kind: 'repo-file', path: source.value };
  if (source?.kind === 'unknown') return source;
  return unknown(`${path} is not defined in environment.etc`, at);
}
