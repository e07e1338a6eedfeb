import type { Rule } from '../src/engine/rule.js';
import { replicationParamProblems } from '../src/powersync/dsn-checks.js';
import { dsnLiteralProblems } from '../src/model/dsn-literals.js';

const rule: Rule = {
  id: 'dsn-no-replication-param',
  defaultSeverity: 'error',
  fixable: false,
  summary: 'A DSN carries no replication= parameter (PowerSync opens replication itself).',
  check({ model, report }) {
    for (const { at, message } of dsnLiteralProblems(model.dsnLiterals, replicationParamProblems)) report(at, message);
  },
};

export default rule;
