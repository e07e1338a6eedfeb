/**
 * The bucket storage connection (`storage:`): a PostgreSQL server PowerSync can reach over
 * TCP from inside its container, the right database, and an `sslmode` the server can serve.
 */
import type { Span } from '../source/span.js';
import type { CheckSink, ConfigSource } from './config-source.js';
import { envText, keySpan, useSite, valueAt, valueSpan } from './config-source.js';
import { connectionProblems } from './connection-checks.js';
import { isLoopbackHost, readPgConnection, settingAt, type Setting } from './postgres-connection.js';
import { isEnvPlaceholder } from '../yaml/tags.js';

/** What the lint knows about the host; the `config` command passes nothing. */
export interface StorageContext {
  /** The policy's storage database. */
  database?: string;
  /** Linting a host whose PostgreSQL keeps the bucket data: `type` must be `postgresql`. */
  requirePostgres?: boolean;
  /** Whether the container shares the host's network (loopback then reaches the host). Undefined: not known. */
  hostNetworking?: boolean;
  /** The host's PostgreSQL and whether it has TLS on; undefined when the storage is not on this host. */
  server?: { tls: boolean; tlsAt?: Span };
  /** Report passwords written in the config (the lint leaves that to no-plaintext-secrets). */
  reportPasswordLiterals?: boolean;
}

export function storageProblems(source: ConfigSource, context: StorageContext, sink: CheckSink): void {
  const storage = valueAt(source.value, ['storage']);
  if (storage === undefined) return; // service-config-schema: `storage` is required
  const type = valueAt(source.value, ['storage', 'type']);
  if (isEnvPlaceholder(type)) {
    sink.cannotVerify('the storage `type`', `it is \`${envText(type)}\`, set when the container starts`, valueSpan(source, ['storage', 'type']));
    return;
  }
  if (type === 'mongodb' && context.requirePostgres) {
    sink.report(valueSpan(source, ['storage', 'type']), '`storage.type: mongodb`: this deployment keeps bucket data in the host\'s PostgreSQL; use `type: postgresql` with the storage database.');
  }
  if (type !== 'postgresql') return; // any other value is a schema error

  const conn = readPgConnection(source, ['storage']);
  connectionProblems(source, conn, sink);

  const host = conn.hostname;
  if (host.kind === 'literal' && context.hostNetworking === false && isLoopbackHost(host.value)) {
    const { at, related } = settingAt(source, host, ['storage']);
    sink.report(
      at,
      `\`${host.value}\` is the container itself, not the host: PowerSync finds no PostgreSQL there; use the host's address on the container's network (the network's gateway, e.g. \`10.89.1.1\`).`,
      { related },
    );
  }

  if (context.database !== undefined) databaseCheck(source, conn.database, context.database, sink);
  if (context.server && !context.server.tls) sslmodeCheck(source, conn.sslmode, context.server.tlsAt, sink);

  if (context.reportPasswordLiterals) {
    const password = conn.password;
    if (password.kind === 'literal') {
      sink.report(settingAt(source, password, ['storage']).at, 'The storage password is written in plain text in the config; read it from the environment: `password: !env PS_STORAGE_PASSWORD`.');
    }
  }
}

function databaseCheck(source: ConfigSource, database: Setting, wanted: string, sink: CheckSink): void {
  if (database.kind === 'env') {
    sink.cannotVerify('the storage database', `it comes from \`${envText(database.env)}\`, set when the container starts`, valueSpan(source, database.path));
  } else if (database.kind === 'literal' && database.value !== wanted) {
    const { at, related } = settingAt(source, database, ['storage']);
    sink.report(at, `Storage database \`${database.value}\` is not the policy's \`${wanted}\`, the database this host creates for PowerSync and backs up; use \`database: ${wanted}\`.`, { related });
  }
}

/**
 * NixOS runs PostgreSQL without TLS unless `settings.ssl` is set, and PowerSync's default
 * `sslmode` is `verify-full`: the service starts, its probes answer 200, and replication fails
 * every 30 s with "postgres does not support ssl" (observed with image 1.25.0).
 */
function sslmodeCheck(source: ConfigSource, sslmode: Setting, tlsAt: Span | undefined, sink: CheckSink): void {
  const related = tlsAt ? [{ at: tlsAt, message: 'TLS is off here' }] : undefined;
  const why = "the host's PostgreSQL has TLS off (`services.postgresql.settings.ssl` is not on), so the service looks healthy (probes answer 200) while replication fails every 30 s with \"postgres does not support ssl\"";
  if (sslmode.kind === 'env') {
    sink.cannotVerify('the storage `sslmode`', `it is \`${envText(sslmode.env)}\`, set when the container starts`, valueSpan(source, sslmode.path));
  } else if (sslmode.kind === 'missing') {
    sink.report(keySpan(source, ['storage']), `\`storage\` has no \`sslmode\`, so PowerSync uses \`verify-full\`, but ${why}; add \`sslmode: disable\`.`, { related });
  } else if (sslmode.value !== 'disable') {
    const at = valueSpan(source, sslmode.path);
    sink.report(at, `\`sslmode: ${sslmode.value}\` needs TLS, but ${why}; write \`sslmode: disable\` (or turn TLS on in PostgreSQL).`, { related: [...(useSite(source, sslmode.path, at) ?? []), ...(related ?? [])] });
  }
}
