import type { Rule } from '../src/engine/rule.js';
import { serviceConfigSource } from '../src/engine/config-checks.js';
import { listEntries } from '../src/model/access.js';
import { parsePortMapping } from '../src/model/ports.js';
import { usesHostNetwork } from '../src/model/storage-server.js';
import { locateInNixString } from '../src/nix/string-spans.js';
import { envText } from '../src/powersync/config-source.js';
import { servicePort } from '../src/powersync/service-port.js';
import type { Span } from '../src/source/span.js';

/** Whether `port` is the container side `written` (a port or a range `8080-8081`). */
function covers(written: string, port: number): boolean {
  const [from, to = from] = written.split('-').map((p) => Number(p));
  return Number.isInteger(from) && Number.isInteger(to) && from <= port && port <= to;
}

const rule: Rule = {
  id: 'service-config-port',
  defaultSeverity: 'error',
  fixable: false,
  summary: "The service's port (top-level port, default 8080) is the container side of the published port.",
  check(context) {
    const { model, policy, report, cannotVerify } = context;
    const container = model.container;
    const source = serviceConfigSource(context);
    if (!container || !source) return;
    const listening = servicePort(source);
    if (listening.kind === 'invalid') return; // service-config-schema
    if (listening.kind === 'env') {
      cannotVerify("the service's port", { kind: 'unknown', reason: `it is \`${envText(listening.env)}\`, set when the container starts`, origin: listening.at });
      return;
    }
    const ports = listEntries(container.option('ports'));
    if (!Array.isArray(ports)) return cannotVerify('the container `ports`', ports, container.definedAt);
    const published: { text: string; containerPort: string; at?: Span; locate?: (start: number, end: number) => Span }[] = [];
    for (const { value } of ports) {
      if (value.kind === 'unknown') return cannotVerify('a `ports` entry', value, container.definedAt);
      if (value.kind !== 'string') continue;
      const mapping = parsePortMapping(value.value);
      if (!mapping || (mapping.protocol && mapping.protocol !== 'tcp')) continue;
      published.push({ text: value.value, containerPort: mapping.containerPort, at: value.origin, locate: value.origin ? locateInNixString(value) : undefined });
    }
    const where = listening.kind === 'default' ? 'the default: the service config sets no top-level `port`' : 'the service config\'s `port`';
    const related = listening.kind === 'literal' ? [{ at: listening.at, message: `the service listens on ${listening.port}` }] : undefined;
    if (published.length === 0) {
      if (usesHostNetwork(model) !== false) return; // host networking: no mapping (port-loopback-only reports it)
      if (container.definedAt) report(container.definedAt, `The container publishes no TCP port, so nginx cannot reach the service on ${listening.port} (${where}); add \`ports = [ "${policy.listen.address}:${policy.listen.port}:${listening.port}" ];\`.`, { related });
      return;
    }
    if (published.some((p) => covers(p.containerPort, listening.port))) return;
    for (const entry of published) {
      const start = entry.text.lastIndexOf(entry.containerPort);
      const at = entry.locate && start >= 0 ? entry.locate(start, start + entry.containerPort.length) : entry.at;
      if (!at) continue;
      const hostSide = entry.text.slice(0, start);
      const use = entry.at && (at.file !== entry.at.file || at.startIndex < entry.at.startIndex || at.startIndex > entry.at.endIndex) ? [{ at: entry.at, message: 'the port mapping is written here' }] : [];
      report(
        at,
        `\`"${entry.text}"\` publishes container port ${entry.containerPort}, but the service listens on ${listening.port} (${where}); write \`"${hostSide}${listening.port}"\`, or set \`port: ${entry.containerPort}\` in the service config.`,
        { related: [...use, ...(related ?? [])] },
      );
    }
  },
};

export default rule;
