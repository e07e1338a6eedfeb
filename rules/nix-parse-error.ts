import type { Rule } from '../src/engine/rule.js';

const rule: Rule = {
  id: 'nix-parse-error',
  defaultSeverity: 'error',
  fixable: false,
  summary: 'A .nix file in scope does not parse.',
  check({ model, report }) {
    for (const problem of model.syntaxProblems) {
      if (problem.language === 'nix') report(problem.at, problem.message);
    }
  },
};

export default rule;
