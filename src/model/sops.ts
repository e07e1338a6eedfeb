import type { Span } from '../source/span.js';
import type { SourceTree } from '../source/tree.js';
import type { UnknownValue, Value } from '../nix/eval/value.js';
import { unknown } from '../nix/eval/value.js';
import { attrEntries, field, keyOrigin } from './access.js';
import { parseSopsFile, type SopsDocument, type SopsFormat } from './sops-file.js';

/**
 * sops-nix as the host configures it (Mic92/sops-nix `modules/sops/default.nix`):
 * `sops.secrets.<name>` with `sopsFile` (default `sops.defaultSopsFile`), `key` (default the
 * name), `format` (default `sops.defaultSopsFormat`, `yaml`), `path` (default
 * `/run/secrets/<name>`, supplied by the module system), `restartUnits`.
 */
export interface SopsSecret {
  name: string;
  /** Where the secret's name was written under `sops.secrets`. */
  declaredAt?: Span;
  attrs: Value;
  /** `config.sops.secrets.<name>.path`: the very value a `config.…path` reference evaluates to. */
  path?: Value;
  restartUnits?: Value;
}

/** Which file holds a secret, and what the linter could read of it. */
export type SopsFileOf =
  /** Neither the secret's `sopsFile` nor `sops.defaultSopsFile` is set. */
  | { kind: 'none' }
  /** The option names a file the linter cannot read (outside ROOT, a string path, unknown). */
  | { kind: 'unknown'; option: Value; unknown: UnknownValue }
  /** A file in ROOT that does not exist or cannot be read. */
  | { kind: 'unreadable'; option: Value; path: string; reason: string }
  /** A file in ROOT that is not in a format the linter reads (`ini`). */
  | { kind: 'unsupported'; option: Value; path: string; format: string }
  | { kind: 'file'; option: Value; path: string; document: SopsDocument };

export interface SopsModel {
  defaultSopsFile?: Value;
  /** Declared secrets by name. */
  secrets: Map<string, SopsSecret>;
  /** Set when `sops.secrets` is not statically known in full: an absent name may be declared. */
  secretsUnknown?: UnknownValue;
  /** The file a secret lives in (declared or not: an undeclared one would use the default file),
   * and the key it has there. */
  fileOf(name: string): { file: SopsFileOf; key: string };
  /** Every sops file the host's secrets use that the linter read. */
  documents(): SopsDocument[];
}

const FORMATS: Record<string, SopsFormat | undefined> = { yaml: 'yaml', json: 'json', binary: 'binary', dotenv: 'dotenv' };

export function findSops(config: Value, tree: SourceTree): SopsModel {
  const sops = field(config, 'sops');
  const secretsAttrs = field(sops, 'secrets');
  const defaultSopsFile = field(sops, 'defaultSopsFile');
  const defaultFormat = field(sops, 'defaultSopsFormat');
  const secrets = new Map<string, SopsSecret>();
  for (const { name, value, key } of attrEntries(secretsAttrs)) {
    secrets.set(name, { name, declaredAt: key ?? keyOrigin(secretsAttrs, name), attrs: value, path: field(value, 'path'), restartUnits: field(value, 'restartUnits') });
  }
  const documents = new Map<string, SopsFileOf>();

  const read = (option: Value, format: string): SopsFileOf => {
    const path = repoPath(option);
    if (typeof path !== 'string') return { kind: 'unknown', option, unknown: path };
    const sopsFormat = FORMATS[format];
    if (!sopsFormat) return { kind: 'unsupported', option, path, format };
    const cacheKey = `${path}\0${sopsFormat}`;
    let found = documents.get(cacheKey);
    if (!found) {
      const text = tree.read(path);
      found = text.ok ? { kind: 'file', option, path, document: parseSopsFile(text.text, path, sopsFormat) } : { kind: 'unreadable', option, path, reason: text.reason };
      documents.set(cacheKey, found);
    }
    return found;
  };

  const fileOf = (name: string): { file: SopsFileOf; key: string } => {
    const secret = secrets.get(name);
    const keyValue = field(secret?.attrs, 'key');
    const key = keyValue?.kind === 'string' && keyValue.value !== '' ? keyValue.value : name;
    const option = field(secret?.attrs, 'sopsFile') ?? defaultSopsFile;
    if (!option || option.kind === 'null') return { file: { kind: 'none' }, key };
    const formatValue = field(secret?.attrs, 'format') ?? defaultFormat;
    if (formatValue?.kind === 'unknown') return { file: { kind: 'unknown', option, unknown: formatValue }, key };
    const format = formatValue?.kind === 'string' ? formatValue.value : 'yaml';
    return { file: read(option, format), key };
  };

  const secretsUnknown: UnknownValue | undefined =
    secretsAttrs?.kind === 'unknown' ? secretsAttrs : secretsAttrs?.kind === 'attrs' && secretsAttrs.partial ? unknown('`sops.secrets` has a name that is not statically known', secretsAttrs.origin) : undefined;
  return {
    defaultSopsFile,
    secrets,
    secretsUnknown,
    fileOf,
    documents() {
      for (const name of secrets.keys()) fileOf(name);
      return [...documents.values()].flatMap((d) => (d.kind === 'file' ? [d.document] : []));
    },
  };
}

/** The ROOT-relative path an option value names, or why it is not a file in the repository. */
function repoPath(option: Value): string | UnknownValue {
  if (option.kind === 'unknown') return option;
  if (option.kind === 'path') return option.insideRoot ? option.value : unknown(`${option.value} is outside ROOT`, option.origin);
  if (option.kind === 'string') {
    const ref = option.parts.length === 1 ? option.parts[0].ref : undefined;
    if (ref?.kind === 'path') return repoPath(ref);
    return unknown(`the sops file "${option.value}" is a path on the deployed host, not a file in the repository`, option.origin);
  }
  return unknown(`the sops file is a ${option.kind}`, option.origin);
}
