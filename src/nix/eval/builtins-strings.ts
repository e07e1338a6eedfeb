import type { Span } from '../../source/span.js';
import { coerceToParts } from './coerce.js';
import { attrsOf, bool, int, listOf, nullValue, plainString, stringOf } from './make.js';
import { expect, expectText, isUnknown, primop, withList, withText } from './primops.js';
import type { Runtime } from './runtime.js';
import { lazy } from './thunk.js';
import { unknown, type StringPart, type Thunk, type Value } from './value.js';

/** The string builtins. Functions that rewrite text need it fully known. */
export function stringBuiltins(rt: Runtime): Record<string, Value> {
  return {
    stringLength: primop('stringLength', 1, ([s], site) => withText(s, 'builtins.stringLength', site, (text) => int(text.length, site))),
    substring: primop('substring', 3, ([start, length, s], site) => {
      const from = expect(start, 'int', 'builtins.substring', site);
      const count = expect(length, 'int', 'builtins.substring', site);
      if (from.kind === 'unknown') return from;
      if (count.kind === 'unknown') return count;
      const end = count.value < 0 ? undefined : from.value + count.value;
      return withText(s, 'builtins.substring', site, (text) => plainString(text.slice(from.value, end), site));
    }),
    concatStringsSep: primop('concatStringsSep', 2, ([sep, list], site) => withList(list, 'builtins.concatStringsSep', site, (items) => {
      const separator = coerceToParts(rt, sep.force(), 'interpolate', site);
      const parts: StringPart[] = [];
      items.forEach((item, i) => {
        if (i > 0) for (const part of separator) parts.push(part);
        for (const part of coerceToParts(rt, item.force(), 'interpolate', site)) parts.push(part);
      });
      return rt.budget.charge(parts.length, site) ?? stringOf(parts, site);
    })),
    replaceStrings: primop('replaceStrings', 3, ([from, to, s], site) => {
      const patterns = texts(from, 'builtins.replaceStrings', site);
      const replacements = texts(to, 'builtins.replaceStrings', site);
      if (!Array.isArray(patterns)) return patterns;
      if (!Array.isArray(replacements)) return replacements;
      if (patterns.length !== replacements.length) return unknown('builtins.replaceStrings: lists of different lengths', site);
      return withText(s, 'builtins.replaceStrings', site, (text) => plainString(replace(text, patterns, replacements), site));
    }),
    fromJSON: primop('fromJSON', 1, ([s], site) => withText(s, 'builtins.fromJSON', site, (text) => fromJSON(text, site))),
  };
}

/** A list of fully known strings, or why it is not one. */
function texts(list: Thunk, context: string, site: Span | undefined): string[] | Value {
  const l = expect(list, 'list', context, site);
  if (l.kind === 'unknown') return l;
  const out: string[] = [];
  for (const item of l.items) {
    const text = expectText(item, context, site);
    if (isUnknown(text)) return text;
    out.push(text);
  }
  return out;
}

/** Nix's replaceStrings: the first matching pattern wins; an empty pattern matches between characters. */
function replace(text: string, patterns: string[], replacements: string[]): string {
  let out = '';
  for (let i = 0; i <= text.length; ) {
    const match = patterns.findIndex((pattern) => text.startsWith(pattern, i));
    if (match >= 0) out += replacements[match];
    if (match >= 0 && patterns[match] !== '') {
      i += patterns[match].length;
      continue;
    }
    if (i < text.length) out += text[i];
    i++;
  }
  return out;
}

function fromJSON(text: string, site: Span | undefined): Value {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return unknown(`builtins.fromJSON: ${(error as Error).message}`, site);
  }
  const convert = (x: unknown): Value => {
    if (x === null) return nullValue(site);
    if (typeof x === 'boolean') return bool(x, site);
    if (typeof x === 'number') return Number.isInteger(x) ? int(x, site) : { kind: 'float', value: x, origin: site };
    if (typeof x === 'string') return plainString(x, site);
    if (Array.isArray(x)) return listOf(x.map((item) => lazy(() => convert(item), site)), site);
    return attrsOf(Object.entries(x as object).map(([k, item]) => [k, lazy(() => convert(item), site)]), site);
  };
  return convert(parsed);
}
