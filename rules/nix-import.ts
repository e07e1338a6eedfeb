import type { Rule } from '../src/engine/rule.js';

const rule: Rule = {
  id: 'nix-import',
  defaultSeverity: 'error',
  fixable: false,
  summary: 'Every module a host imports exists inside ROOT and evaluates to a module.',
  check({ model, report }) {
    for (const problem of model.importProblems) {
      if (problem.kind !== 'cycle') report(problem.at, problem.message);
    }
  },
};

export default rule;
