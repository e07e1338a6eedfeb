import type { Rule } from '../src/engine/rule.js';

const rule: Rule = {
  id: 'import-cycle',
  defaultSeverity: 'warning',
  fixable: false,
  summary: 'Module imports form a cycle (NixOS deduplicates it, but the structure is a mistake).',
  check({ model, report }) {
    for (const problem of model.importProblems) {
      if (problem.kind === 'cycle') report(problem.at, `${problem.message}; NixOS imports each file once, so remove the back edge.`);
    }
  },
};

export default rule;
