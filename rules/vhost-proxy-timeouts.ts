import type { Span } from '../src/source/span.js';
import type { Rule, RuleContext } from '../src/engine/rule.js';
import type { Value } from '../src/nix/eval/value.js';
import { field, spanContains } from '../src/model/access.js';
import { extraConfigDirectives, type LocatedDirective } from '../src/model/nginx-config.js';
import { parseNginxDuration } from '../src/nginx/duration.js';
import type { Fix } from '../src/engine/finding.js';
import { appendLineToIndentedString, appendToStringLiteral, replaceInStringLiteral, stringLiteralAt } from '../src/fix/nix-edits.js';

const DIRECTIVES = ['proxy_read_timeout', 'proxy_send_timeout'];
/** nginx's own default, and NixOS's `services.nginx.proxyTimeout` default. */
const NGINX_DEFAULT = '60s';

interface Setting {
  text: string;
  at?: Span;
  /** Which `extraConfig` the directive is written in; undefined for the http level and the default. */
  level?: 'location' | 'vhost';
  /** The extraConfig string, when the value was interpolated into it from elsewhere. */
  site?: Span;
  where: string;
}

/**
 * The effective value of a directive for the `/` location, with nginx's inheritance: the
 * location's own, else the server's, else the http level (NixOS writes `proxyTimeout` there
 * only with recommendedProxySettings), else nginx's default.
 */
function effective(context: RuleContext, name: string, levels: { directives: LocatedDirective[]; where: string; level: 'location' | 'vhost' }[], httpTimeout: Setting | undefined): Setting | 'unknown' {
  for (const level of levels) {
    const found = level.directives.filter((d) => d.name === name).pop();
    if (!found) continue;
    if (found.unknown) {
      context.cannotVerify(`\`${name}\``, found.unknown, found.at);
      return 'unknown';
    }
    const arg = found.args[0];
    return { text: arg?.text ?? '', at: arg?.at ?? found.at, site: found.site, where: level.where, level: arg ? level.level : undefined };
  }
  return httpTimeout ?? { text: NGINX_DEFAULT, where: "nginx's default" };
}

const rule: Rule = {
  id: 'vhost-proxy-timeouts',
  defaultSeverity: 'error',
  fixable: true,
  summary: 'proxy_read_timeout and proxy_send_timeout on the PowerSync vhost are at least the policy minimum, so sync streams are not cut.',
  check(context) {
    const { model, policy, report, cannotVerify } = context;
    const vhost = model.nginx.vhost;
    if (!vhost) return;
    const minimum = parseNginxDuration(policy.proxyTimeout) ?? 3600_000;
    const levels: { directives: LocatedDirective[]; where: string; level: 'location' | 'vhost' }[] = [];
    for (const [value, where, level] of [
      [field(vhost.rootLocation, 'extraConfig'), 'the `/` location', 'location'],
      [field(vhost.attrs, 'extraConfig'), 'the vhost', 'vhost'],
    ] as [Value | undefined, string, 'location' | 'vhost'][]) {
      const directives = extraConfigDirectives(value);
      if (!Array.isArray(directives)) return cannotVerify('the nginx `extraConfig`', directives, vhost.definedAt);
      levels.push({ directives, where, level });
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
      const fix = ms === undefined ? undefined : timeoutFix(context, name, setting);
      report(anchor, `${problem}; PowerSync sync streams stay open for long, so nginx cuts them and clients reconnect — set \`${name} ${policy.proxyTimeout};\` in the \`/\` location's \`extraConfig\`.`, { related, fix });
    }
  },
};

/**
 * A value that is too low is raised where it is written (in the location's or the vhost's
 * `extraConfig`, or the literal interpolated into it); a directive that only the http level or
 * nginx's default sets is added as the last line of the `/` location's `extraConfig`, when that
 * exists as a string literal. A value that is not plain text of a string literal, a policy
 * value with blanks (it would need quoting) and a location without `extraConfig` get no fix.
 */
function timeoutFix({ model, policy }: RuleContext, name: string, setting: Setting): Fix | undefined {
  const value = String(policy.proxyTimeout);
  if (!/^[0-9A-Za-z]+$/.test(value)) return undefined;
  if (setting.level && setting.at) {
    const source = model.nixSyntax(setting.at.file)?.text;
    if (source === undefined || source.slice(setting.at.startIndex, setting.at.endIndex) !== setting.text) return undefined;
    const edit = replaceInStringLiteral(model.nixSyntax, setting.at, value);
    return edit ? { description: `raise \`${name}\` to ${value}`, edits: [edit] } : undefined;
  }
  if (setting.level) return undefined;
  const extraConfig = field(model.nginx.vhost?.rootLocation, 'extraConfig');
  if (extraConfig?.kind !== 'string' || !extraConfig.origin) return undefined;
  const directive = `${name} ${value};`;
  const literal = stringLiteralAt(model.nixSyntax, extraConfig.origin);
  let edit;
  if (literal?.node.type === 'indented_string_expression') edit = appendLineToIndentedString(model.nixSyntax, extraConfig.origin, directive);
  else if (literal && canAppendInline(extraConfig.value)) edit = appendToStringLiteral(model.nixSyntax, extraConfig.origin, `${extraConfig.value.trim() === '' ? '' : ' '}${directive}`);
  return edit ? { description: `add \`${directive}\` to the \`/\` location's extraConfig`, edits: [edit] } : undefined;
}

/** A one-line `"…"` extraConfig takes one more directive at its end only when nothing there could
 * swallow it: no comment, and the last directive closed. */
function canAppendInline(text: string): boolean {
  const trimmed = text.trim();
  return !text.includes('#') && !text.includes('\n') && (trimmed === '' || trimmed.endsWith(';') || trimmed.endsWith('}'));
}

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
