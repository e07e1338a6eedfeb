import type { Rule } from '../src/engine/rule.js';

/**
 * Findings of this rule come from the other rules: when one needs a value the static
 * evaluator cannot know, it reports here instead of passing silently. This entry gives the
 * id its severity, its `rules` line and its documentation.
 */
const rule: Rule = {
  id: 'cannot-verify',
  defaultSeverity: 'warning',
  fixable: false,
  summary: 'A rule needed a value that is not statically known.',
  check() {},
};

export default rule;
