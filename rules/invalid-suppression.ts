import type { Rule } from '../src/engine/rule.js';

/**
 * Findings of this rule come from the suppression stage (src/engine/suppressions.ts), which
 * reads the `# powersync-lint-disable-…` directives after the other rules ran: a directive that
 * is malformed, has no reason, names an unknown rule, or that the policy forbids. This entry
 * gives the id its severity, its `rules` line and its documentation.
 */
const rule: Rule = {
  id: 'invalid-suppression',
  defaultSeverity: 'error',
  fixable: false,
  summary: 'A suppression directive is malformed, has no reason, names an unknown rule, or is forbidden by the policy.',
  check() {},
};

export default rule;
