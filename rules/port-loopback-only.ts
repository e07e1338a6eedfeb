import type { Rule } from '../src/engine/rule.js';
import { listEntries, listItems, useSite } from '../src/model/access.js';
import { findFlags } from '../src/model/argv.js';
import { networkUses } from '../src/model/networks.js';
import { isLoopback, parsePortMapping } from '../src/model/ports.js';
import { rangeIsUnknown } from '../src/nix/string-spans.js';
import { replaceInStringLiteral } from '../src/fix/nix-edits.js';
import type { Fix } from '../src/engine/finding.js';
import type { StringValue } from '../src/nix/eval/value.js';
import type { HostModel } from '../src/model/host-model.js';

const rule: Rule = {
  id: 'port-loopback-only',
  defaultSeverity: 'error',
  fixable: true,
  summary: 'The PowerSync container publishes ports on 127.0.0.1 only, never on the LAN or the host network.',
  check({ model, policy, report, cannotVerify }) {
    const container = model.container;
    if (!container) return;
    const ports = listEntries(container.option('ports'));
    if (!Array.isArray(ports)) cannotVerify('the container `ports`', ports, container.definedAt);
    else {
      for (const { value: port, site } of ports) {
        if (port.kind === 'unknown') {
          cannotVerify('a `ports` entry', port, container.definedAt);
          continue;
        }
        if (port.kind !== 'string' || !port.origin) continue;
        const mapping = parsePortMapping(port.value);
        const ipEnd = mapping?.ip ? mapping.ip.length : 0;
        const unknownPart = rangeIsUnknown(port, 0, Math.max(ipEnd, 1));
        if (unknownPart) {
          cannotVerify('the address a port is published on', { kind: 'unknown', reason: unknownPart.unknown ?? 'unknown', origin: unknownPart.origin ?? port.origin }, container.definedAt);
          continue;
        }
        if (mapping && isLoopback(mapping.ip)) continue;
        const where = mapping?.ip ? `on ${mapping.ip}` : 'on every interface';
        const fix = mapping && !mapping.ip && mapping.hostPort !== undefined ? loopbackFix(model, port, policy.listen.address) : undefined;
        report(port.origin, `Port \`${port.value}\` is published ${where}; bind it to loopback: \`"${policy.listen.address}:${mapping?.hostPort ?? mapping?.containerPort ?? policy.listen.port}:${mapping?.containerPort ?? policy.listen.port}"\` (nginx proxies to it).`, {
          related: useSite(port, site),
          fix,
        });
      }
    }
    const argv = model.containerArgv;
    if (!Array.isArray(argv)) return cannotVerify('the container `extraOptions`', argv, container.definedAt);
    for (const use of findFlags(argv, ['-p', '--publish'], true).concat(findFlags(argv, ['-P', '--publish-all'], false))) {
      const at = use.words[0].at;
      if (at) report(at, `\`${use.words.map((w) => w.text).join(' ')}\` in \`extraOptions\` publishes a port outside \`ports\`; remove it and use \`ports = [ "${policy.listen.address}:${policy.listen.port}:8080" ];\`.`);
    }
    const networks = listItems(container.option('networks'));
    for (const use of networkUses(Array.isArray(networks) ? networks : [], argv)) {
      if (use.name === 'host' && use.at) report(use.at, `\`${use.spelling}\` puts the container on the host network, so the service listens on 0.0.0.0:8080 of the host; use the policy network and a loopback port mapping instead.`);
    }
  },
};

/**
 * `"8080:8080"` → `"127.0.0.1:8080:8080"`: the address goes in front of the first character of
 * the mapping, which must be plain text of a string literal (the mapping may be bound in a
 * `let`; a port built from a number or another interpolation is left alone). A mapping with an
 * address, or with the container port only (its host port is random), is not fixed.
 */
function loopbackFix(model: HostModel, port: StringValue, address: string): Fix | undefined {
  const first = port.parts[0];
  const origin = first?.origin;
  if (!origin || first.ref !== undefined || first.unknown !== undefined || first.text === '' || /^\s/.test(first.text)) return undefined;
  const source = model.nixSyntax(origin.file)?.text;
  if (source === undefined || source.slice(origin.startIndex, origin.endIndex) !== first.text) return undefined;
  const edit = replaceInStringLiteral(model.nixSyntax, { file: origin.file, startIndex: origin.startIndex, endIndex: origin.startIndex }, `${address}:`);
  return edit ? { description: `bind to ${address}`, edits: [edit] } : undefined;
}

export default rule;
