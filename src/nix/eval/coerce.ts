import { posix } from 'node:path';
import type { Span } from '../../source/span.js';
import { describe } from './make.js';
import type { Runtime } from './runtime.js';
import { placeholderStorePath } from './store.js';
import { ready, type FileValue, type PathValue, type StringPart, type Thunk, type Value } from './value.js';

/** The text an unknown part of a string contributes to the string's `value`. */
export const UNKNOWN_TEXT = '«unknown»';

/**
 * `interpolate` is `"${v}"` and `+` on strings: strings, paths (copied to the store),
 * files and sets with `outPath` or `__toString`. `toString` also renders numbers, Booleans,
 * null and lists, and leaves paths uncopied.
 */
export type Coercion = 'interpolate' | 'toString';

/** The parts `v` contributes to a string. What cannot be coerced becomes an unknown part. */
export function coerceToParts(rt: Runtime, v: Value, mode: Coercion, site?: Span): StringPart[] {
  return rt.budget.descend(site, () => coerce(rt, v, mode, site), (why) => [unknownPart(why.reason, why)]);
}

function coerce(rt: Runtime, v: Value, mode: Coercion, site?: Span): StringPart[] {
  switch (v.kind) {
    case 'string':
      return v.parts;
    case 'path':
      return [{ text: mode === 'toString' ? rt.paths.absolute(v) : pathInStore(rt, v), origin: v.origin, ref: v }];
    case 'file':
      return [{ text: fileStorePath(v), origin: v.origin, ref: v }];
    case 'unknown':
      return [unknownPart(v.reason, v)];
    case 'attrs':
      return coerceAttrs(rt, v, mode, site);
    case 'list':
      if (mode === 'toString') return coerceList(rt, v.items, site);
      break;
    default:
      if (mode === 'toString' && v.kind !== 'lambda' && v.kind !== 'builtin') return scalarText(v);
  }
  return [unknownPart(`cannot coerce ${describe(v)} to a string`, v)];
}

export function unknownPart(reason: string, v?: Value): StringPart {
  return { text: UNKNOWN_TEXT, unknown: reason, origin: v?.origin, ref: v };
}

/** The store path of the file's output; with a `destination`, the file lies below it. */
export function fileStorePath(file: FileValue): string {
  return placeholderStorePath(file.name, `${file.name}@${file.origin?.file}:${file.origin?.startIndex}`);
}

function pathInStore(rt: Runtime, path: PathValue): string {
  const absolute = rt.paths.absolute(path);
  return placeholderStorePath(posix.basename(absolute), absolute);
}

function scalarText(v: Value): StringPart[] {
  let text = '';
  if (v.kind === 'int') text = String(v.value);
  else if (v.kind === 'float') text = v.value.toFixed(6);
  else if (v.kind === 'bool') text = v.value ? '1' : '';
  return text === '' ? [] : [{ text, origin: v.origin }];
}

/** Elements separated by a space, except after an empty list (as Nix does). */
function coerceList(rt: Runtime, items: Thunk[], site?: Span): StringPart[] {
  const parts: StringPart[] = [];
  items.forEach((item, i) => {
    const element = item.force();
    for (const part of coerceToParts(rt, element, 'toString', site)) parts.push(part);
    const emptyList = element.kind === 'list' && element.items.length === 0;
    if (i < items.length - 1 && !emptyList) parts.push({ text: ' ' });
  });
  return parts;
}

function coerceAttrs(rt: Runtime, v: Extract<Value, { kind: 'attrs' }>, mode: Coercion, site?: Span): StringPart[] {
  const toStringFn = v.attrs.get('__toString');
  const outPath = v.attrs.get('outPath');
  if (!toStringFn && !outPath) {
    return [unknownPart(v.partial ? 'cannot coerce a set known only in part to a string' : 'cannot coerce a set to a string', v)];
  }
  const inner = toStringFn ? rt.apply(toStringFn.force(), ready(v), site) : outPath!.force();
  return coerceToParts(rt, inner, mode, site);
}
