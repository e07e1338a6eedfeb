import type { Rule, RuleContext } from '../src/engine/rule.js';
import type { Span } from '../src/source/span.js';
import type { UnknownValue, Value } from '../src/nix/eval/value.js';
import { attrEntries, field, listEntries, spanContains } from '../src/model/access.js';
import { extraConfigDirectives } from '../src/model/nginx-config.js';
import { networkUses } from '../src/model/networks.js';
import { isLoopback, parsePortMapping } from '../src/model/ports.js';
import { locateInNixString, rangeIsUnknown } from '../src/nix/string-spans.js';
import { isEnvPlaceholder } from '../src/yaml/tags.js';

/** PowerSync's default API port. */
const DEFAULT_SERVICE_PORT = '8080';

interface Upstream {
  address: string;
  /** Where the port is published, for messages. */
  publishedAt?: Span;
}

/** Where nginx reaches the service: the host side of the published container port. */
function expectedUpstream(context: RuleContext): Upstream | { problem: string; at?: Span } | UnknownValue {
  const { model, policy } = context;
  const container = model.container!;
  const ports = listEntries(container.option('ports'));
  if (!Array.isArray(ports)) return ports;
  const servicePort = serviceListenPort(context);
  const mappings: { text: string; at?: Span; mapping: NonNullable<ReturnType<typeof parsePortMapping>> }[] = [];
  for (const { value } of ports) {
    if (value.kind === 'unknown') return value;
    if (value.kind !== 'string') continue;
    const hole = rangeIsUnknown(value, 0, value.value.length);
    if (hole) return { kind: 'unknown', reason: hole.unknown ?? 'unknown', origin: hole.origin ?? value.origin };
    const mapping = parsePortMapping(value.value);
    if (mapping) mappings.push({ text: value.value, at: value.origin, mapping });
  }
  const chosen = mappings.find((m) => m.mapping.containerPort === servicePort) ?? (mappings.length === 1 ? mappings[0] : undefined);
  if (!chosen) {
    const argv = Array.isArray(model.containerArgv) ? model.containerArgv : [];
    const networks = listEntries(container.option('networks'));
    const hostNetwork = networkUses(Array.isArray(networks) ? networks.map((n) => n.value) : [], argv).some((u) => u.name === 'host');
    if (hostNetwork) return { address: `${policy.listen.address}:${servicePort}` };
    return { problem: `the container publishes no port ${servicePort} for nginx to reach`, at: container.definedAt };
  }
  const { mapping } = chosen;
  if (!mapping.hostPort) return { problem: `\`${chosen.text}\` publishes the service on a random host port that nginx cannot name`, at: chosen.at };
  const host = isLoopback(mapping.ip) && mapping.ip !== 'localhost' ? mapping.ip! : policy.listen.address;
  return { address: `${host}:${mapping.hostPort}`, publishedAt: chosen.at };
}

/** The service config's top-level `port` (PowerSync's default 8080). */
function serviceListenPort({ model }: RuleContext): string {
  const config = model.serviceConfig;
  if (!config || config.kind === 'unknown') return DEFAULT_SERVICE_PORT;
  const value = config.document.value as Record<string, unknown> | undefined;
  const port = value && typeof value === 'object' ? value.port : undefined;
  if (isEnvPlaceholder(port) || port === undefined) return DEFAULT_SERVICE_PORT;
  return String(port);
}

interface ProxyTarget {
  text: string;
  at: Span;
  /** Where a character range of `text` was written. */
  locate(start: number, end: number): Span;
}

/** `proxyPass`, else a `proxy_pass` directive in the location's `extraConfig`. */
function proxyTarget(location: Value): ProxyTarget | UnknownValue | undefined {
  const proxyPass = field(location, 'proxyPass');
  if (proxyPass?.kind === 'unknown') return proxyPass;
  if (proxyPass?.kind === 'string' && proxyPass.origin) {
    const unknownPart = rangeIsUnknown(proxyPass, 0, proxyPass.value.length);
    if (unknownPart) return { kind: 'unknown', reason: unknownPart.unknown ?? 'unknown', origin: unknownPart.origin ?? proxyPass.origin };
    const locate = locateInNixString(proxyPass);
    return { text: proxyPass.value, at: proxyPass.origin, locate };
  }
  const directives = extraConfigDirectives(field(location, 'extraConfig'));
  if (!Array.isArray(directives)) return directives;
  const directive = directives.filter((d) => d.name === 'proxy_pass').pop();
  const arg = directive?.args[0];
  if (!directive || !arg) return undefined;
  if (directive.unknown) return directive.unknown;
  return { text: arg.text, at: arg.at, locate: () => arg.at };
}

const URL = /^([a-z]+):\/\/(\[[^\]]*\]|[^/:]+)(?::(\d+))?(\/.*)?$/i;

const rule: Rule = {
  id: 'vhost-upstream',
  defaultSeverity: 'error',
  fixable: false,
  summary: 'The PowerSync vhost proxies `/` to http://127.0.0.1:<host port the container publishes>.',
  check(context) {
    const { model, policy, report, cannotVerify } = context;
    const container = model.container;
    const vhost = model.nginx.vhost;
    if (!container || !vhost?.rootLocation) return; // vhost-tls / vhost-websockets report a missing vhost or location
    const expected = expectedUpstream(context);
    if ('kind' in expected) return cannotVerify('the host port the container publishes', expected, container.definedAt);
    const target = proxyTarget(vhost.rootLocation);
    if (target && 'kind' in target) return cannotVerify("the `/` location's `proxyPass`", target, vhost.rootLocationAt);
    if ('problem' in expected) {
      const at = target?.at ?? expected.at;
      if (at) report(at, `nginx cannot reach PowerSync: ${expected.problem}; publish it on loopback (\`ports = [ "${policy.listen.address}:${policy.listen.port}:8080" ];\`) and proxy to \`http://${policy.listen.address}:${policy.listen.port}\`.`);
      return;
    }
    const want = `http://${expected.address}`;
    const related = expected.publishedAt ? [{ at: expected.publishedAt, message: 'the container port is published here' }] : [];
    if (!target) {
      if (vhost.rootLocationAt) report(vhost.rootLocationAt, `The \`/\` location of ${vhost.name} proxies nowhere; set \`proxyPass = "${want}";\`.`, { related });
      return;
    }
    const url = URL.exec(target.text);
    const upstreamName = url && !url[3] ? url[2] : undefined;
    const upstream = upstreamName ? field(model.config, 'services', 'nginx', 'upstreams', upstreamName) : undefined;
    if (upstream && url?.[1].toLowerCase() === 'http') return checkUpstreamBlock(context, upstreamName!, upstream, expected.address, related);
    const problem = mismatch(target.text, url, expected.address);
    if (!problem) return;
    const at = target.locate(problem.start, problem.end);
    if (!spanContains(target.at, at)) related.unshift({ at: target.at, message: 'the value is used in this proxyPass' });
    report(at, `\`proxyPass\` is \`${target.text}\`, but ${problem.why}; write \`proxyPass = "${want}";\`.`, { related });
  },
};

/** The first wrong part of the URL: scheme, host, port or path. */
function mismatch(text: string, url: RegExpExecArray | null, address: string): { start: number; end: number; why: string } | undefined {
  if (!url) return { start: 0, end: text.length, why: 'it is not an http:// URL' };
  const [, scheme, host, port, path] = url;
  const [wantHost, wantPort] = splitAddress(address);
  const hostStart = scheme.length + 3;
  const portStart = hostStart + host.length + 1;
  if (scheme.toLowerCase() !== 'http') return { start: 0, end: scheme.length, why: 'PowerSync serves plain HTTP on its published port (TLS ends at nginx)' };
  if (host !== wantHost) return { start: hostStart, end: hostStart + host.length, why: `the container publishes its port on ${wantHost} only${host === 'localhost' ? ' (`localhost` may resolve to ::1 first)' : ''}` };
  if ((port ?? '80') !== wantPort) return port ? { start: portStart, end: portStart + port.length, why: `the container publishes the service on host port ${wantPort}` } : { start: hostStart, end: hostStart + host.length, why: `the URL names no port (80), and the container publishes the service on host port ${wantPort}` };
  if (path && path !== '/') {
    const pathStart = port ? portStart + port.length : hostStart + host.length;
    return { start: pathStart, end: text.length, why: 'a URI part makes nginx rewrite every request path, and PowerSync does not support path prefixes' };
  }
  return undefined;
}

function splitAddress(address: string): [string, string] {
  const colon = address.lastIndexOf(':');
  return [address.slice(0, colon), address.slice(colon + 1)];
}

/** `proxyPass = "http://powersync";` with `services.nginx.upstreams.powersync.servers."127.0.0.1:8080" = { };`. */
function checkUpstreamBlock({ report, cannotVerify }: RuleContext, name: string, upstream: Value, address: string, related: { at: Span; message: string }[]): void {
  const servers = field(upstream, 'servers');
  if (servers?.kind === 'unknown') return cannotVerify(`\`services.nginx.upstreams.${name}.servers\``, servers);
  for (const server of attrEntries(servers)) {
    const text = server.name.replace(/^(\S+).*$/, '$1');
    if (text === address || !server.key) continue;
    report(server.key, `The upstream \`${name}\` sends requests to \`${text}\`, but the container publishes PowerSync on ${address}; write \`servers."${address}" = { };\`.`, { related });
  }
}

export default rule;
