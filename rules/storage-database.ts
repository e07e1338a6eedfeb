import type { Rule } from '../src/engine/rule.js';
import type { Span } from '../src/source/span.js';
import { asBool, field, keyOrigin, listEntries } from '../src/model/access.js';

/** `ensureClauses` that give the storage role more than it needs. */
const EXCESSIVE_CLAUSES: Record<string, string> = {
  superuser: 'bypasses every permission check, so a leaked storage password owns the whole server',
  replication: 'lets the role stream the WAL of every database on the server',
  createrole: 'lets the role create roles and grant itself their memberships',
};

const rule: Rule = {
  id: 'storage-database',
  defaultSeverity: 'error',
  fixable: false,
  summary: "The host's PostgreSQL creates the storage database and a role that owns it, with no superuser, replication or createrole clause.",
  check({ model, policy, report, cannotVerify }) {
    const container = model.container;
    if (!container) return;
    const { database, role } = policy.storage;
    const pg = model.postgres;
    const fallback: Span | undefined = pg.definedAt ?? container.definedAt;

    const databases = listEntries(pg.ensureDatabases);
    if (!Array.isArray(databases)) cannotVerify('`services.postgresql.ensureDatabases`', databases, fallback);
    else if (!databases.some((d) => d.value.kind === 'string' && d.value.value === database)) {
      const unknownEntry = databases.find((d) => d.value.kind === 'unknown');
      if (unknownEntry?.value.kind === 'unknown') cannotVerify('an `ensureDatabases` entry', unknownEntry.value, unknownEntry.site ?? fallback);
      else {
        const at = pg.ensureDatabases?.origin ?? fallback;
        if (at) report(at, `\`services.postgresql.ensureDatabases\` does not create \`${database}\`, so PowerSync's bucket storage has no database and the service fails at startup; add \`"${database}"\`.`);
      }
    }

    const users = listEntries(pg.ensureUsers);
    if (!Array.isArray(users)) return cannotVerify('`services.postgresql.ensureUsers`', users, fallback);
    const user = users.find((u) => {
      const name = field(u.value, 'name');
      return name?.kind === 'string' && name.value === role;
    });
    if (!user) {
      const unknownName = users.map((u) => (u.value.kind === 'unknown' ? u.value : field(u.value, 'name'))).find((n) => n?.kind === 'unknown');
      if (unknownName?.kind === 'unknown') return cannotVerify('an `ensureUsers` entry', unknownName, fallback);
      const at = pg.ensureUsers?.origin ?? fallback;
      if (at) report(at, `\`services.postgresql.ensureUsers\` has no role \`${role}\`, so PowerSync cannot log in to its storage; add \`{ name = "${role}"; ensureDBOwnership = true; }\`.`);
      return;
    }
    const entryAt = user.value.origin ?? user.site ?? fallback;
    const ownership = asBool(field(user.value, 'ensureDBOwnership'));
    if (typeof ownership === 'object') cannotVerify('`ensureDBOwnership`', ownership, entryAt);
    else if (ownership !== true) {
      const at = (ownership === false ? field(user.value, 'ensureDBOwnership')?.origin : undefined) ?? entryAt;
      const mismatch = role !== database ? ` (NixOS gives it the database named like the role, so name both \`${database}\`)` : '';
      if (at) report(at, `The role \`${role}\` does not own its database (\`ensureDBOwnership\` is not true), so PowerSync cannot create its storage schema and tables; set \`ensureDBOwnership = true;\`${mismatch}.`);
    }
    const clauses = field(user.value, 'ensureClauses');
    if (clauses?.kind === 'unknown') return cannotVerify('`ensureClauses`', clauses, entryAt);
    for (const [clause, why] of Object.entries(EXCESSIVE_CLAUSES)) {
      const value = asBool(field(clauses, clause));
      if (typeof value === 'object') {
        cannotVerify(`\`ensureClauses.${clause}\``, value, entryAt);
        continue;
      }
      if (value !== true) continue;
      const at = field(clauses, clause)?.origin ?? keyOrigin(clauses, clause) ?? entryAt;
      if (at) report(at, `The storage role \`${role}\` has \`ensureClauses.${clause} = true\`, which ${why}; PowerSync needs only to own its database, so remove it.`);
    }
  },
};

export default rule;
