import type { Rule } from '../src/engine/rule.js';
import { directEndpointProblems } from '../src/powersync/dsn-checks.js';
import { dsnLiteralProblems } from '../src/model/dsn-literals.js';

const rule: Rule = {
  id: 'dsn-direct-endpoint',
  defaultSeverity: 'error',
  fixable: false,
  summary: "A DSN names Supabase's direct host db.<ref>.supabase.co:5432, never the pooler or port 6543.",
  check({ model, policy, report }) {
    for (const { at, message } of dsnLiteralProblems(model.dsnLiterals, (dsn, text) => directEndpointProblems(dsn, text, policy.supabaseProject))) report(at, message);
  },
};

export default rule;
