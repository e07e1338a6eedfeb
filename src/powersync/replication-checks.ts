/**
 * The replication connection: what PowerSync does with it, as opposed to what a config may
 * seem to ask for (`slot_name`, a second connection, a URI with credentials in plain text).
 */
import type { CheckSink, ConfigSource } from './config-source.js';
import { displayPath, documentSpan, envText, hasKey, isPlainObject, keySpan, useSite, valueAt, valueSpan } from './config-source.js';
import { connectionProblems } from './connection-checks.js';
import { readPgConnection } from './postgres-connection.js';
import { isEnvPlaceholder } from '../yaml/tags.js';

export interface ReplicationOptions {
  /** The policy's `slotNamePrefix` when linting a host; without it only the prefix's form is checked. */
  slotNamePrefix?: string;
  /** Linting a host: one Postgres connection is required and its `uri` must come from `!env`. */
  policy: boolean;
}

/** PostgreSQL slot names are `[a-z0-9_]`, at most 63 characters; PowerSync appends `<id>_<4 hex>`. */
const SLOT_PREFIX = /^[a-z0-9_]+$/;
const MAX_SLOT_PREFIX = 50;
const DEFAULT_SLOT_PREFIX = 'powersync_';
/** Connection types the schema accepts that are not PostgreSQL. */
const OTHER_SOURCES = new Set(['mongodb', 'mysql', 'mssql', 'convex']);

export function replicationProblems(source: ConfigSource, options: ReplicationOptions, sink: CheckSink): void {
  const connections = valueAt(source.value, ['replication', 'connections']);
  if (!Array.isArray(connections) || connections.length === 0) {
    if (options.policy) {
      const at = source.spanOf(['replication', 'connections'], 'key') ?? source.spanOf(['replication'], 'key') ?? documentSpan(source);
      sink.report(at, `The config has no replication connection, so PowerSync replicates nothing; add \`replication: { connections: [ { type: postgresql, uri: !env PS_SOURCE_DSN, slot_name_prefix: ${options.slotNamePrefix ?? DEFAULT_SLOT_PREFIX} } ] }\`.`);
    }
    return;
  }
  if (connections.length > 1) {
    sink.report(keySpan(source, ['replication', 'connections', 1, firstKey(connections[1]) ?? 'type']), `PowerSync supports one replication connection and refuses to start with ${connections.length} ("Only a single replication data source is supported currently"); keep one.`);
  }
  connections.forEach((connection, index) => {
    if (isPlainObject(connection)) connectionChecks(source, index, options, sink);
  });
}

function connectionChecks(source: ConfigSource, index: number, options: ReplicationOptions, sink: CheckSink): void {
  const path = ['replication', 'connections', index];
  const where = displayPath(path);
  const type = valueAt(source.value, [...path, 'type']);
  if (typeof type === 'string' && OTHER_SOURCES.has(type) && options.policy) {
    sink.report(valueSpan(source, [...path, 'type']), `\`type: ${type}\`: this deployment replicates its Supabase Postgres database; use \`type: postgresql\`.`);
  }
  if (type !== 'postgresql') return;

  const prefix = valueAt(source.value, [...path, 'slot_name_prefix']);
  if (hasKey(valueAt(source.value, path), 'slot_name')) {
    const slotName = valueAt(source.value, [...path, 'slot_name']);
    const named = typeof prefix === 'string' ? prefix : DEFAULT_SLOT_PREFIX;
    const wanted = options.slotNamePrefix ?? (typeof slotName === 'string' && SLOT_PREFIX.test(slotName) ? `${slotName.replace(/_+$/, '')}_` : undefined);
    const advice = typeof prefix === 'string' ? 'remove it' : `use \`slot_name_prefix: ${wanted ?? '<prefix>_'}\``;
    sink.report(
      keySpan(source, [...path, 'slot_name']),
      `\`slot_name\` is ignored by PowerSync: the slot will be named \`${named}<id>_<hex>\` (e.g. \`${named}1_a3f9\`), whatever \`slot_name\` says; ${advice}.`,
    );
  }
  if (isEnvPlaceholder(prefix)) {
    sink.cannotVerify('`slot_name_prefix`', `it is \`${envText(prefix)}\`, set when the container starts`, valueSpan(source, [...path, 'slot_name_prefix']));
  } else if (typeof prefix === 'string') {
    const at = valueSpan(source, [...path, 'slot_name_prefix']);
    const related = useSite(source, [...path, 'slot_name_prefix'], at);
    if (!SLOT_PREFIX.test(prefix)) {
      sink.report(at, `\`slot_name_prefix: ${prefix}\` is not a valid start of a PostgreSQL slot name, which allows only lower-case letters, digits and \`_\`; PowerSync fails to create the slot${options.slotNamePrefix ? `; use \`${options.slotNamePrefix}\`` : ''}.`, { related });
    } else if (prefix.length > MAX_SLOT_PREFIX) {
      sink.report(at, `\`slot_name_prefix\` is ${prefix.length} characters: with PowerSync's \`<id>_<4 hex>\` appended the slot name can pass PostgreSQL's 63-character limit; keep it to ${MAX_SLOT_PREFIX}.`, { related });
    } else if (options.slotNamePrefix !== undefined && prefix !== options.slotNamePrefix) {
      sink.report(at, `\`slot_name_prefix: ${prefix}\` differs from the policy's \`${options.slotNamePrefix}\`: the slots would be \`${prefix}<id>_<hex>\`, which monitoring and cleanup do not look for; write \`slot_name_prefix: ${options.slotNamePrefix}\`.`, { related });
    }
  } else if (options.slotNamePrefix !== undefined && !hasKey(valueAt(source.value, path), 'slot_name')) {
    sink.report(
      keySpan(source, [...path, 'type']),
      `\`${where}\` has no \`slot_name_prefix\`: PowerSync names its slots \`${DEFAULT_SLOT_PREFIX}<id>_<hex>\`, not \`${options.slotNamePrefix}<id>_<hex>\`; add \`slot_name_prefix: ${options.slotNamePrefix}\`.`,
    );
  }

  const conn = readPgConnection(source, path);
  if (conn.uri?.kind === 'literal') {
    const hasPassword = conn.uri.parts?.password !== undefined;
    if (options.policy) {
      sink.report(valueSpan(source, conn.uri.path), `\`${where}.uri\` is written in the config${hasPassword ? ' with its password' : ''}; the source DSN is a secret: keep it in sops and write \`uri: !env PS_SOURCE_DSN\`.`);
    } else if (hasPassword) {
      sink.report(valueSpan(source, conn.uri.path), `\`${where}.uri\` holds a password in plain text; read the DSN from the environment: \`uri: !env PS_SOURCE_DSN\`.`);
    }
  } else if (!conn.uri && options.policy) {
    sink.report(keySpan(source, [...path, 'type']), `\`${where}\` has no \`uri\`; read the source DSN from sops through the environment: \`uri: !env PS_SOURCE_DSN\`.`);
    return;
  }
  connectionProblems(source, conn, sink);
}

function firstKey(value: unknown): string | undefined {
  return isPlainObject(value) ? Object.keys(value)[0] : undefined;
}
