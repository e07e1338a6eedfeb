import type { Rule } from '../src/engine/rule.js';
import type { Value } from '../src/nix/eval/value.js';
import { field, spanContains } from '../src/model/access.js';
import { extraConfigDirectives, type LocatedDirective } from '../src/model/nginx-config.js';

const rule: Rule = {
  id: 'vhost-proxy-buffering',
  defaultSeverity: 'warning',
  fixable: false,
  summary: 'The PowerSync vhost turns proxy_buffering off for `/`, so sync lines reach clients as they are written.',
  check({ model, report, cannotVerify }) {
    const vhost = model.nginx.vhost;
    if (!model.container || !vhost?.rootLocation) return;
    const nginx = field(model.config, 'services', 'nginx');
    // nginx inheritance: the location's own setting, else the server's, else the http level's.
    const levels: [Value | undefined, string][] = [
      [field(vhost.rootLocation, 'extraConfig'), 'the `/` location'],
      [field(vhost.attrs, 'extraConfig'), 'the vhost'],
      [field(nginx, 'commonHttpConfig'), '`services.nginx.commonHttpConfig`'],
      [field(nginx, 'appendHttpConfig'), '`services.nginx.appendHttpConfig`'],
    ];
    let found: { directive: LocatedDirective; where: string } | undefined;
    for (const [value, where] of levels) {
      const directives = extraConfigDirectives(value);
      if (!Array.isArray(directives)) return cannotVerify(`the \`extraConfig\` of ${where}`, directives, vhost.rootLocationAt);
      const directive = directives.filter((d) => d.name === 'proxy_buffering').pop();
      if (directive) {
        found = { directive, where };
        break;
      }
    }
    if (found?.directive.unknown) return cannotVerify('`proxy_buffering`', found.directive.unknown, found.directive.at);
    const value = found?.directive.args[0];
    if (value?.text === 'off') return;
    const at = value?.at ?? found?.directive.at ?? vhost.rootLocationAt;
    if (!at) return;
    const site = found?.directive.site;
    const related = site && !spanContains(site, at) ? [{ at: site, message: 'the value is used in this extraConfig' }] : undefined;
    if (!found) {
      report(at, `\`proxy_buffering\` is not set for the \`/\` location of ${vhost.name}, so nginx buffers (its default \`on\`) and holds streamed sync lines back until its buffer fills; add \`proxy_buffering off;\` to the location's \`extraConfig\`.`);
      return;
    }
    report(at, `\`proxy_buffering ${value?.text ?? ''}\` (set in ${found.where}) applies to the \`/\` location of ${vhost.name}, so nginx holds streamed sync lines back until its buffer fills; write \`proxy_buffering off;\`.`, { related });
  },
};

export default rule;
