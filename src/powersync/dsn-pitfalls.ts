/**
 * What PowerSync does with a replication DSN beyond the endpoint and `replication=` checks
 * (dsn-checks.ts), for a DSN given alone as the connection's `uri` (`uri: !env PS_SOURCE_DSN`),
 * as `powersync-lint dsn` checks the decrypted secret. Facts from REFERENCE.md
 * (`libs/lib-postgres/src/types/types.ts`, `packages/jpgwire/src/util.ts`):
 *
 * - connections are TCP only: no host, or a unix socket directory, fails at startup with
 *   `[PSYNC_S1106] Postgres connection: hostname required`;
 * - username, password and database are required (`PSYNC_S1107`, `S1108`, `S1105`), the port
 *   must be 1024–65535 (`S1110`);
 * - of the query, only `connect_timeout` is read: `?sslmode=`, `?host=`, `?password=` and the
 *   rest are ignored (`?replication=` has its own check). TLS is the connection's `sslmode`
 *   key, default `verify-full`, which works against `db.<ref>.supabase.co` (the image bundles
 *   Supabase's CA).
 *
 * Messages name hosts, ports and parameter names and values, never the password.
 */
import type { Dsn } from './dsn.js';
import { authorityRanges } from './dsn-checks.js';

export interface DsnPitfall {
  check: 'dsn-connection' | 'dsn-ignored-param';
  severity: 'error' | 'warning';
  message: string;
  /** Character range in the DSN text. */
  start: number;
  end: number;
}

/** Query parameters PowerSync reads from a URI. */
const READ_PARAMS = new Set(['connect_timeout']);
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|0:0:0:0:0:0:0:1)$/i;

export function connectionPitfalls(dsn: Dsn, text: string): DsnPitfall[] {
  const pitfalls: DsnPitfall[] = [];
  const { host: hostRange, port: portRange } = authorityRanges(text);
  const hostText = decode(text.slice(hostRange[0], hostRange[1])).replace(/^\[(.*)\]$/, '$1');
  const whole: [number, number] = [0, text.length];
  const report = (check: DsnPitfall['check'], severity: DsnPitfall['severity'], message: string, [start, end]: [number, number]) =>
    pitfalls.push({ check, severity, message, start, end: Math.max(end, start) });

  if (hostText === '' || hostText.startsWith('/')) {
    const what = hostText === '' ? 'names no host (libpq would use a unix socket)' : `names the unix socket directory \`${hostText}\``;
    report('dsn-connection', 'error', `The URI ${what}, but PowerSync connects over TCP only and fails at startup with \`[PSYNC_S1106] Postgres connection: hostname required\`; write the server's TCP host, such as \`db.<ref>.supabase.co:5432\``, hostText === '' ? whole : hostRange);
  } else if (LOOPBACK.test(hostText)) {
    report('dsn-connection', 'warning', `\`${hostText}\` inside the PowerSync container is the container itself (unless it runs with host networking), not the database server; name the server's address as the container sees it`, hostRange);
  }

  const authority = authorityText(text);
  const at = authority.lastIndexOf('@');
  const userinfo = at === -1 ? '' : authority.slice(0, at);
  const colon = userinfo.indexOf(':');
  const user = colon === -1 ? userinfo : userinfo.slice(0, colon);
  const hasUserinfoPassword = colon !== -1 && userinfo.slice(colon + 1) !== '';
  if (user === '') {
    report('dsn-connection', 'error', 'The URI names no user; PowerSync requires one and fails at startup with `[PSYNC_S1107] Postgres connection: username required`; write `postgresql://USER:PASSWORD@HOST:5432/DATABASE`', hostRange);
  }
  if (!hasUserinfoPassword) {
    const viaQuery = Object.hasOwn(queryParams(text).byName, 'password');
    report(
      'dsn-connection',
      'error',
      `The URI has no password in its user info${viaQuery ? ' (a `?password=` parameter is not read by PowerSync)' : ''}; PowerSync requires one and fails at startup with \`[PSYNC_S1108] Postgres connection: password required\`; write \`postgresql://USER:PASSWORD@HOST:5432/DATABASE\` with the password percent-encoded`,
      hostRange,
    );
  }
  if (!dsn.database) {
    report('dsn-connection', 'error', 'The URI names no database; PowerSync requires one and fails at startup with `[PSYNC_S1105] Postgres connection: database required`; append `/postgres` (Supabase) or the database name', [hostRange[1], portRange?.[1] ?? hostRange[1]]);
  }
  if (portRange && dsn.port < 1024) {
    report('dsn-connection', 'error', `Port ${dsn.port} is refused by PowerSync (\`PSYNC_S1110\`: only ports 1024–65535); PostgreSQL's port is 5432`, portRange);
  }

  for (const param of queryParams(text).list) {
    if (READ_PARAMS.has(param.name) || param.name === 'replication') continue;
    const range: [number, number] = [param.start, param.end];
    if (param.name === 'sslmode') {
      report(
        'dsn-ignored-param',
        'warning',
        `\`?sslmode=${param.value}\` is ignored by PowerSync, which reads only \`connect_timeout\` from the URI: TLS is set by the \`sslmode\` key of the connection in the service config (default \`verify-full\`, which works against \`db.<ref>.supabase.co\`: the image bundles Supabase's CA); remove the parameter`,
        range,
      );
    } else if (param.name === 'password') {
      report('dsn-ignored-param', 'warning', '`?password=` is ignored by PowerSync, which reads only `connect_timeout` from the URI; put the password in the user info (`USER:PASSWORD@`)', [param.start, param.start + 'password'.length]);
    } else if (param.name === 'host') {
      report('dsn-ignored-param', 'warning', `\`?host=${param.value}\` is ignored by PowerSync, which connects over TCP to the URI's host only; remove it`, range);
    } else {
      report('dsn-ignored-param', 'warning', `\`?${param.name}=\` is ignored by PowerSync, which reads only \`connect_timeout\` from the URI; remove it (the connection's keys in the service config set what PowerSync supports)`, range);
    }
  }
  return pitfalls;
}

/** The authority (user info, host, port) as written. Only called on a DSN that parseDsn
 * accepted, whose user info has no unencoded `/`, `?` or `#`. */
function authorityText(text: string): string {
  const rest = text.slice(text.indexOf('//') + 2);
  const end = rest.search(/[/?#]/);
  return end === -1 ? rest : rest.slice(0, end);
}

/** Query parameters with their ranges (`name=value`) in the text. */
function queryParams(text: string): { list: { name: string; value: string; start: number; end: number }[]; byName: Record<string, string> } {
  const list: { name: string; value: string; start: number; end: number }[] = [];
  const hash = text.indexOf('#');
  const end = hash === -1 ? text.length : hash;
  const question = text.indexOf('?', text.indexOf('//') + 2 + authorityText(text).length);
  if (question === -1 || question >= end) return { list, byName: {} };
  let offset = question + 1;
  for (const piece of text.slice(question + 1, end).split('&')) {
    if (piece !== '') {
      const eq = piece.indexOf('=');
      const name = decode(eq === -1 ? piece : piece.slice(0, eq));
      const value = decode(eq === -1 ? '' : piece.slice(eq + 1));
      // The value of a password parameter is the password: it is neither kept nor shown.
      list.push({ name, value: name === 'password' ? '' : value, start: offset, end: offset + piece.length });
    }
    offset += piece.length + 1;
  }
  return { list, byName: Object.fromEntries(list.map((p) => [p.name, p.value])) };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
