import type { Rule } from '../src/engine/rule.js';
import { ruleSink, serviceConfigSource } from '../src/engine/config-checks.js';
import { schemaProblems } from '../src/powersync/config-schema.js';

const rule: Rule = {
  id: 'service-config-schema',
  defaultSeverity: 'error',
  fixable: false,
  summary: "The service config validates against PowerSync's schema, tightened: no unknown keys (PowerSync ignores them), no invalid types or values.",
  check(context) {
    const source = serviceConfigSource(context, { reportMissing: true });
    if (source) schemaProblems(source, ruleSink(context));
  },
};

export default rule;
