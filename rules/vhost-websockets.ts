import type { Rule } from '../src/engine/rule.js';
import { asBool, field } from '../src/model/access.js';
import { extraConfigDirectives } from '../src/model/nginx-config.js';

const rule: Rule = {
  id: 'vhost-websockets',
  defaultSeverity: 'error',
  fixable: false,
  summary: "The PowerSync vhost's `/` location sets proxyWebsockets = true, so WebSocket sync connections upgrade.",
  check({ model, report, cannotVerify }) {
    const vhost = model.nginx.vhost;
    if (!model.container || !vhost) return;
    const location = vhost.rootLocation;
    if (!location) {
      const locations = field(vhost.attrs, 'locations');
      if (locations?.kind === 'unknown') return cannotVerify(`the \`locations\` of ${vhost.name}`, locations, vhost.definedAt);
      if (vhost.definedAt) report(vhost.definedAt, `The vhost ${vhost.name} has no \`locations."/"\`; PowerSync needs the whole (sub)domain: add \`locations."/" = { proxyPass = "…"; proxyWebsockets = true; };\`.`);
      return;
    }
    const option = field(location, 'proxyWebsockets');
    const value = asBool(option);
    if (typeof value === 'object') return cannotVerify('`proxyWebsockets`', value, vhost.rootLocationAt);
    if (value === true) return;
    // The same headers written by hand count: HTTP/1.1 plus the Upgrade and Connection headers.
    const directives = extraConfigDirectives(field(location, 'extraConfig'));
    if (!Array.isArray(directives)) return cannotVerify("the `/` location's `extraConfig`", directives, vhost.rootLocationAt);
    const header = (name: string) => directives.some((d) => d.name === 'proxy_set_header' && d.args[0]?.text.toLowerCase() === name);
    const http11 = directives.some((d) => d.name === 'proxy_http_version' && d.args[0]?.text === '1.1');
    if (http11 && header('upgrade') && header('connection')) return;
    const at = value === false ? option?.origin : vhost.rootLocationAt;
    if (!at) return;
    report(at, `The \`/\` location of ${vhost.name} does not set \`proxyWebsockets = true\`, so nginx drops the Upgrade header and clients that sync over WebSocket cannot connect; set \`proxyWebsockets = true;\`.`);
  },
};

export default rule;
