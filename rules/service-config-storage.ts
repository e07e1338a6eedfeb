import type { Rule } from '../src/engine/rule.js';
import { ruleSink, serviceConfigSource } from '../src/engine/config-checks.js';
import { readPgConnection, settingSpan } from '../src/powersync/postgres-connection.js';
import { storageProblems, type StorageContext } from '../src/powersync/storage-checks.js';
import { valueAt } from '../src/powersync/config-source.js';
import { boolOption, isThisHost, postgresTls, usesHostNetwork } from '../src/model/storage-server.js';

const rule: Rule = {
  id: 'service-config-storage',
  defaultSeverity: 'error',
  fixable: false,
  summary: "Bucket storage is the host's PostgreSQL over TCP (never a unix socket or the container's loopback), the policy database, and sslmode disable unless PostgreSQL has TLS.",
  check(context) {
    const { model, policy } = context;
    const source = serviceConfigSource(context);
    if (!source || valueAt(source.value, ['storage', 'type']) !== 'postgresql') {
      if (source) storageProblems(source, { requirePostgres: true }, ruleSink(context));
      return;
    }
    const storage: StorageContext = { database: policy.storage.database, requirePostgres: true, hostNetworking: usesHostNetwork(model) };
    // The TLS check needs to know the server is this host's PostgreSQL.
    const conn = readPgConnection(source, ['storage']);
    const sslmode = conn.sslmode.kind === 'literal' ? conn.sslmode.value : undefined;
    const host = conn.hostname;
    const enabled = boolOption(model.postgres.enable);
    if (sslmode !== 'disable' && host.kind !== 'missing') {
      if (host.kind === 'env') {
        context.cannotVerify('whether the storage server has TLS for `sslmode`', { kind: 'unknown', reason: `the storage host comes from \`!env ${host.env.env}\``, origin: settingSpan(source, host, ['storage']) });
      } else if (enabled === true && isThisHost(host.value, model.config)) {
        const tls = postgresTls(model.postgres);
        if ('kind' in tls) context.cannotVerify('`services.postgresql.settings.ssl`', tls, model.postgres.definedAt);
        else storage.server = { tls: tls.tls, tlsAt: tls.at };
      }
    }
    storageProblems(source, storage, ruleSink(context));
  },
};

export default rule;
