import type { Span } from '../src/source/span.js';
import type { Rule, RuleContext } from '../src/engine/rule.js';
import type { Value } from '../src/nix/eval/value.js';
import { field, spanContains } from '../src/model/access.js';
import { extraConfigDirectives, type LocatedDirective } from '../src/model/nginx-config.js';
import { parseNginxDuration } from '../src/nginx/duration.js';

const DIRECTIVES = ['proxy_read_timeout', 'proxy_send_timeout'];
/** nginx's own default, and NixOS's `services.nginx.proxyTimeout` default. */
const NGINX_DEFAULT = '60s';

interface Setting {
  text: string;
  at?: Span;
  /** The extraConfig string, when the value was interpolated into it from elsewhere. */
  site?: Span;
  where: string;
}

/**
 * The effective value of a directive for the `/` location, with nginx's inheritance: the
 * location's own, else the server's, else the http level (NixOS writes `proxyTimeout` there
 * only with recommendedProxySettings), else nginx's default.
 */
function effective(context: RuleContext, name: string, levels: { directives: LocatedDirective[]; where: string }[], httpTimeout: Setting | undefined): Setting | 'unknown' {
  for (const level of levels) {
    const found = level.directives.filter((d) => d.name === name).pop();
    if (!found) continue;
    if (found.unknown) {
      context.cannotVerify(`\`${name}\``, found.unknown, found.at);
      return 'unknown';
    }
    const arg = found.args[0];
    return { text: arg?.text ?? '', at: arg?.at ?? found.at, site: found.site, where: level.where };
  }
  return httpTimeout ?? { text: NGINX_DEFAULT, where: "nginx's default" };
}

const rule: Rule = {
  id: 'vhost-proxy-timeouts',
  defaultSeverity: 'error',
  fixable: false,
  summary: 'proxy_read_timeout and proxy_send_timeout on the PowerSync vhost are at least the policy minimum, so sync streams are not cut.',
  check(context) {
    const { model, policy, report, cannotVerify } = context;
    const vhost = model.nginx.vhost;
    if (!vhost) return;
    const minimum = parseNginxDuration(policy.proxyTimeout) ?? 3600_000;
    const levels: { directives: LocatedDirective[]; where: string }[] = [];
    for (const [value, where] of [
      [field(vhost.rootLocation, 'extraConfig'), 'the `/` location'],
      [field(vhost.attrs, 'extraConfig'), 'the vhost'],
    ] as [Value | undefined, string][]) {
      const directives = extraConfigDirectives(value);
      if (!Array.isArray(directives)) return cannotVerify('the nginx `extraConfig`', directives, vhost.definedAt);
      levels.push({ directives, where });
    }
    const httpTimeout = httpLevelTimeout(context);
    if (httpTimeout === 'unknown') return;
    for (const name of DIRECTIVES) {
      const setting = effective(context, name, levels, httpTimeout);
      if (setting === 'unknown') continue;
      const ms = parseNginxDuration(setting.text);
      if (ms !== undefined && ms >= minimum) continue;
      const anchor = setting.at ?? vhost.rootLocationAt ?? vhost.definedAt;
      if (!anchor) continue;
      const problem = ms === undefined ? `\`${name} ${setting.text}\` is not a valid nginx time` : `\`${name}\` is ${setting.text} (from ${setting.where})`;
      const related = setting.site && !spanContains(setting.site, anchor) ? [{ at: setting.site, message: 'the value is used in this extraConfig' }] : undefined;
      report(anchor, `${problem}; PowerSync sync streams stay open for long, so nginx cuts them and clients reconnect — set \`${name} ${policy.proxyTimeout};\` in the \`/\` location's \`extraConfig\`.`, { related });
    }
  },
};

/** `services.nginx.proxyTimeout`, which NixOS emits at http level only with recommendedProxySettings. */
function httpLevelTimeout({ model, cannotVerify }: RuleContext): Setting | undefined | 'unknown' {
  const vhost = model.nginx.vhost;
  const recommended = model.nginx.recommendedProxySettings;
  if (recommended?.kind === 'unknown') {
    cannotVerify('`recommendedProxySettings`', recommended, vhost?.definedAt);
    return 'unknown';
  }
  if (recommended?.kind !== 'bool' || !recommended.value) return undefined;
  const timeout = model.nginx.proxyTimeout;
  if (timeout?.kind === 'unknown') {
    cannotVerify('`services.nginx.proxyTimeout`', timeout, vhost?.definedAt);
    return 'unknown';
  }
  if (timeout?.kind === 'string') return { text: timeout.value, at: timeout.origin, where: '`services.nginx.proxyTimeout`' };
  return { text: NGINX_DEFAULT, where: "`services.nginx.proxyTimeout`'s default with recommendedProxySettings" };
}

export default rule;
