import type { Rule } from '../src/engine/rule.js';

/**
 * Findings of this rule come from the suppression stage (src/engine/suppressions.ts): a
 * `# powersync-lint-disable-…` directive, or one rule it names, that silenced no finding. This
 * entry gives the id its severity, its `rules` line and its documentation.
 */
const rule: Rule = {
  id: 'unused-suppression',
  defaultSeverity: 'warning',
  fixable: false,
  summary: 'A suppression directive silences nothing (the finding was fixed or never there).',
  check() {},
};

export default rule;
