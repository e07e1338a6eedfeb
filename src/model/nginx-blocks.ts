import type { UnknownValue, Value } from '../nix/eval/value.js';
import { parseNginxConfig, type NginxDirective } from '../nginx/directives.js';
import { locateInNixString, rangeIsUnknown } from '../nix/string-spans.js';
import type { LocatedDirective } from './nginx-config.js';

/**
 * Every directive of an `extraConfig` value, those inside blocks (`location … { … }`, `if`)
 * included, located in the .nix file. For checks that care where a directive is written
 * anywhere in a server, not only at its top level.
 */
export function allExtraConfigDirectives(extraConfig: Value | undefined): LocatedDirective[] | UnknownValue {
  if (!extraConfig) return [];
  if (extraConfig.kind === 'unknown') return extraConfig;
  if (extraConfig.kind !== 'string') return [];
  const locate = locateInNixString(extraConfig);
  const out: LocatedDirective[] = [];
  const visit = (directives: NginxDirective[]): void => {
    for (const d of directives) {
      const hole = rangeIsUnknown(extraConfig, d.start, d.end);
      out.push({
        name: d.name.text,
        args: d.args.map((a) => ({ text: a.text, at: locate(a.start, a.end) })),
        at: locate(d.name.start, d.name.end),
        site: extraConfig.origin,
        unknown: hole ? { kind: 'unknown', reason: hole.unknown ?? 'unknown', origin: hole.origin ?? extraConfig.origin } : undefined,
      });
      if (d.block) visit(d.block);
    }
  };
  visit(parseNginxConfig(extraConfig.value).directives);
  return out;
}
