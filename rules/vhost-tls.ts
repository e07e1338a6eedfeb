import type { Rule } from '../src/engine/rule.js';
import { closestMatch } from '../src/engine/errors.js';
import { asBool, attrEntries, field, keyOrigin } from '../src/model/access.js';

const rule: Rule = {
  id: 'vhost-tls',
  defaultSeverity: 'error',
  fixable: false,
  summary: 'An nginx vhost serves the policy domain with a certificate (enableACME or useACMEHost) and forceSSL.',
  check({ model, policy, report, cannotVerify }) {
    const container = model.container;
    if (!container) return;
    const vhost = model.nginx.vhost;
    if (!vhost) {
      const hosts = field(model.config, 'services', 'nginx', 'virtualHosts');
      if (hosts?.kind === 'unknown') return cannotVerify('`services.nginx.virtualHosts`', hosts, container.definedAt);
      // A vhost whose name is a typo of the domain is the likely culprit.
      const near = closestMatch(policy.domain, attrEntries(hosts).map((h) => h.name));
      const nearAt = near !== undefined ? keyOrigin(hosts, near) : undefined;
      const at = nearAt ?? container.definedAt;
      if (nearAt) {
        report(nearAt, `No nginx virtual host serves ${policy.domain} (is \`${near}\` a typo?), so PowerSync is not reachable over HTTPS; name the vhost \`"${policy.domain}"\` (or set its \`serverName\`).`, {
          related: container.definedAt ? [{ at: container.definedAt, message: 'the PowerSync container is defined here' }] : undefined,
        });
      } else if (at) {
        report(at, `No nginx virtual host serves ${policy.domain}, so PowerSync is not reachable over HTTPS; add \`services.nginx.virtualHosts."${policy.domain}" = { enableACME = true; forceSSL = true; locations."/" = { proxyPass = "http://${policy.listen.address}:${policy.listen.port}"; proxyWebsockets = true; }; };\`.`);
      }
      return;
    }
    const anchor = vhost.definedAt;
    const enableACME = asBool(field(vhost.attrs, 'enableACME'));
    const useACMEHost = field(vhost.attrs, 'useACMEHost');
    if (typeof enableACME === 'object') cannotVerify('`enableACME`', enableACME, anchor);
    else if (useACMEHost?.kind === 'unknown') cannotVerify('`useACMEHost`', useACMEHost, anchor);
    else {
      const hasCertificate = enableACME === true || (useACMEHost?.kind === 'string' && useACMEHost.value !== '');
      const at = enableACME === false ? field(vhost.attrs, 'enableACME')?.origin : anchor;
      if (!hasCertificate && at) {
        report(at, `The vhost ${vhost.name} gets no certificate (${enableACME === false ? '`enableACME = false`' : 'neither `enableACME` nor `useACMEHost`'}), so clients cannot reach PowerSync over HTTPS; set \`enableACME = true;\` (or \`useACMEHost\` to a certificate that covers ${policy.domain}).`);
      }
    }
    const forceSSL = asBool(field(vhost.attrs, 'forceSSL'));
    if (typeof forceSSL === 'object') return cannotVerify('`forceSSL`', forceSSL, anchor);
    if (forceSSL === true) return;
    const onlySSL = asBool(field(vhost.attrs, 'onlySSL')) === true;
    const at = forceSSL === false ? field(vhost.attrs, 'forceSSL')?.origin : ((onlySSL ? keyOrigin(vhost.attrs, 'onlySSL') : keyOrigin(vhost.attrs, 'addSSL')) ?? anchor);
    if (!at) return;
    const why = onlySSL
      ? '`onlySSL` leaves port 80 closed, so http:// clients get no redirect and ACME HTTP-01 renewals fail'
      : 'it also answers plain HTTP, so tokens can travel unencrypted';
    report(at, `The vhost ${vhost.name} does not set \`forceSSL = true\`: ${why}; set \`forceSSL = true;\` (plain HTTP then redirects to HTTPS).`);
  },
};

export default rule;
