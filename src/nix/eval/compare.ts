import type { Span } from '../../source/span.js';
import { describe, sortedNames } from './make.js';
import type { Runtime } from './runtime.js';
import { isKnownString, unknown, type AttrsValue, type Thunk, type UnknownValue, type Value } from './value.js';

/** `==`: deep, as Nix compares; unknown when an unknown value could decide it. */
export function equal(rt: Runtime, a: Value, b: Value, site?: Span): boolean | UnknownValue {
  return rt.budget.descend(site, () => equalValues(rt, a, b, site), (why) => why);
}

function equalValues(rt: Runtime, a: Value, b: Value, site?: Span): boolean | UnknownValue {
  if (a.kind === 'unknown') return a;
  if (b.kind === 'unknown') return b;
  if (isNumber(a) && isNumber(b)) return a.value === b.value;
  if (a.kind === 'string' && b.kind === 'string') {
    if (!isKnownString(a) || !isKnownString(b)) return unknown('comparing strings whose text is not known', site);
    return a.value === b.value;
  }
  if (a.kind === 'path' && b.kind === 'path') return a.value === b.value && a.insideRoot === b.insideRoot;
  if (a.kind === 'bool' && b.kind === 'bool') return a.value === b.value;
  if (a.kind === 'null' && b.kind === 'null') return true;
  if (a.kind === 'list' && b.kind === 'list') return a.items.length === b.items.length && allEqual(rt, a.items, b.items, site);
  if (a.kind === 'attrs' && b.kind === 'attrs') return equalAttrs(rt, a, b, site);
  if (a.kind === 'file' && b.kind === 'file') return a === b || unknown('comparing generated files', site);
  return false;
}

function isNumber(v: Value): v is Extract<Value, { kind: 'int' | 'float' }> {
  return v.kind === 'int' || v.kind === 'float';
}

/** False as soon as one pair differs; otherwise unknown if any pair was unknown. */
function allEqual(rt: Runtime, left: Thunk[], right: Thunk[], site?: Span): boolean | UnknownValue {
  let undecided: UnknownValue | undefined;
  for (let i = 0; i < left.length; i++) {
    const same = equal(rt, left[i].force(), right[i].force(), site);
    if (same === false) return false;
    if (same !== true) undecided ??= same;
  }
  return undecided ?? true;
}

function equalAttrs(rt: Runtime, a: AttrsValue, b: AttrsValue, site?: Span): boolean | UnknownValue {
  if (a.partial || b.partial) return unknown('comparing sets known only in part', site);
  // Derivations compare by output path, as in Nix.
  if (isDerivation(a) && isDerivation(b)) return equal(rt, a.attrs.get('outPath')!.force(), b.attrs.get('outPath')!.force(), site);
  const names = sortedNames(a);
  if (names.length !== b.attrs.size || names.some((n) => !b.attrs.has(n))) return false;
  return allEqual(rt, names.map((n) => a.attrs.get(n)!), names.map((n) => b.attrs.get(n)!), site);
}

function isDerivation(v: AttrsValue): boolean {
  const type = v.attrs.get('type')?.force();
  return type?.kind === 'string' && type.value === 'derivation' && v.attrs.has('outPath');
}

/** `<`: numbers, strings, paths and lists (lexicographically). Negative, zero or positive. */
export function compare(rt: Runtime, a: Value, b: Value, site?: Span): number | UnknownValue {
  return rt.budget.descend(site, () => compareValues(rt, a, b, site), (why) => why);
}

function compareValues(rt: Runtime, a: Value, b: Value, site?: Span): number | UnknownValue {
  if (a.kind === 'unknown') return a;
  if (b.kind === 'unknown') return b;
  if (isNumber(a) && isNumber(b)) return a.value - b.value;
  if (a.kind === 'string' && b.kind === 'string') {
    if (!isKnownString(a) || !isKnownString(b)) return unknown('comparing strings whose text is not known', site);
    return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  }
  if (a.kind === 'path' && b.kind === 'path') {
    const [x, y] = [rt.paths.absolute(a), rt.paths.absolute(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.kind === 'list' && b.kind === 'list') {
    for (let i = 0; i < Math.min(a.items.length, b.items.length); i++) {
      const order = compare(rt, a.items[i].force(), b.items[i].force(), site);
      if (order !== 0) return order;
    }
    return a.items.length - b.items.length;
  }
  return unknown(`cannot compare ${describe(a)} with ${describe(b)}`, site);
}
