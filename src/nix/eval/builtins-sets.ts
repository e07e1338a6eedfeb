import type { Span } from '../../source/span.js';
import { attrsOf, bool, listOf, nameOf, sortedNames } from './make.js';
import { callWith, expect, expectFunction, expectText, isUnknown, primop, withFullSet, withList, withSet } from './primops.js';
import type { Runtime } from './runtime.js';
import { lazy } from './thunk.js';
import { ready, unknown, type AttrsValue, type Thunk, type Value } from './value.js';

/** The attrset builtins. Names listed from a set keep where they were written as origin. */
export function setBuiltins(rt: Runtime): Record<string, Value> {
  return {
    attrNames: primop('attrNames', 1, ([set], site) => withFullSet(set, 'builtins.attrNames', site, (attrs) =>
      listOf(sortedNames(attrs).map((name) => nameOf(attrs, name)), site))),
    attrValues: primop('attrValues', 1, ([set], site) => withFullSet(set, 'builtins.attrValues', site, (attrs) =>
      listOf(sortedNames(attrs).map((name) => attrs.attrs.get(name)!), site))),
    hasAttr: primop('hasAttr', 2, ([name, set], site) => {
      const key = expectText(name, 'builtins.hasAttr', site);
      if (isUnknown(key)) return key;
      return withSet(set, 'builtins.hasAttr', site, (attrs) =>
        attrs.attrs.has(key) ? bool(true, site) : attrs.partial ? unknown(attrs.partial(key), site) : bool(false, site));
    }),
    getAttr: primop('getAttr', 2, ([name, set], site) => {
      const key = expectText(name, 'builtins.getAttr', site);
      if (isUnknown(key)) return key;
      return withSet(set, 'builtins.getAttr', site, (attrs) =>
        attrs.attrs.get(key)?.force() ?? unknown(attrs.partial ? attrs.partial(key) : `attribute '${key}' missing`, site));
    }),
    removeAttrs: primop('removeAttrs', 2, ([set, names], site) => withSet(set, 'builtins.removeAttrs', site, (attrs) =>
      withList(names, 'builtins.removeAttrs', site, (items) => {
        const result = copySet(attrs, site);
        for (const item of items) {
          const name = expectText(item, 'builtins.removeAttrs', site);
          if (isUnknown(name)) return name;
          result.attrs.delete(name);
          result.keyOrigins.delete(name);
        }
        return result;
      }))),
    listToAttrs: primop('listToAttrs', 1, ([list], site) => withList(list, 'builtins.listToAttrs', site, (items) => listToAttrs(items, site))),
    mapAttrs: primop('mapAttrs', 2, ([f, set], site) => withSet(set, 'builtins.mapAttrs', site, (attrs) => {
      const fn = expectFunction(f, 'builtins.mapAttrs', site);
      const result = copySet(attrs, site);
      for (const [name, value] of attrs.attrs) result.attrs.set(name, lazy(() => callWith(rt, fn, site, nameOf(attrs, name), value), value.origin));
      return result;
    })),
    intersectAttrs: primop('intersectAttrs', 2, ([a, b], site) => withFullSet(a, 'builtins.intersectAttrs', site, (left) =>
      withFullSet(b, 'builtins.intersectAttrs', site, (right) => {
        const result = copySet(right, site);
        for (const name of right.attrs.keys()) if (!left.attrs.has(name)) result.attrs.delete(name);
        return result;
      }))),
    catAttrs: primop('catAttrs', 2, ([name, list], site) => {
      const key = expectText(name, 'builtins.catAttrs', site);
      if (isUnknown(key)) return key;
      return withList(list, 'builtins.catAttrs', site, (items) => {
        const found: Thunk[] = [];
        for (const item of items) {
          const set = expect(item, 'attrs', 'builtins.catAttrs', site);
          if (set.kind === 'unknown') return set;
          const member = set.attrs.get(key);
          if (member) found.push(member);
          else if (set.partial) return unknown(set.partial(key), site);
        }
        return listOf(found, site);
      });
    }),
    functionArgs: primop('functionArgs', 1, ([f], site) => {
      const fn = expectFunction(f, 'builtins.functionArgs', site);
      if (fn.kind !== 'lambda') return fn.kind === 'unknown' ? fn : attrsOf([], site);
      const optional = new Set(fn.optionalFormals);
      return attrsOf((fn.formals ?? []).map((name) => [name, ready(bool(optional.has(name), site))]), site);
    }),
  };
}

/** Pairs `{ name; value; }`; the first definition of a name wins, as in Nix. */
function listToAttrs(items: Thunk[], site: Span | undefined): Value {
  const result = attrsOf([], site);
  for (const item of items) {
    const pair = expect(item, 'attrs', 'builtins.listToAttrs', site);
    if (pair.kind === 'unknown') return unknown(pair.reason, site);
    const nameThunk = pair.attrs.get('name');
    const value = pair.attrs.get('value');
    if (!nameThunk || !value) return unknown('builtins.listToAttrs: an element lacks `name` or `value`', site);
    const name = expectText(nameThunk, 'builtins.listToAttrs', site);
    if (isUnknown(name)) {
      result.partial ??= (missing) => `attribute '${missing}' may be defined by a name not known: ${name.reason}`;
      continue;
    }
    if (result.attrs.has(name)) continue;
    result.attrs.set(name, value);
    const origin = nameThunk.origin ?? pair.origin;
    if (origin) result.keyOrigins.set(name, origin);
  }
  return result;
}

function copySet(attrs: AttrsValue, site: Span | undefined): AttrsValue {
  return { kind: 'attrs', attrs: new Map(attrs.attrs), keyOrigins: new Map(attrs.keyOrigins), partial: attrs.partial, origin: site };
}
