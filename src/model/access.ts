import type { Span } from '../source/span.js';
import type { AttrsValue, StringValue, UnknownValue, Value } from '../nix/eval/value.js';
import { isAbsent } from '../nix/merge.js';

/**
 * Small readers over merged option values, so the model's views stay declarative.
 * "Missing" (undefined) means nobody defined the option; an unknown value means someone
 * did but the value is not statically known.
 */

/** The forced value at `path` under `v`, or undefined when an attribute on the way is not defined. */
export function field(v: Value | undefined, ...path: string[]): Value | undefined {
  let current = v;
  for (const key of path) {
    if (!current) return undefined;
    if (current.kind === 'unknown') return current;
    if (current.kind !== 'attrs') return undefined;
    const next = current.attrs.get(key);
    if (!next) return undefined;
    current = next.force();
  }
  return current && isAbsent(current) ? undefined : current;
}

/** Where the attribute name `key` was written in `attrs`. */
export function keyOrigin(attrs: Value | undefined, key: string): Span | undefined {
  return attrs?.kind === 'attrs' ? attrs.keyOrigins.get(key) : undefined;
}

/** Forced list items; an unknown list stays unknown; a non-list is a one-element list (NixOS coerces several list options). */
export function listItems(v: Value | undefined): Value[] | UnknownValue {
  if (!v) return [];
  if (v.kind === 'unknown') return v;
  if (v.kind === 'list') return v.items.map((t) => t.force()).filter((item) => !isAbsent(item));
  return [v];
}

/** A list item with the place it is used (the list element as written), which differs from
 * the value's origin when the value was bound elsewhere (`let flag = "…"; in [ flag ]`). */
export interface ListEntry {
  value: Value;
  site?: Span;
}

export function listEntries(v: Value | undefined): ListEntry[] | UnknownValue {
  if (!v) return [];
  if (v.kind === 'unknown') return v;
  if (v.kind !== 'list') return [{ value: v, site: v.origin }];
  return v.items.map((t) => ({ value: t.force(), site: t.origin })).filter((e) => !isAbsent(e.value));
}

/** The use site as a related location, when the value was written somewhere else. */
export function useSite(value: Value, site: Span | undefined): { at: Span; message: string }[] {
  const origin = value.origin;
  if (!site || !origin) return [];
  return spanContains(site, origin) ? [] : [{ at: site, message: 'the value is used here' }];
}

export function spanContains(outer: Span, inner: Span): boolean {
  return outer.file === inner.file && outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

export function attrEntries(v: Value | undefined): { name: string; value: Value; key?: Span }[] {
  if (v?.kind !== 'attrs') return [];
  return [...v.attrs].map(([name, thunk]) => ({ name, value: thunk.force(), key: v.keyOrigins.get(name) })).filter((e) => !isAbsent(e.value));
}

export function asAttrs(v: Value | undefined): AttrsValue | undefined {
  return v?.kind === 'attrs' ? v : undefined;
}

export function asString(v: Value | undefined): StringValue | undefined {
  return v?.kind === 'string' ? v : undefined;
}

/** True/false for a known boolean; undefined when missing; the unknown value otherwise. */
export function asBool(v: Value | undefined): boolean | undefined | UnknownValue {
  if (!v) return undefined;
  if (v.kind === 'bool') return v.value;
  if (v.kind === 'unknown') return v;
  return undefined;
}
