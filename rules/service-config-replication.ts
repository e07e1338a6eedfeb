import type { Rule } from '../src/engine/rule.js';
import { ruleSink, serviceConfigSource } from '../src/engine/config-checks.js';
import { replicationProblems } from '../src/powersync/replication-checks.js';

const rule: Rule = {
  id: 'service-config-replication',
  defaultSeverity: 'error',
  fixable: false,
  summary: 'One postgresql replication connection, its uri from !env, and slot_name_prefix set to the policy prefix (slot_name is ignored by PowerSync).',
  check(context) {
    const source = serviceConfigSource(context);
    if (source) replicationProblems(source, { slotNamePrefix: context.policy.slotNamePrefix, policy: true }, ruleSink(context));
  },
};

export default rule;
