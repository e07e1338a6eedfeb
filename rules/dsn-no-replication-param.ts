import type { Rule } from '../src/engine/rule.js';
import { parseDsn } from '../src/powersync/dsn.js';
import { replicationParamProblems } from '../src/powersync/dsn-checks.js';
import { spanWithin } from '../src/model/dsn-literals.js';

const rule: Rule = {
  id: 'dsn-no-replication-param',
  defaultSeverity: 'error',
  fixable: false,
  summary: 'A DSN carries no replication= parameter (PowerSync opens replication itself).',
  check({ model, report }) {
    for (const literal of model.dsnLiterals) {
      const dsn = parseDsn(literal.text);
      if (!dsn.ok) continue;
      for (const problem of replicationParamProblems(dsn, literal.text)) {
        report(spanWithin(literal, problem.start, problem.end), `${problem.message}.`);
      }
    }
  },
};

export default rule;
