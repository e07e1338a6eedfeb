import { posix } from 'node:path';
import type { Rule } from '../src/engine/rule.js';

const rule: Rule = {
  id: 'module-imported',
  defaultSeverity: 'error',
  fixable: false,
  summary: "The module that defines the PowerSync container is imported from the host's entry, and its definition is active.",
  check({ model, policy, report }) {
    if (model.container) return;
    for (const definition of model.containerDefinitions()) {
      if (definition.reached) {
        report(definition.at, `This module defines the ${policy.image} container, but the definition is not active for ${model.host} (a \`mkIf\` whose condition is false, or an option that disables it), so the host runs no PowerSync; enable it for ${model.host}.`);
      } else {
        const relative = posix.relative(posix.dirname(model.entry), definition.file.replace(/\/default\.nix$/, ''));
        const path = relative.startsWith('.') ? relative : `./${relative}`;
        report(definition.at, `This module defines the ${policy.image} container, but nothing imported from ${model.entry} imports it, so ${model.host} runs no PowerSync; add \`${path}\` to the \`imports\` of ${model.entry} (or of a module it imports).`);
      }
    }
  },
};

export default rule;
