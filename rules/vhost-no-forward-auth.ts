import type { Rule, RuleContext } from '../src/engine/rule.js';
import type { Span } from '../src/source/span.js';
import type { Value } from '../src/nix/eval/value.js';
import { attrEntries, field, keyOrigin, listEntries } from '../src/model/access.js';
import { allExtraConfigDirectives } from '../src/model/nginx-blocks.js';
import { extraConfigDirectives } from '../src/model/nginx-config.js';

/** nginx directives that make a request answer an authentication challenge first. */
const AUTH_DIRECTIVES = new Set(['auth_request', 'auth_basic', 'auth_jwt']);

const WHY = 'PowerSync clients send only their own `Authorization: Bearer <JWT>` (which PowerSync checks itself) and cannot answer another challenge, so every sync request fails with 401';

/** `basicAuth`/`basicAuthFile` on a vhost or a location. */
function basicAuthOptions({ report, cannotVerify }: RuleContext, attrs: Value, where: string, fallback: Span | undefined): void {
  const basicAuth = field(attrs, 'basicAuth');
  if (basicAuth?.kind === 'unknown') cannotVerify(`\`basicAuth\` of ${where}`, basicAuth, fallback);
  else if (basicAuth?.kind === 'attrs' && attrEntries(basicAuth).length > 0) {
    const at = keyOrigin(attrs, 'basicAuth') ?? basicAuth.origin;
    if (at) report(at, `\`basicAuth\` on ${where} puts HTTP basic authentication in front of PowerSync: ${WHY}; remove it.`);
  }
  const basicAuthFile = field(attrs, 'basicAuthFile');
  if (basicAuthFile?.kind === 'unknown') cannotVerify(`\`basicAuthFile\` of ${where}`, basicAuthFile, fallback);
  else if (basicAuthFile && basicAuthFile.kind !== 'null') {
    const at = keyOrigin(attrs, 'basicAuthFile') ?? basicAuthFile.origin;
    if (at) report(at, `\`basicAuthFile\` on ${where} puts HTTP basic authentication in front of PowerSync: ${WHY}; remove it.`);
  }
}

function authDirectives({ report, cannotVerify }: RuleContext, extraConfig: Value | undefined, where: string, nested: boolean, fallback: Span | undefined): void {
  const directives = nested ? allExtraConfigDirectives(extraConfig) : extraConfigDirectives(extraConfig);
  if (!Array.isArray(directives)) return cannotVerify(`the \`extraConfig\` of ${where}`, directives, fallback);
  for (const d of directives) {
    if (!AUTH_DIRECTIVES.has(d.name)) continue;
    if (d.unknown) {
      cannotVerify(`\`${d.name}\` in ${where}`, d.unknown, d.at);
      continue;
    }
    if (d.args[0]?.text === 'off') continue;
    const kind = d.name === 'auth_request' ? 'forward authentication (a subrequest to an auth service)' : d.name === 'auth_basic' ? 'HTTP basic authentication' : 'JWT validation by nginx';
    report(d.at, `\`${d.name}\` in ${where} puts ${kind} in front of PowerSync: ${WHY}; remove it (PowerSync authenticates clients with \`client_auth\`).`);
  }
}

/** The oauth2-proxy module's nginx integration (`services.oauth2-proxy.nginx.virtualHosts`, an
 * attrset since NixOS 24.05, a list of names before; `oauth2_proxy` is the old name): it adds
 * `auth_request` to every location of the listed vhosts. */
function oauth2Proxy({ model, report, cannotVerify }: RuleContext, names: string[]): void {
  for (const service of ['oauth2-proxy', 'oauth2_proxy']) {
    const hosts = field(model.config, 'services', service, 'nginx', 'virtualHosts');
    if (!hosts) continue;
    let at: Span | undefined;
    if (hosts.kind === 'unknown') {
      cannotVerify(`\`services.${service}.nginx.virtualHosts\``, hosts, model.nginx.vhost?.definedAt);
      continue;
    }
    if (hosts.kind === 'attrs') at = names.map((n) => keyOrigin(hosts, n)).find((s) => s !== undefined);
    else {
      const entries = listEntries(hosts);
      if (!Array.isArray(entries)) continue;
      const hit = entries.find((e) => e.value.kind === 'string' && names.includes(e.value.value));
      at = hit?.value.origin ?? hit?.site;
    }
    if (at) report(at, `\`services.${service}.nginx.virtualHosts\` puts oauth2-proxy forward authentication (\`auth_request\`) in front of ${names[0]}: ${WHY}; remove the vhost from it.`);
  }
}

const rule: Rule = {
  id: 'vhost-no-forward-auth',
  defaultSeverity: 'error',
  fixable: false,
  summary: 'No forward authentication (auth_request, oauth2-proxy) or basic authentication sits in front of the PowerSync vhost.',
  check(context) {
    const { model } = context;
    const vhost = model.nginx.vhost;
    if (!model.container || !vhost) return;
    const server = `the vhost ${vhost.name}`;
    const at = vhost.definedAt;
    basicAuthOptions(context, vhost.attrs, server, at);
    authDirectives(context, field(vhost.attrs, 'extraConfig'), server, true, at);
    for (const location of attrEntries(field(vhost.attrs, 'locations'))) {
      const where = `\`locations."${location.name}"\` of ${vhost.name}`;
      basicAuthOptions(context, location.value, where, location.key ?? at);
      authDirectives(context, field(location.value, 'extraConfig'), where, true, location.key ?? at);
    }
    const nginx = field(model.config, 'services', 'nginx');
    for (const option of ['commonHttpConfig', 'appendHttpConfig']) authDirectives(context, field(nginx, option), `\`services.nginx.${option}\` (every server)`, false, at);
    oauth2Proxy(context, [vhost.name, context.policy.domain]);
  },
};

export default rule;
