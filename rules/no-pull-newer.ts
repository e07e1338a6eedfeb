import type { Rule } from '../src/engine/rule.js';
import { findFlags } from '../src/model/argv.js';
import { useSite } from '../src/model/access.js';

const FLOATING_PULL = new Set(['newer', 'always']);

const rule: Rule = {
  id: 'no-pull-newer',
  defaultSeverity: 'error',
  fixable: false,
  summary: 'The PowerSync container is not re-pulled at start (no pull = newer/always, no --pull=newer).',
  check({ model, report, cannotVerify }) {
    const container = model.container;
    if (!container) return;
    const pull = container.option('pull');
    if (pull?.kind === 'unknown') cannotVerify('the container `pull` policy', pull, container.definedAt);
    else if (pull?.kind === 'string' && FLOATING_PULL.has(pull.value) && pull.origin) {
      report(pull.origin, `\`pull = "${pull.value}"\` replaces the pinned image with whatever the registry serves at the next start; remove it (the default \`missing\` keeps the pinned digest).`);
    }
    const argv = model.containerArgv;
    if (!Array.isArray(argv)) return cannotVerify('the container `extraOptions`', argv, container.definedAt);
    for (const use of findFlags(argv, ['--pull'], true)) {
      const mode = use.value?.trim();
      if (!mode || !FLOATING_PULL.has(mode)) continue;
      const word = use.words[use.words.length - 1];
      const at = word.at ?? use.words[0].at;
      if (!at) continue;
      const spelled = use.words.map((w) => `"${w.text}"`).join(' ');
      report(at, `\`${spelled}\` in \`extraOptions\` re-pulls the image at every start (and overrides \`pull\`); remove it so the pinned digest is what runs.`, { related: useSite(word.value, word.site) });
    }
  },
};

export default rule;
