/**
 * A PostgreSQL connection of the service config (a replication connection or `storage`) as
 * PowerSync reads it (`libs/lib-postgres/src/types/types.ts` normalizeConnectionConfig):
 * separate keys override the parts of `uri`; from the URI it reads only the scheme, user info,
 * host, port and path, and of the query only `connect_timeout`. Every setting remembers where
 * it was written, so a check can point at the literal to change.
 */
import type { YamlPath } from '../yaml/path.js';
import { isEnvPlaceholder, type EnvPlaceholder } from '../yaml/tags.js';
import type { Span } from '../source/span.js';
import { parseDsn, type DsnResult } from './dsn.js';
import { authorityRanges } from './dsn-checks.js';
import type { ConfigSource } from './config-source.js';
import { keySpan, spanInValue, useSite, valueAt, valueSpan, type RelatedSpan } from './config-source.js';

/** A setting's value: written as a key, taken from the URI, an `!env` value, or not given. */
export type Setting =
  | { kind: 'literal'; value: string; path: YamlPath; uriRange?: [number, number] }
  | { kind: 'env'; env: EnvPlaceholder; path: YamlPath; viaUri: boolean }
  | { kind: 'missing' };

export type UriSetting =
  | { kind: 'literal'; text: string; path: YamlPath; dsn: DsnResult; parts?: UriParts }
  | { kind: 'env'; env: EnvPlaceholder; path: YamlPath }
  | undefined;

/** The URI's parts with their offsets in the URI text, as PowerSync splits it. */
export interface UriParts {
  host: { text: string; range: [number, number] };
  port?: { text: string; range: [number, number] };
  user?: { text: string; range: [number, number] };
  /** The user info's password; a `?password=` parameter is not read by PowerSync. */
  password?: { range: [number, number] };
  database?: { text: string; range: [number, number] };
  /** Query parameters with the range of each `name=value`. */
  params: { name: string; value: string; range: [number, number] }[];
}

export interface PgConnection {
  path: YamlPath;
  uri: UriSetting;
  hostname: Setting;
  port: Setting;
  username: Setting;
  password: Setting;
  database: Setting;
  sslmode: Setting;
}

export const SETTINGS = ['hostname', 'port', 'username', 'password', 'database'] as const;

/** Query parameters of a URI that PowerSync reads. */
export const READ_URI_PARAMS = new Set(['connect_timeout']);

export function readPgConnection(source: ConfigSource, path: YamlPath): PgConnection {
  const uri = readUri(source, [...path, 'uri']);
  const fromUri = (part: 'host' | 'port' | 'user' | 'database'): Setting => {
    if (uri?.kind === 'env') return { kind: 'env', env: uri.env, path: uri.path, viaUri: true };
    const found = uri?.parts?.[part];
    if (!uri || !found || found.text === '') return { kind: 'missing' };
    return { kind: 'literal', value: found.text, path: uri.path, uriRange: found.range };
  };
  const setting = (key: string, uriPart?: 'host' | 'port' | 'user' | 'database'): Setting => {
    const value = valueAt(source.value, [...path, key]);
    if (isEnvPlaceholder(value)) return { kind: 'env', env: value, path: [...path, key], viaUri: false };
    if (typeof value === 'string' || typeof value === 'number') return { kind: 'literal', value: String(value), path: [...path, key] };
    return uriPart ? fromUri(uriPart) : { kind: 'missing' };
  };
  let password = setting('password');
  if (password.kind === 'missing') {
    if (uri?.kind === 'env') password = { kind: 'env', env: uri.env, path: uri.path, viaUri: true };
    else if (uri?.parts?.password) password = { kind: 'literal', value: '****', path: uri.path, uriRange: uri.parts.password.range };
  }
  return {
    path,
    uri,
    hostname: setting('hostname', 'host'),
    port: setting('port', 'port'),
    username: setting('username', 'user'),
    password,
    database: setting('database', 'database'),
    sslmode: setting('sslmode'),
  };
}

function readUri(source: ConfigSource, path: YamlPath): UriSetting {
  const value = valueAt(source.value, path);
  if (isEnvPlaceholder(value)) return { kind: 'env', env: value, path };
  if (typeof value !== 'string') return undefined;
  const dsn = parseDsn(value);
  return { kind: 'literal', text: value, path, dsn, parts: /^postgres(ql)?:\/\//i.test(value) ? uriParts(value) : undefined };
}

/** Splits a postgres URI as uri-js does for PowerSync: `scheme://[user[:password]@]host[:port][/database][?query]`. */
export function uriParts(text: string): UriParts {
  const { host, port } = authorityRanges(text);
  const afterScheme = text.indexOf('//') + 2;
  const at = host[0] - 1;
  const parts: UriParts = { host: { text: unbracket(text.slice(host[0], host[1])), range: host }, params: [] };
  if (port) parts.port = { text: text.slice(port[0], port[1]), range: port };
  if (at >= afterScheme && text[at] === '@') {
    const colon = text.indexOf(':', afterScheme);
    const userEnd = colon !== -1 && colon < at ? colon : at;
    parts.user = { text: decode(text.slice(afterScheme, userEnd)), range: [afterScheme, userEnd] };
    if (colon !== -1 && colon < at && colon + 1 < at) parts.password = { range: [colon + 1, at] };
  }
  const authorityEnd = port ? port[1] : host[1];
  const queryAt = text.indexOf('?', authorityEnd);
  const fragmentAt = text.indexOf('#', authorityEnd);
  const pathEnd = [queryAt, fragmentAt, text.length].filter((i) => i !== -1).reduce((a, b) => Math.min(a, b));
  if (text[authorityEnd] === '/' && authorityEnd + 1 < pathEnd) parts.database = { text: decode(text.slice(authorityEnd + 1, pathEnd)), range: [authorityEnd + 1, pathEnd] };
  if (queryAt !== -1) {
    const queryEnd = fragmentAt > queryAt ? fragmentAt : text.length;
    let offset = queryAt + 1;
    for (const piece of text.slice(queryAt + 1, queryEnd).split('&')) {
      const eq = piece.indexOf('=');
      if (piece !== '') parts.params.push({ name: decode(eq === -1 ? piece : piece.slice(0, eq)), value: eq === -1 ? '' : decode(piece.slice(eq + 1)), range: [offset, offset + piece.length] });
      offset += piece.length + 1;
    }
  }
  return parts;
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : decode(host);
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Where a setting was written: the key's value, or the part of the URI it came from. */
export function settingSpan(source: ConfigSource, setting: Setting, fallback: YamlPath): Span {
  if (setting.kind === 'missing') return keySpan(source, fallback);
  if (setting.kind === 'literal' && setting.uriRange) return spanInValue(source, setting.path, setting.uriRange[0], setting.uriRange[1]);
  return valueSpan(source, setting.path);
}

/** 127.0.0.0/8, ::1 and localhost: inside a container, the container itself. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::1' || /^(0:){7}0*1$/.test(h) || h === '0:0:0:0:0:0:0:1';
}

/** settingSpan, with the key as the use site when the value was written elsewhere (a `let` binding). */
export function settingAt(source: ConfigSource, setting: Setting, fallback: YamlPath): { at: Span; related?: RelatedSpan[] } {
  const at = settingSpan(source, setting, fallback);
  return { at, related: setting.kind === 'missing' ? undefined : useSite(source, setting.path, at) };
}
