import type { Span } from '../source/span.js';
import type { StringPart, StringValue, UnknownValue, Value } from '../nix/eval/value.js';
import { parseNginxConfig, type NginxDirective } from '../nginx/directives.js';
import { locateInNixString, rangeIsUnknown } from '../nix/string-spans.js';

/** An nginx directive written in an `extraConfig` string, located in the .nix file. */
export interface LocatedDirective {
  name: string;
  /** Each argument where it was written: inside the string, or at a literal interpolated into it. */
  args: { text: string; at: Span }[];
  /** The `extraConfig` string the directive is written in. */
  site?: Span;
  at: Span;
  /** Set when part of the directive comes from a value that is not statically known. */
  unknown?: UnknownValue;
}

/** The directives of an `extraConfig` value (top level only: nested blocks belong to other contexts). */
export function extraConfigDirectives(extraConfig: Value | undefined): LocatedDirective[] | UnknownValue {
  if (!extraConfig) return [];
  if (extraConfig.kind === 'unknown') return extraConfig;
  if (extraConfig.kind !== 'string') return [];
  const locate = locateInNixString(extraConfig);
  const { directives } = parseNginxConfig(extraConfig.value);
  // Text not known outside the arguments of the directives (an interpolated value, a part
  // the evaluator gave up on) may hold any directive: which ones the string sets is then
  // not known either.
  const loose = unknownOutside(extraConfig, directives);
  if (loose) return { kind: 'unknown', reason: loose.unknown ?? 'unknown', origin: loose.origin ?? extraConfig.origin };
  return directives.map((d) => {
    const hole = rangeIsUnknown(extraConfig, d.start, d.end);
    return {
      name: d.name.text,
      args: d.args.map((a) => ({ text: a.text, at: locate(a.start, a.end) })),
      at: locate(d.start, d.end),
      site: extraConfig.origin,
      unknown: hole ? { kind: 'unknown' as const, reason: hole.unknown ?? 'unknown', origin: hole.origin ?? extraConfig.origin } : undefined,
    };
  });
}

/** The first unknown part of the string that is not inside an argument of a directive
 * (interpolated into `proxy_pass http://${…};`, say). */
function unknownOutside(str: StringValue, directives: readonly NginxDirective[]): StringPart | undefined {
  let offset = 0;
  for (const part of str.parts) {
    const start = offset;
    offset += part.text.length;
    if (part.unknown === undefined) continue;
    if (!directives.some((d) => d.args.some((arg) => arg.start <= start && offset <= arg.end))) return part;
  }
  return undefined;
}
