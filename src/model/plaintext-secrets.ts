import { posix } from 'node:path';
import type { Span } from '../source/span.js';
import type { SourceTree } from '../source/tree.js';
import type { ParsedNix, SyntaxNode } from '../nix/parse.js';
import { findDsns } from '../powersync/dsn.js';
import { SECRET_KEYS, dsnLiteralPassword, isPlaceholderSecret, type SecretKind } from '../powersync/secrets.js';
import { parseYamlDocument } from '../yaml/parse.js';
import type { YamlPath } from '../yaml/path.js';
import type { DsnLiteral } from './dsn-literals.js';
import { spanWithin } from './dsn-literals.js';
import type { ConfigDocument } from './nix-document.js';

/** A secret written in plain text in a file the host uses. Never carries the secret itself. */
export interface PlaintextSecret {
  kind: SecretKind;
  /** How a message names it: the key path, e.g. `storage.password`, or `the password of a DSN`. */
  name: string;
  /** The characters of the secret. */
  at: Span;
}

export interface PlaintextSecretInput {
  tree: SourceTree;
  /** The .nix files the host reaches. */
  parsed: Iterable<ParsedNix>;
  dsnLiterals: DsnLiteral[];
  /** Configuration documents the host uses (the service config), wherever they were written. */
  documents: ConfigDocument[];
  /** YAML files that carry sops metadata: encrypted, so exempt. */
  sopsFiles: Set<string>;
}

const YAML_FILE = /\.(ya?ml|json)$/;
const STRING_NODES = ['string_expression', 'indented_string_expression'];

export function findPlaintextSecrets(input: PlaintextSecretInput): PlaintextSecret[] {
  const found: PlaintextSecret[] = [];
  for (const literal of input.dsnLiterals) {
    if (input.sopsFiles.has(literal.at.file)) continue;
    const range = dsnLiteralPassword(literal.text);
    if (range) found.push({ kind: 'dsn-password', name: 'the password of a PostgreSQL DSN', at: spanWithin(literal, range.start, range.end) });
  }
  // DSNs of these documents are among `dsnLiterals` already.
  for (const document of input.documents) found.push(...documentSecrets(document, false));
  const yamlFiles = new Set<string>();
  for (const parsed of input.parsed) {
    found.push(...nixBindings(parsed), ...yamlLinesInNixStrings(parsed));
    for (const path of yamlPathLiterals(parsed)) yamlFiles.add(path);
  }
  for (const file of yamlFiles) {
    if (input.sopsFiles.has(file)) continue;
    const read = input.tree.read(file);
    if (!read.ok) continue;
    const document = parseYamlDocument(read.text, file, { dialect: 'service-config' });
    if (document.errors.length > 0 || hasSopsMetadata(document.value)) continue;
    found.push(...documentSecrets(document, true));
  }
  return uniqueByPlace(found);
}

/** `password = "…";` (and `supabase_jwt_secret`) with a string literal, in any attrset. */
function nixBindings(parsed: ParsedNix): PlaintextSecret[] {
  if (!/password|supabase_jwt_secret/.test(parsed.text)) return [];
  const found: PlaintextSecret[] = [];
  for (const binding of parsed.root.descendantsOfType('binding')) {
    const named = binding.namedChildren.filter((c) => c.type !== 'comment');
    const attrpath = named[0]?.type === 'attrpath' ? named[0] : undefined;
    const expression = named[1];
    if (!attrpath || !expression || !STRING_NODES.includes(expression.type)) continue;
    const last = attrpath.namedChildren[attrpath.namedChildren.length - 1];
    const key = last ? attrName(last) : undefined;
    const kind = key !== undefined ? SECRET_KEYS[key] : undefined;
    if (!kind || expression.descendantsOfType('interpolation').length > 0) continue;
    const quote = expression.type === 'string_expression' ? 1 : 2;
    const start = expression.startIndex + quote;
    const end = expression.endIndex - quote;
    if (isPlaceholderSecret(parsed.text.slice(start, end))) continue;
    found.push({ kind, name: `\`${attrpath.text}\``, at: parsed.lines.span(parsed.file, start, end) });
  }
  return found;
}

function attrName(node: SyntaxNode): string | undefined {
  if (node.type === 'identifier') return node.text;
  if (node.type === 'string_expression' && node.descendantsOfType('interpolation').length === 0) return node.text.slice(1, -1);
  return undefined;
}

/** `password: …` lines of YAML written in any Nix string (`environment.etc."x.yaml".text`). */
function yamlLinesInNixStrings(parsed: ParsedNix): PlaintextSecret[] {
  if (!/(password|supabase_jwt_secret)\s*:/.test(parsed.text)) return [];
  const found: PlaintextSecret[] = [];
  for (const node of parsed.root.descendantsOfType(STRING_NODES)) {
    if (node.parent && STRING_NODES.includes(node.parent.type)) continue;
    const quote = node.type === 'string_expression' ? 1 : 2;
    const content = node.text.slice(quote, node.text.length - quote);
    const line = /^([ \t]*-?[ \t]*(password|supabase_jwt_secret)[ \t]*:[ \t]*)(\S[^\n]*?)[ \t]*$/gm;
    for (const match of content.matchAll(line)) {
      const [, head, key, value] = match;
      if (isPlaceholderSecret(value) || value.startsWith('#') || value.includes('${')) continue;
      const start = node.startIndex + quote + match.index + head.length;
      found.push({ kind: SECRET_KEYS[key], name: `\`${key}\``, at: parsed.lines.span(parsed.file, start, start + value.length) });
    }
  }
  return found;
}

/** Path literals to YAML/JSON files in ROOT (`./sync-rules.yaml`): files the host uses. */
function yamlPathLiterals(parsed: ParsedNix): string[] {
  if (!/\.(ya?ml|json)\b/.test(parsed.text)) return [];
  const paths: string[] = [];
  for (const node of parsed.root.descendantsOfType('path_expression')) {
    if (!YAML_FILE.test(node.text) || node.descendantsOfType('interpolation').length > 0) continue;
    const path = node.text.startsWith('/') ? undefined : posix.normalize(posix.join(posix.dirname(parsed.file), node.text));
    if (path && !path.startsWith('../')) paths.push(path);
  }
  return paths;
}

/** Secrets among a document's values: secret keys, HMAC `k`, `api.tokens`, and DSN passwords
 * when `dsns` is set. */
export function documentSecrets(document: ConfigDocument, dsns: boolean): PlaintextSecret[] {
  const found: PlaintextSecret[] = [];
  const visit = (value: unknown, path: (string | number)[], parent?: Record<string, unknown>): void => {
    if (typeof value === 'string') {
      const kind = secretKindAt(path, parent);
      const at = () => document.spanOf(path as YamlPath);
      if (kind && !isPlaceholderSecret(value)) {
        const span = at();
        if (span) found.push({ kind, name: `\`${keyPath(path)}\``, at: span });
        return;
      }
      if (!dsns) return;
      for (const dsn of findDsns(value)) {
        const range = dsnLiteralPassword(dsn.text);
        const span = range && at();
        if (!span) continue;
        // A plain scalar maps 1:1 onto the file: point at the password itself.
        const literal: DsnLiteral = { text: value, at: span, interpolated: false };
        found.push({ kind: 'dsn-password', name: `the password of the DSN in \`${keyPath(path)}\``, at: spanWithin(literal, dsn.start + range.start, dsn.start + range.end) });
      }
    } else if (Array.isArray(value)) value.forEach((item, i) => visit(item, [...path, i], parent));
    else if (value && typeof value === 'object' && value.constructor === Object) {
      const map = value as Record<string, unknown>;
      for (const [key, item] of Object.entries(map)) visit(item, [...path, key], map);
    }
  };
  visit(document.value, []);
  return found;
}

function secretKindAt(path: (string | number)[], parent: Record<string, unknown> | undefined): SecretKind | undefined {
  const key = path[path.length - 1];
  if (typeof key === 'string' && SECRET_KEYS[key]) return SECRET_KEYS[key];
  // A JWK with a symmetric key: `{ kty: oct, alg: HS256, k: <base64url> }` (client_auth.jwks.keys).
  if (key === 'k' && parent && (parent.kty === 'oct' || (typeof parent.alg === 'string' && /^HS\d+$/.test(parent.alg)) || path.includes('jwks'))) return 'hmac-key';
  // `api.tokens: [ … ]`: static API tokens of the service.
  if (typeof key === 'number' && path.length === 3 && path[0] === 'api' && path[1] === 'tokens') return 'api-token';
  return undefined;
}

function keyPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function hasSopsMetadata(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  const sops = (value as Record<string, unknown>).sops;
  return !!sops && typeof sops === 'object' && typeof (sops as Record<string, unknown>).mac === 'string';
}

function uniqueByPlace(found: PlaintextSecret[]): PlaintextSecret[] {
  const seen = new Set<string>();
  return found.filter((s) => {
    const key = `${s.at.file}\0${s.at.startIndex}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
