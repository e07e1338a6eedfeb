import type { Rule } from '../src/engine/rule.js';
import { findFlags } from '../src/model/argv.js';
import { useSite } from '../src/model/access.js';
import { removeBindingOfValue, removeListElements } from '../src/fix/nix-edits.js';

const FLOATING_PULL = new Set(['newer', 'always']);

const rule: Rule = {
  id: 'no-pull-newer',
  defaultSeverity: 'error',
  fixable: true,
  summary: 'The PowerSync container is not re-pulled at start (no pull = newer/always, no --pull=newer).',
  check({ model, report, cannotVerify }) {
    const container = model.container;
    if (!container) return;
    const pull = container.option('pull');
    if (pull?.kind === 'unknown') cannotVerify('the container `pull` policy', pull, container.definedAt);
    else if (pull?.kind === 'string' && FLOATING_PULL.has(pull.value) && pull.origin) {
      // Fixed by deleting `pull = "…";` where it is written; a value bound elsewhere stays.
      const removal = removeBindingOfValue(model.nixSyntax, pull.origin, 'pull');
      report(pull.origin, `\`pull = "${pull.value}"\` replaces the pinned image with whatever the registry serves at the next start; remove it (the default \`missing\` keeps the pinned digest).`, {
        fix: removal ? { description: `remove \`pull = "${pull.value}"\``, edits: [removal] } : undefined,
      });
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
      // Fixed by deleting the list element(s) where they are used (a let binding they come
      // from may serve others and stays).
      const sites = use.words.map((w) => w.site);
      const removal = sites.every((site) => site !== undefined) ? removeListElements(model.nixSyntax, sites) : undefined;
      report(at, `\`${spelled}\` in \`extraOptions\` re-pulls the image at every start (and overrides \`pull\`); remove it so the pinned digest is what runs.`, {
        related: useSite(word.value, word.site),
        fix: removal ? { description: `remove ${spelled} from \`extraOptions\``, edits: removal } : undefined,
      });
    }
  },
};

export default rule;
