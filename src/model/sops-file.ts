import type { Span } from '../source/span.js';
import { LineMap } from '../source/span.js';
import { parseYamlDocument, type YamlProblem } from '../yaml/parse.js';
import type { YamlPath } from '../yaml/path.js';

/**
 * A sops-encrypted file as sops stores it. YAML and JSON keep keys in plaintext and every
 * leaf value as `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]`, with a top-level `sops` metadata
 * map; the binary store is JSON with one `data` leaf; dotenv keeps `KEY=ENC[…]` lines and
 * `sops_*` metadata lines (getsops/sops `stores/`).
 */
export type SopsFormat = 'yaml' | 'json' | 'binary' | 'dotenv';

export interface SopsLeaf {
  /** Key path of the leaf below the document root, e.g. `["db", "password"]`. */
  path: (string | number)[];
  value: unknown;
  /** Where the leaf's value was written. */
  at: Span;
}

export interface SopsEntry {
  /** Where the entry's key was written. */
  keyAt: Span;
  /** The entry's scalar values (one for a scalar entry). */
  leaves: SopsLeaf[];
}

export interface SopsDocument {
  file: string;
  format: SopsFormat;
  /** Parse errors (YAML/JSON); the yaml-parse-error rule reports them. */
  errors: YamlProblem[];
  /** The file carries sops metadata: a `sops` map with a `mac` (`sops_mac=` in dotenv). */
  metadata: boolean;
  /** Where the first key of the file was written: a place to report file-level problems. */
  firstKeyAt: Span;
  /** The entry at a sops-nix `key` (nested YAML keys are separated by `/`). */
  entry(key: string): SopsEntry | undefined;
  /** Every leaf outside the metadata. */
  leaves(): SopsLeaf[];
}

/** `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]`, the form sops writes every encrypted value in. */
const ENCRYPTED = /^ENC\[AES256_GCM,data:[A-Za-z0-9+/=]*,iv:[A-Za-z0-9+/=]+,tag:[A-Za-z0-9+/=]+,type:(?:str|int|float|bool|bytes|comment)\]$/;

export function isSopsEncrypted(value: unknown): boolean {
  return typeof value === 'string' && ENCRYPTED.test(value);
}

const METADATA_KEY = 'sops';

export function parseSopsFile(text: string, file: string, format: SopsFormat): SopsDocument {
  return format === 'dotenv' ? parseDotenv(text, file) : parseStructured(text, file, format);
}

function parseStructured(text: string, file: string, format: 'yaml' | 'json' | 'binary'): SopsDocument {
  // JSON is YAML; sops writes both with the same tree of keys and `ENC[…]` leaves.
  const parsed = parseYamlDocument(text, file);
  const value = parsed.errors.length === 0 ? parsed.value : undefined;
  const root = isMap(value) ? value : {};
  const metadata = root[METADATA_KEY];
  const firstKey = Object.keys(root)[0];
  const firstKeyAt = (firstKey !== undefined ? parsed.spanOf([firstKey], 'key') : undefined) ?? new LineMap(text).span(file, 0, 0);
  const leavesUnder = (path: (string | number)[], v: unknown): SopsLeaf[] => {
    if (isMap(v)) return Object.entries(v).flatMap(([k, item]) => leavesUnder([...path, k], item));
    if (Array.isArray(v)) return v.flatMap((item, i) => leavesUnder([...path, i], item));
    const at = parsed.spanOf(path as YamlPath);
    return at ? [{ path, value: v, at }] : [];
  };
  return {
    file,
    format,
    errors: parsed.errors,
    metadata: isMap(metadata) && typeof metadata.mac === 'string',
    firstKeyAt,
    entry(key) {
      // The binary store keeps the whole secret in `data`; sops-nix ignores `key` for it.
      const path = format === 'binary' ? ['data'] : key.split('/');
      let v: unknown = root;
      for (const step of path) {
        if (!isMap(v) || !Object.hasOwn(v, step)) return undefined;
        v = v[step];
      }
      const keyAt = parsed.spanOf(path, 'key');
      return keyAt ? { keyAt, leaves: leavesUnder(path, v) } : undefined;
    },
    leaves: () => Object.entries(root).flatMap(([k, v]) => (k === METADATA_KEY ? [] : leavesUnder([k], v))),
  };
}

/** sops' dotenv store: `KEY=VALUE` lines, `#` comments, metadata as `sops_<name>=…`. */
function parseDotenv(text: string, file: string): SopsDocument {
  const lines = new LineMap(text);
  const entries = new Map<string, { keyAt: Span; leaf: SopsLeaf }>();
  let metadata = false;
  let offset = 0;
  for (const line of text.split('\n')) {
    const match = /^(\s*)([^#=\s][^=]*?)\s*=(.*)$/.exec(line);
    if (match) {
      const [, indent, key, value] = match;
      const keyStart = offset + indent.length;
      const valueStart = offset + line.length - value.length;
      if (key === 'sops_mac') metadata = true;
      if (!key.startsWith('sops_')) {
        entries.set(key, {
          keyAt: lines.span(file, keyStart, keyStart + key.length),
          leaf: { path: [key], value, at: lines.span(file, valueStart, valueStart + value.length) },
        });
      }
    }
    offset += line.length + 1;
  }
  const first = entries.values().next().value;
  return {
    file,
    format: 'dotenv',
    errors: [],
    metadata,
    firstKeyAt: first?.keyAt ?? lines.span(file, 0, 0),
    entry(key) {
      const found = entries.get(key);
      return found ? { keyAt: found.keyAt, leaves: [found.leaf] } : undefined;
    },
    leaves: () => [...entries.values()].map((e) => e.leaf),
  };
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
