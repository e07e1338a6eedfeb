/**
 * The sync rules the service loads, followed the way PowerSync and podman follow them: the
 * service config's `sync_config.path` (or the deprecated `sync_rules.path`) is resolved
 * against the directory of the config file inside the container, and that container path
 * through the container's volumes to a file in ROOT or a file the configuration generates.
 * Inline `content` is the text itself.
 */
import path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, stringify, type Node } from 'yaml';
import type { Span } from '../source/span.js';
import type { SourceTree } from '../source/tree.js';
import type { UnknownValue, Value } from '../nix/eval/value.js';
import { unknown } from '../nix/eval/value.js';
import type { Locate } from '../nix/string-spans.js';
import { parseYamlDocument, type YamlProblem } from '../yaml/parse.js';
import type { YamlPath } from '../yaml/path.js';
import { dangerousQueriesTag } from '../yaml/tags.js';
import { locateInValue, valueSpan, type ConfigSource } from '../powersync/config-source.js';
import { syncConfigRef, type SyncConfigKey } from '../powersync/sync-config-checks.js';
import type { ContainerModel } from './container.js';
import type { Mount } from './mounts.js';
import { mountFor } from './mounts.js';
import type { ConfigDocument } from './nix-document.js';
import type { ServiceConfigModel } from './service-config.js';
import { containerMounts, mountedContent } from './service-config.js';

export interface SyncRulesModel {
  kind: 'sync-rules';
  /** The service config key that names them. */
  key: SyncConfigKey;
  /** Where the config names them: the `path` or `content` value. */
  referencedAt: Span;
  /** For a path: the path as written, the container path it resolves to, and the mount that provides it. */
  path?: { written: string; inContainer: string; mount: Mount };
  /** The file the text was written in: a YAML file in ROOT, or the .nix file of a Nix string. */
  file: string;
  text: string;
  /** Where a range of `text` was written. */
  locate: Locate;
  /** YAML syntax errors (reported by yaml-parse-error; the SQL is not validated then). */
  yamlErrors: YamlProblem[];
}

/** The config names sync rules that are not there. */
export interface SyncRulesMissing {
  kind: 'missing';
  message: string;
  at: Span;
}

export type SyncRulesLookup = SyncRulesModel | SyncRulesMissing | UnknownValue;

/** Undefined when there is no service config to read, or it names no sync rules (sync-rules-valid reports that). */
export function findSyncRules(container: ContainerModel | undefined, serviceConfig: ServiceConfigModel | UnknownValue | undefined, config: Value, tree: SourceTree): SyncRulesLookup | undefined {
  if (!container || !serviceConfig || serviceConfig.kind === 'unknown') return undefined;
  const document = serviceConfig.document as ConfigDocument & ConfigSource;
  const ref = syncConfigRef(document.value);
  if (ref.kind === 'none') return undefined;
  const referencedAt = valueSpan(document, ref.at);
  if (ref.kind === 'env') return unknown(`the sync rules ${ref.at[1]} is \`!env ${ref.env.env}\`, set when the container starts`, referencedAt);
  if (ref.kind === 'content') {
    return { kind: 'sync-rules', key: ref.key, referencedAt, file: referencedAt.file, text: ref.content, ...inlineLocation(document, ref.at, ref.content) };
  }
  const inContainer = path.posix.resolve(path.posix.dirname(serviceConfig.containerPath), ref.path);
  const found = mountFor(containerMounts(container), inContainer);
  if (!found) {
    return { kind: 'missing', at: referencedAt, message: `\`${ref.key}.path: ${ref.path}\` resolves to ${inContainer} in the container (relative to ${path.posix.dirname(serviceConfig.containerPath)}/, the directory of the config), but no volume of the container provides it: PowerSync starts without sync rules` };
  }
  const pathInfo = { written: ref.path, inContainer, mount: found.mount };
  const content = mountedContent(found.mount, found.below, config, 'sync-rules');
  if (content.kind === 'unknown') return content.origin ? content : { ...content, origin: found.mount.at };
  if (content.kind === 'repo-file') {
    const read = tree.read(content.path);
    if (!read.ok) {
      return { kind: 'missing', at: found.mount.at ?? referencedAt, message: `${inContainer} is mounted from ${content.path}, which cannot be read (${read.reason}): PowerSync starts without sync rules` };
    }
    const parsed = parseYamlDocument(read.text, content.path, { dialect: 'sync-rules' });
    return { kind: 'sync-rules', key: ref.key, referencedAt, path: pathInfo, file: content.path, text: read.text, locate: parsed.locate, yamlErrors: parsed.errors };
  }
  const generated = content.document as ConfigDocument & ConfigSource;
  if (generated.text !== undefined && generated.locate) {
    return { kind: 'sync-rules', key: ref.key, referencedAt, path: pathInfo, file: content.file, text: generated.text, locate: generated.locate, yamlErrors: generated.errors };
  }
  // `(pkgs.formats.yaml {}).generate`: the text is the rendered value; a range maps to the Nix
  // value it was rendered from.
  const rendered = renderYaml(generated.value);
  return { kind: 'sync-rules', key: ref.key, referencedAt, path: pathInfo, file: content.file, text: rendered, locate: locateByPath(rendered, generated), yamlErrors: [] };
}

/** Inline `content`: each character where it was written, when the scalar allows it. */
function inlineLocation(document: ConfigSource, at: YamlPath, content: string): { locate: Locate; yamlErrors: YamlProblem[] } {
  const locate = locateInValue(document, at);
  const parsed = parseDocument(content, { schema: 'core', customTags: [dangerousQueriesTag], prettyErrors: false });
  const yamlErrors = parsed.errors.map((error) => ({ code: error.code, message: error.message, span: locate(...error.pos) }));
  return { locate, yamlErrors };
}

function renderYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}

/** For rendered text: the Nix value of the deepest YAML node containing the range. */
function locateByPath(text: string, document: ConfigSource): Locate {
  const parsed = parseDocument(text, { schema: 'core', keepSourceTokens: false });
  return (start) => {
    const steps: (string | number)[] = [];
    let node: unknown = parsed.contents;
    for (;;) {
      const child = childContaining(node, start);
      if (!child) break;
      steps.push(child.step);
      node = child.node;
    }
    for (let n = steps.length; n >= 0; n--) {
      const span = document.spanOf(steps.slice(0, n));
      if (span) return span;
    }
    return valueSpan(document, []);
  };
}

function childContaining(node: unknown, offset: number): { step: string | number; node: Node } | undefined {
  const inside = (n: unknown) => (n as Node | null)?.range && (n as Node).range![0] <= offset && offset <= (n as Node).range![2];
  if (isMap(node)) {
    for (const pair of node.items) {
      if ((inside(pair.value) || inside(pair.key)) && isScalar(pair.key)) return { step: String(pair.key.value), node: pair.value as Node };
    }
  } else if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) if (inside(node.items[i])) return { step: i, node: node.items[i] as Node };
  }
  return undefined;
}
