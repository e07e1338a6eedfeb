/**
 * Checks every PostgreSQL connection of the service config needs, replication and storage
 * alike: what makes PowerSync fail at startup (`PSYNC_S1104`–`S1110`) and what it silently
 * ignores (URI query parameters other than `connect_timeout`).
 */
import type { CheckSink, ConfigSource } from './config-source.js';
import { displayPath, keySpan, spanInValue, valueSpan } from './config-source.js';
import type { PgConnection } from './postgres-connection.js';
import { READ_URI_PARAMS, settingAt } from './postgres-connection.js';

const REQUIRED: { key: 'hostname' | 'username' | 'password' | 'database'; code: string }[] = [
  { key: 'hostname', code: 'PSYNC_S1106' },
  { key: 'username', code: 'PSYNC_S1107' },
  { key: 'password', code: 'PSYNC_S1108' },
  { key: 'database', code: 'PSYNC_S1105' },
];

export function connectionProblems(source: ConfigSource, conn: PgConnection, sink: CheckSink): void {
  const where = displayPath(conn.path);
  const uri = conn.uri;
  if (uri?.kind === 'literal') {
    if (!uri.parts) {
      sink.report(valueSpan(source, uri.path), `\`${where}.uri\` is not a \`postgresql://\` URI: PowerSync fails at startup (\`PSYNC_S1109\` Invalid URI); write \`postgresql://user@host:5432/database\`.`);
      return;
    }
    uriParamProblems(source, conn, sink);
  }
  const hostname = conn.hostname;
  if (hostname.kind === 'literal' && hostname.value.startsWith('/')) {
    const { at, related } = settingAt(source, hostname, conn.path);
    sink.report(at, `\`${hostname.value}\` is a unix socket directory, but PowerSync connects over TCP only and takes it for a host name, so it fails at startup; use the TCP address of the server as the container sees it.`, { related });
  }
  // A `?host=` parameter gets the hostname message at the parameter (uriParamProblems).
  const missing = REQUIRED.filter(({ key }) => conn[key].kind === 'missing' && !(key === 'hostname' && socketParam(conn)));
  if (missing.length > 0) {
    const first = missing[0];
    const names = missing.map((m) => m.key);
    const codes = missing.map((m) => `\`${m.code}\``).join(', ');
    sink.report(
      anchor(source, conn),
      `\`${where}\` has no ${names.join(', ')}: PowerSync requires each and fails at startup (${codes}, e.g. \`[${first.code}] Postgres connection: ${first.key} required\`)${first.key === 'hostname' ? '; it connects over TCP only' : ''}; set ${names.map((n) => `\`${n}\``).join(', ')} or put ${missing.length > 1 ? 'them' : 'it'} in \`uri\`${names.includes('password') ? ' (the password from `!env`)' : ''}.`,
    );
  }
  const port = conn.port;
  if (port.kind === 'literal') {
    const number = Number(port.value);
    if (!Number.isInteger(number) || number < 1024 || number > 65535) {
      const { at, related } = settingAt(source, port, conn.path);
      sink.report(at, `Port \`${port.value}\` is refused by PowerSync (\`PSYNC_S1110\`: only ports 1024–65535); PostgreSQL's port is 5432.`, { related });
    }
  }
  const sslmode = conn.sslmode;
  if (sslmode.kind === 'literal' && sslmode.value === 'verify-ca' && !hasKey(source, conn, 'cacert')) {
    sink.report(valueSpan(source, sslmode.path), '`sslmode: verify-ca` needs `cacert` (the CA certificate as PEM text, not a path): PowerSync fails at startup with `PSYNC_S1104`; add `cacert` or use `verify-full`.');
  }
}

/** PowerSync reads only `connect_timeout` from the URI's query; `replication=` has its own rule. */
function uriParamProblems(source: ConfigSource, conn: PgConnection, sink: CheckSink): void {
  const uri = conn.uri;
  if (uri?.kind !== 'literal' || !uri.parts) return;
  const effective = conn.sslmode.kind === 'literal' ? conn.sslmode.value : conn.sslmode.kind === 'env' ? 'the `sslmode` key' : 'verify-full';
  for (const param of uri.parts.params) {
    if (READ_URI_PARAMS.has(param.name) || param.name === 'replication' || param.name === 'password') continue;
    const at = spanInValue(source, uri.path, param.range[0], param.range[1]);
    if (param.name === 'sslmode') {
      const uses = effective === 'the `sslmode` key' ? effective : `\`sslmode: ${effective}\``;
      sink.report(at, `\`?sslmode=${param.value}\` in the URI is ignored by PowerSync, which reads only \`connect_timeout\` from the URI, so the connection uses ${uses}; remove it and set the \`sslmode\` key (verify-full, verify-ca or disable).`);
    } else if (param.name === 'host') {
      if (conn.hostname.kind === 'missing' || param.value.startsWith('/')) {
        sink.report(
          at,
          `\`?host=${param.value}\` is ignored by PowerSync, which connects over TCP only to the URI's host${uri.parts.host.text === '' ? ': with none it fails at startup with `[PSYNC_S1106] Postgres connection: hostname required`' : ''}; name the server's TCP address as the container sees it (\`hostname\`, or the host in the URI).`,
        );
      } else {
        sink.report(at, `\`?host=${param.value}\` is ignored by PowerSync, which reads only \`connect_timeout\` from the URI; set \`hostname\` instead.`, { severity: 'warning' });
      }
    } else {
      sink.report(at, `\`?${param.name}=\` in the URI is ignored by PowerSync, which reads only \`connect_timeout\` from the URI; remove it or use the key of the same meaning.`, { severity: 'warning' });
    }
  }
}

/** A `?host=` parameter: the S1106 message is given there instead. */
function socketParam(conn: PgConnection): boolean {
  return conn.uri?.kind === 'literal' && (conn.uri.parts?.params.some((p) => p.name === 'host') ?? false);
}

function hasKey(source: ConfigSource, conn: PgConnection, key: string): boolean {
  return source.spanOf([...conn.path, key]) !== undefined;
}

/** Where to report a missing setting: the `uri` when there is one, else the connection's first key. */
function anchor(source: ConfigSource, conn: PgConnection) {
  if (conn.uri) return valueSpan(source, conn.uri.path);
  return keySpan(source, conn.path.length > 0 && typeof conn.path[conn.path.length - 1] === 'number' ? [...conn.path, 'type'] : conn.path);
}

