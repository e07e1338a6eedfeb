import type { Rule } from '../src/engine/rule.js';
import { serviceConfigSource } from '../src/engine/config-checks.js';
import { valueAt } from '../src/powersync/config-source.js';
import { readPgConnection, settingSpan } from '../src/powersync/postgres-connection.js';
import { boolOption, hbaAdmits, isLoopbackAddress, isThisHost, listenAddresses, parseHba, postgresTls, usesHostNetwork } from '../src/model/storage-server.js';

const rule: Rule = {
  id: 'storage-reachable',
  defaultSeverity: 'error',
  fixable: false,
  summary: "The host's PostgreSQL accepts TCP from the container (enableTCPIP or listen_addresses), and (warning) pg_hba.conf has a host line for the storage role and database.",
  check(context) {
    const { model, policy, report, cannotVerify } = context;
    const source = serviceConfigSource(context);
    if (!source || valueAt(source.value, ['storage', 'type']) !== 'postgresql') return;
    const conn = readPgConnection(source, ['storage']);
    const host = conn.hostname;
    if (host.kind === 'env') {
      cannotVerify('whether the storage server accepts the connection', { kind: 'unknown', reason: `the storage host comes from \`!env ${host.env.env}\``, origin: settingSpan(source, host, ['storage']) });
      return;
    }
    // A missing host or a unix socket is service-config-storage's finding.
    if (host.kind !== 'literal' || host.value.startsWith('/') || !isThisHost(host.value, model.config)) return;
    const hostAt = settingSpan(source, host, ['storage']);
    const related = [{ at: hostAt, message: `the storage connection goes to ${host.value}` }];
    const postgres = model.postgres;
    const enabled = boolOption(postgres.enable);
    if (typeof enabled === 'object') return cannotVerify('whether PostgreSQL runs on this host', enabled, postgres.definedAt ?? hostAt);
    if (enabled !== true) {
      report(postgres.enable?.origin ?? hostAt, `The storage connection goes to this host (${host.value}), but \`services.postgresql.enable\` is not true: nothing listens there; enable PostgreSQL on this host.`, { related: postgres.enable?.origin ? related : undefined });
      return;
    }
    const hostNetwork = usesHostNetwork(model);
    const listen = listenAddresses(postgres);
    if ('kind' in listen) cannotVerify('the addresses PostgreSQL listens on', listen, postgres.definedAt);
    else {
      const reachable = listen.addresses.some((a) => a === '*' || a === '0.0.0.0' || a === '::' || (hostNetwork === true ? true : !isLoopbackAddress(a)));
      const named = listen.addresses.some((a) => a === '*' || a === '0.0.0.0' || a === '::' || a === host.value || (hostNetwork === true && isLoopbackAddress(a)));
      const at = listen.at ?? postgres.definedAt ?? hostAt;
      if (!reachable) {
        const why = listen.source === 'listen_addresses' ? `\`listen_addresses\` is \`${listen.addresses.join(',')}\`` : '`enableTCPIP` is off, so it listens on localhost only';
        report(at, `PostgreSQL does not accept TCP connections from the container: ${why}; set \`services.postgresql.enableTCPIP = true\` (and open 5432 on the container network's interface only).`, { related });
      } else if (!named && /^[\d.]+$|:/.test(host.value)) {
        report(at, `PostgreSQL listens on \`${listen.addresses.join(',')}\`, not on ${host.value}, where the storage connection goes; add ${host.value} to \`listen_addresses\` or use \`enableTCPIP = true\`.`, { related });
      }
    }
    hbaCheck();

    function hbaCheck(): void {
      const auth = postgres.authentication;
      if (auth?.kind === 'unknown') return cannotVerify('`services.postgresql.authentication`', auth, postgres.definedAt);
      const text = auth?.kind === 'string' ? auth.value : '';
      const role = conn.username.kind === 'literal' ? conn.username.value : policy.storage.role;
      const database = conn.database.kind === 'literal' ? conn.database.value : policy.storage.database;
      const tls = postgresTls(postgres);
      const admits = hbaAdmits(parseHba(text), role, database, { loopbackCounts: hostNetwork === true, tls: !('kind' in tls) && tls.tls });
      if (admits) return;
      report(
        auth?.origin ?? postgres.definedAt ?? hostAt,
        `\`services.postgresql.authentication\` has no \`host\` line for role \`${role}\` and database \`${database}\` from the container's network, so PostgreSQL refuses the storage connection ("no pg_hba.conf entry"); add \`host ${database} ${role} <container subnet> scram-sha-256\`.`,
        { related, severity: 'warning' },
      );
    }
  },
};

export default rule;
