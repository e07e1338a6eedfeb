import type { Rule } from '../src/engine/rule.js';

const rule: Rule = {
  id: 'yaml-parse-error',
  defaultSeverity: 'error',
  fixable: false,
  summary: 'A YAML file or YAML written in a Nix string does not parse.',
  check({ model, report }) {
    for (const problem of model.syntaxProblems) {
      if (problem.language === 'yaml') report(problem.at, problem.message);
    }
  },
};

export default rule;
