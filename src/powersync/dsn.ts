import { parse as parseConnectionString } from 'pg-connection-string';

/**
 * PostgreSQL connection URIs (`postgres://` / `postgresql://`), read as libpq and node-postgres
 * read them. Nothing here ever puts a password into a message: error texts are fixed, and
 * `redactDsn` masks passwords in any text before it is shown.
 */
export interface Dsn {
  scheme: 'postgres' | 'postgresql';
  user?: string;
  /** A password in the user info or as a `password` query parameter. */
  hasPassword: boolean;
  /** The TCP host, or the socket directory of a unix socket; empty when none is named. */
  host: string;
  /** 5432 unless given. */
  port: number;
  database?: string;
  /** Query parameters, except `password`. */
  params: Record<string, string>;
  /** libpq connects through a unix socket when the host is empty or a path. PowerSync cannot. */
  unixSocket: boolean;
}

export type DsnResult = ({ ok: true } & Dsn) | { ok: false; error: string };

const DEFAULT_PORT = 5432;
const SCHEME = /^(postgres|postgresql):\/\//i;

export function parseDsn(text: string): DsnResult {
  const trimmed = text.trim();
  const scheme = SCHEME.exec(trimmed)?.[1].toLowerCase() as Dsn['scheme'] | undefined;
  if (!scheme) {
    return { ok: false, error: /^\w+\s*=/.test(trimmed) ? 'a key=value connection string; write a postgresql:// URI' : 'not a postgres:// or postgresql:// URI' };
  }
  const { base, query } = splitQuery(trimmed);
  const authority = base.slice(base.indexOf('//') + 2).split('/')[0];
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostPort.includes(',')) return { ok: false, error: 'the URI lists several hosts; PowerSync connects to exactly one' };
  // pg-connection-string reads certificate files named in the query and warns on stderr about
  // some sslmode values: it only ever sees the URI without its query.
  let parsed: ReturnType<typeof parseConnectionString>;
  try {
    parsed = parseConnectionString(base);
  } catch {
    return { ok: false, error: 'not a valid URI; percent-encode any @ : / ? # % in the user name and password' };
  }
  const params = Object.fromEntries(new URLSearchParams(query));
  const hasPassword = Boolean(parsed.password) || Object.hasOwn(params, 'password');
  delete params.password;
  const host = params.host ?? parsed.host ?? '';
  const portText = params.port ?? parsed.port ?? '';
  const port = portText === '' ? DEFAULT_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return { ok: false, error: 'the port is not a number from 1 to 65535' };
  return {
    ok: true,
    scheme,
    user: parsed.user || undefined,
    hasPassword,
    host,
    port,
    database: parsed.database ?? undefined,
    params,
    unixSocket: host === '' || host.startsWith('/'),
  };
}

/** Splits off `?query` and drops `#fragment`, where a URL parser would. */
function splitQuery(uri: string): { base: string; query: string } {
  const [withoutFragment] = uri.split('#', 1);
  const queryAt = withoutFragment.indexOf('?');
  return queryAt === -1 ? { base: withoutFragment, query: '' } : { base: withoutFragment.slice(0, queryAt), query: withoutFragment.slice(queryAt + 1) };
}

export interface DsnMatch {
  text: string;
  start: number;
  end: number;
}

/** A DSN literal runs from its scheme to the next space, quote or angle bracket. */
const DSN_TOKEN = /postgres(?:ql)?:\/\/[^\s"'`<>]*/gi;

/** DSN literals in arbitrary text (a Nix string, a YAML file, a dotenv line), with offsets.
 * Trailing punctuation of the surrounding text (`,` `;` `)` …) is not part of the DSN. */
export function findDsns(text: string): DsnMatch[] {
  return [...text.matchAll(DSN_TOKEN)].map((match) => {
    const start = match.index;
    const dsn = match[0].replace(/[.,;:)\]}]+$/, '');
    return { text: dsn, start, end: start + dsn.length };
  });
}

const REDACTED = '****';

/** `password=…` in a URI query, a key=value conninfo or an environment line (PGPASSWORD=…). */
const PASSWORD_SETTING = /(password\s*=\s*)('(?:[^'\\]|\\.)*'?|[^\s&]+)/gi;

/**
 * Replaces every password in `text` with `****`: in the user info of each DSN, and in any
 * `password=` setting. Deliberately generous on malformed input: the password runs from
 * `://user:` to the last `@` of the DSN (or of the line, for a password with a space in it),
 * so an unencoded `@`, `/` or `?` in a password cannot make a piece of it leak.
 */
export function redactDsn(text: string): string {
  let out = '';
  let copied = 0;
  for (const match of text.matchAll(DSN_TOKEN)) {
    const secret = passwordRange(text, match.index, match.index + match[0].length);
    if (!secret || secret.start < copied) continue;
    out += text.slice(copied, secret.start) + REDACTED;
    copied = secret.end;
  }
  return (out + text.slice(copied)).replace(PASSWORD_SETTING, `$1${REDACTED}`);
}

/**
 * The passwords `redactDsn` would mask in `text`, as written and percent-decoded: what a
 * command that reads a secret must never print. An output filter can mask them wherever
 * they turn up, as a second line of defence behind messages that are built without them.
 */
export function passwordsIn(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(DSN_TOKEN)) {
    const secret = passwordRange(text, match.index, match.index + match[0].length);
    if (secret) found.add(text.slice(secret.start, secret.end));
  }
  for (const match of text.matchAll(PASSWORD_SETTING)) found.add(match[2].replace(/^'|'$/g, ''));
  for (const secret of [...found]) {
    try {
      found.add(decodeURIComponent(secret));
    } catch {
      // not percent-encoded
    }
  }
  return [...found].filter((secret) => secret !== '');
}

/** Where the non-empty password of the DSN token at [start, end) is, if it has one. */
function passwordRange(text: string, start: number, end: number): { start: number; end: number } | undefined {
  const userStart = text.indexOf('//', start) + 2;
  const lineEnd = text.indexOf('\n', end);
  const at = lastIndexWithin(text, '@', userStart, end) ?? lastIndexWithin(text, '@', userStart, lineEnd === -1 ? text.length : lineEnd);
  if (at !== undefined) {
    const colon = text.indexOf(':', userStart);
    return colon !== -1 && colon + 1 < at ? { start: colon + 1, end: at } : undefined;
  }
  // No `@`: `host:port`, unless what follows the colon is not a port number.
  const authority = /^[^/?#]*/.exec(text.slice(userStart, end))![0];
  const colon = authority.indexOf(':');
  const afterColon = authority.slice(colon + 1);
  if (colon === -1 || afterColon === '' || /^\d+$/.test(afterColon)) return undefined;
  return { start: userStart + colon + 1, end: userStart + authority.length };
}

/** The last index of `char` in [from, to), or undefined. */
function lastIndexWithin(text: string, char: string, from: number, to: number): number | undefined {
  const index = text.lastIndexOf(char, to - 1);
  return index >= from ? index : undefined;
}

/** Supabase's pooler (Supavisor) does not carry logical replication. */
export function isPoolerHost(host: string): boolean {
  return host.toLowerCase().endsWith('.pooler.supabase.com');
}

/** 6543 is the port of Supabase's transaction-mode pooler. */
export function isPoolerPort(port: number): boolean {
  return port === 6543;
}

/** The project ref of a direct Supabase host `db.<ref>.supabase.co`, else undefined. */
export function supabaseDirectRef(host: string): string | undefined {
  return /^db\.([a-z0-9]+)\.supabase\.co$/.exec(host.toLowerCase())?.[1];
}

/** PowerSync sets `replication=database` on its own replication connection; a DSN must not. */
export function hasReplicationParam(dsn: Dsn): boolean {
  return Object.hasOwn(dsn.params, 'replication');
}
