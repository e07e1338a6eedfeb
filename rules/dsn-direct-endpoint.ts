import type { Rule } from '../src/engine/rule.js';
import { parseDsn } from '../src/powersync/dsn.js';
import { directEndpointProblems } from '../src/powersync/dsn-checks.js';
import { spanWithin } from '../src/model/dsn-literals.js';

const rule: Rule = {
  id: 'dsn-direct-endpoint',
  defaultSeverity: 'error',
  fixable: false,
  summary: "A DSN names Supabase's direct host db.<ref>.supabase.co:5432, never the pooler or port 6543.",
  check({ model, policy, report }) {
    for (const literal of model.dsnLiterals) {
      const dsn = parseDsn(literal.text);
      if (!dsn.ok) continue;
      for (const problem of directEndpointProblems(dsn, literal.text, policy.supabaseProject)) {
        report(spanWithin(literal, problem.start, problem.end), `${problem.message}.`);
      }
    }
  },
};

export default rule;
