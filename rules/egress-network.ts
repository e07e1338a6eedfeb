import type { Rule } from '../src/engine/rule.js';
import { listItems } from '../src/model/access.js';
import { isExclusiveMode, networkUses } from '../src/model/networks.js';

const rule: Rule = {
  id: 'egress-network',
  defaultSeverity: 'error',
  fixable: false,
  summary: 'The PowerSync container joins the policy network (IPv6 egress to Supabase) and no network that replaces it.',
  check({ model, policy, report, cannotVerify }) {
    const container = model.container;
    if (!container) return;
    const networks = listItems(container.option('networks'));
    if (!Array.isArray(networks)) return cannotVerify('the container `networks`', networks, container.definedAt);
    const argv = model.containerArgv;
    if (!Array.isArray(argv)) return cannotVerify('the container `extraOptions`', argv, container.definedAt);
    const unknownNetwork = networks.find((n) => n.kind === 'unknown');
    if (unknownNetwork?.kind === 'unknown') return cannotVerify('a container network', unknownNetwork, container.definedAt);

    const wanted = policy.network.name;
    const uses = networkUses(networks, argv);
    let joined = false;
    for (const use of uses) {
      if (use.spaceInsideWord && use.at) {
        report(use.at, `\`${use.spelling}\` is one list element, so podman receives one argv word and rejects it; write \`"--network=${use.name}"\` (one element per word).`);
      } else if (use.name === wanted) {
        joined = true;
      } else if (isExclusiveMode(use.name) && use.at) {
        report(use.at, `\`${use.spelling}\` replaces the \`${wanted}\` network, so the container loses IPv6 egress to the Supabase direct host; remove it.`);
      }
    }
    if (!joined && container.definedAt) {
      const anchor = container.option('extraOptions')?.origin ?? container.definedAt;
      report(anchor, `The container \`${container.name}\` does not join the \`${wanted}\` network; add \`"--network=${wanted}"\` to \`extraOptions\` (the Supabase direct host is IPv6-only).`, {
        related: anchor !== container.definedAt ? [{ at: container.definedAt, message: 'container defined here' }] : undefined,
      });
    }
  },
};

export default rule;
