import type { Rule } from '../src/engine/rule.js';
import type { Fix } from '../src/engine/finding.js';
import type { Value } from '../src/nix/eval/value.js';
import type { ContainerModel } from '../src/model/container.js';
import type { HostModel } from '../src/model/host-model.js';
import { field, listItems } from '../src/model/access.js';
import { addBindingAtConfigRoot, addSiblingBinding, appendListElement, nixString } from '../src/fix/nix-edits.js';

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
  fixable: true,
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
    const checks: { option: 'after' | 'requires'; keys: string[][] }[] = [
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
        fix: orderingFix(model, container, container.serviceName, option, networkUnit),
      });
    }
  },
};

/**
 * Adds the network unit where the unit's `after`/`requires` is written: into the list when
 * there is one, else as a new `after = [ … ];` next to another option of the unit, else as
 * `systemd.services.<unit>.after = [ … ];` next to the container's definition.
 */
function orderingFix(model: HostModel, container: ContainerModel, serviceName: string, option: 'after' | 'requires', networkUnit: string): Fix | undefined {
  const entry = nixString(networkUnit);
  const description = `add ${entry} to \`systemd.services.${serviceName}.${option}\``;
  const unit = model.unit;
  const written = field(unit, option);
  if (written) {
    const edit = written.kind === 'list' && written.origin ? appendListElement(model.nixSyntax, written.origin, entry) : undefined;
    return edit ? { description, edits: [edit] } : undefined;
  }
  const value = `[ ${entry} ]`;
  if (unit?.kind === 'attrs') {
    // Next to the option it pairs with, else next to any option of the unit written as `name = …;`.
    const partner = option === 'after' ? 'requires' : 'after';
    const keys = [unit.keyOrigins.get(partner), ...unit.keyOrigins.values()];
    for (const key of keys) {
      const edit = key && addSiblingBinding(model.nixSyntax, key, option, value);
      if (edit) return { description, edits: [edit] };
    }
    return undefined;
  }
  if (unit !== undefined || !container.definedAt) return undefined;
  const setPath = container.legacy ? ['docker-containers'] : ['virtualisation', 'oci-containers', 'containers'];
  const edit = addBindingAtConfigRoot(model.nixSyntax, container.definedAt, setPath, ['systemd', 'services', serviceName, option], value);
  return edit ? { description, edits: [edit] } : undefined;
}

export default rule;
