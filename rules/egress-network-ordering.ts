import type { Rule } from '../src/engine/rule.js';
import type { Value } from '../src/nix/eval/value.js';
import { field, listItems } from '../src/model/access.js';

/** systemd dependency entries: a list of unit names, or a space-separated string in unitConfig. */
function unitNames(v: Value | undefined): { names: string[]; unknown?: Value } {
  const items = listItems(v);
  if (!Array.isArray(items)) return { names: [], unknown: items };
  const names: string[] = [];
  for (const item of items) {
    if (item.kind === 'unknown') return { names, unknown: item };
    if (item.kind === 'string') names.push(...item.value.split(/\s+/).filter(Boolean));
  }
  return { names };
}

const rule: Rule = {
  id: 'egress-network-ordering',
  defaultSeverity: 'error',
  fixable: false,
  summary: "The container's unit is ordered after and requires the unit that creates the policy network.",
  check({ model, policy, report, cannotVerify }) {
    const container = model.container;
    if (!container) return;
    const networkUnit = policy.network.unit;
    if (typeof container.serviceName !== 'string') {
      if (container.serviceName.kind === 'unknown') cannotVerify('the container `serviceName`', container.serviceName, container.definedAt);
      return;
    }
    const unitName = `${container.serviceName}.service`;
    const unit = model.unit;
    const checks: { option: string; keys: string[][] }[] = [
      { option: 'after', keys: [['after'], ['unitConfig', 'After']] },
      { option: 'requires', keys: [['requires'], ['bindsTo'], ['unitConfig', 'Requires'], ['unitConfig', 'BindsTo']] },
    ];
    for (const { option, keys } of checks) {
      let found = false;
      for (const path of keys) {
        const { names, unknown } = unitNames(field(unit, ...path));
        if (unknown?.kind === 'unknown') {
          cannotVerify(`\`systemd.services.${container.serviceName}.${path.join('.')}\``, unknown, container.definedAt);
          found = true;
          break;
        }
        if (names.includes(networkUnit)) found = true;
      }
      if (found) continue;
      const written = field(unit, option);
      const at = written?.origin ?? container.definedAt;
      if (!at) continue;
      report(at, `\`${unitName}\` does not list \`${networkUnit}\` in \`${option}\`, so the container can start before its network exists and fail; add \`systemd.services.${container.serviceName}.${option} = [ "${networkUnit}" ];\`.`, {
        related: container.definedAt && at !== container.definedAt ? [{ at: container.definedAt, message: 'container defined here' }] : undefined,
      });
    }
  },
};

export default rule;
