import type { Span } from '../../source/span.js';
import { equal } from './compare.js';
import { attrsOf, bool, listOf, nameOf, plainString, sortedNames, stringOf } from './make.js';
import { update } from './operators.js';
import { callWith, expectBool, expectFunction, expectText, isUnknown, partialSet, primop, withFullSet, withList, withText } from './primops.js';
import type { Runtime } from './runtime.js';
import { lazy } from './thunk.js';
import { moduleFunctions } from './lib-modules.js';
import { createTypes } from './types.js';
import { ready, unknown, type AttrsValue, type Thunk, type Value } from './value.js';

/** The builtins nixpkgs' lib re-exports under the same names. */
const FROM_BUILTINS = [
  'head', 'tail', 'length', 'filter', 'elem', 'elemAt', 'map', 'genList', 'concatLists', 'concatMap', "foldl'", 'sort',
  'any', 'all', 'attrNames', 'attrValues', 'hasAttr', 'getAttr', 'removeAttrs', 'listToAttrs', 'mapAttrs', 'catAttrs',
  'intersectAttrs', 'functionArgs', 'isString', 'isAttrs', 'isList', 'isFunction', 'isInt', 'isBool', 'isFloat',
  'isPath', 'concatStringsSep', 'replaceStrings', 'substring', 'stringLength', 'toJSON', 'toString', 'readFile',
  'pathExists', 'typeOf', 'seq', 'deepSeq', 'throw', 'trace',
];

const STRINGS = ['concatStringsSep', 'concatMapStringsSep', 'concatMapStrings', 'optionalString', 'hasPrefix', 'hasSuffix', 'removePrefix', 'removeSuffix', 'toUpper', 'toLower', 'fileContents', 'replaceStrings', 'substring', 'stringLength'];
const LISTS = ['optional', 'optionals', 'flatten', 'unique', 'concatMap', 'elem', 'head', 'tail', 'last', 'length', 'filter', 'map', "foldl'", 'foldl', 'foldr', 'elemAt', 'genList', 'any', 'all', 'sort'];
const ATTRSETS = ['mapAttrs', "mapAttrs'", 'mapAttrsToList', 'listToAttrs', 'nameValuePair', 'genAttrs', 'attrNames', 'attrValues', 'filterAttrs', 'recursiveUpdate', 'optionalAttrs', 'hasAttr', 'getAttr', 'catAttrs'];

/**
 * The modelled subset of nixpkgs' lib. The module-system helpers return exactly the
 * attrsets nixpkgs builds (`{ _type = "if"; condition; content; }` …), which the module
 * system reads; anything not listed is an unknown "lib.x is not modelled".
 */
export function createLib(rt: Runtime, builtins: AttrsValue): AttrsValue {
  const builtin = (name: string) => builtins.attrs.get(name)!.force();
  const call = (f: Value, site: Span | undefined, ...args: Thunk[]) => callWith(rt, f, site, ...args);
  const types = createTypes();

  /** `f affix s` on two fully known strings; `body` also gets the thunk of `s`. */
  const twoTexts = (name: string, body: (affix: string, text: string, s: Thunk, site: Span | undefined) => Value) =>
    primop(name, 2, ([affix, s], site) =>
      withText(affix, `lib.${name}`, site, (a) => withText(s, `lib.${name}`, site, (text) => body(a, text, s, site))));

  /** `cond ? yes : no`, unknown when the condition is. */
  const when = (name: string, condition: Thunk, site: Span | undefined, yes: () => Value, no: () => Value) => {
    const c = expectBool(condition, `lib.${name}`, site);
    return isUnknown(c) ? unknown(c.reason, site) : c ? yes() : no();
  };

  const mapAttrsToList = (f: Thunk, set: Thunk, site: Span | undefined) =>
    withFullSet(set, 'lib.mapAttrsToList', site, (attrs) => {
      const fn = expectFunction(f, 'lib.mapAttrsToList', site);
      return listOf(sortedNames(attrs).map((name) => lazy(() => call(fn, site, nameOf(attrs, name), attrs.attrs.get(name)!), site)), site);
    });

  const recursiveUpdate = (lhs: Value, rhs: Value, site: Span | undefined): Value => {
    const merged = update(rt, lhs, rhs, site);
    if (merged.kind !== 'attrs' || lhs.kind !== 'attrs' || rhs.kind !== 'attrs') return merged;
    for (const [name, right] of rhs.attrs) {
      const left = lhs.attrs.get(name);
      if (!left) continue;
      merged.attrs.set(name, lazy(() => {
        const [l, r] = [left.force(), right.force()];
        return l.kind === 'attrs' && r.kind === 'attrs' ? recursiveUpdate(l, r, site) : r;
      }, right.origin));
    }
    return merged;
  };

  const flatten = (v: Value, site: Span | undefined, into: Thunk[]): Value | undefined =>
    rt.budget.descend(site, () => {
      if (v.kind === 'unknown') return unknown(v.reason, site);
      if (v.kind !== 'list') {
        into.push(ready(v));
        return rt.budget.charge(1, site);
      }
      for (const item of v.items) {
        const stop = flatten(item.force(), site, into);
        if (stop) return stop;
      }
      return undefined;
    }, (why): Value | undefined => why);

  const members: Record<string, Value> = {
    ...Object.fromEntries(FROM_BUILTINS.map((name) => [name, builtin(name)])),
    types,
    id: primop('id', 1, ([x]) => x.force()),

    ...moduleFunctions(rt, types),

    optional: primop('optional', 2, ([condition, x], site) => when('optional', condition, site, () => listOf([x], site), () => listOf([], site))),
    optionals: primop('optionals', 2, ([condition, list], site) => when('optionals', condition, site, () => list.force(), () => listOf([], site))),
    optionalString: primop('optionalString', 2, ([condition, s], site) => when('optionalString', condition, site, () => s.force(), () => plainString('', site))),
    optionalAttrs: primop('optionalAttrs', 2, ([condition, set], site) => when('optionalAttrs', condition, site, () => set.force(), () => attrsOf([], site))),

    concatMapStringsSep: primop('concatMapStringsSep', 3, ([sep, f, list], site) =>
      call(builtin('concatStringsSep'), site, sep, ready(call(builtin('map'), site, f, list)))),
    concatMapStrings: primop('concatMapStrings', 2, ([f, list], site) =>
      call(builtin('concatStringsSep'), site, ready(plainString('')), ready(call(builtin('map'), site, f, list)))),
    hasPrefix: twoTexts('hasPrefix', (prefix, text, _, site) => bool(text.startsWith(prefix), site)),
    hasSuffix: twoTexts('hasSuffix', (suffix, text, _, site) => bool(text.endsWith(suffix), site)),
    removePrefix: twoTexts('removePrefix', (prefix, text, s, site) => (text.startsWith(prefix) ? plainString(text.slice(prefix.length), site) : s.force())),
    removeSuffix: twoTexts('removeSuffix', (suffix, text, s, site) =>
      suffix !== '' && text.endsWith(suffix) ? plainString(text.slice(0, -suffix.length), site) : s.force()),
    toUpper: primop('toUpper', 1, ([s], site) => withText(s, 'lib.toUpper', site, (t) => plainString(t.toUpperCase(), site))),
    toLower: primop('toLower', 1, ([s], site) => withText(s, 'lib.toLower', site, (t) => plainString(t.toLowerCase(), site))),
    fileContents: primop('fileContents', 1, ([path], site) => {
      const content = call(builtin('readFile'), site, path);
      if (content.kind !== 'string' || !content.value.endsWith('\n')) return content;
      const parts = content.parts.slice();
      const last = parts[parts.length - 1];
      parts[parts.length - 1] = { ...last, text: last.text.slice(0, -1) };
      return stringOf(parts, site);
    }),

    last: primop('last', 1, ([list], site) =>
      withList(list, 'lib.last', site, (items) => (items.length ? items[items.length - 1].force() : unknown('lib.last: the list is empty', site)))),
    flatten: primop('flatten', 1, ([x], site) => {
      const items: Thunk[] = [];
      return flatten(x.force(), site, items) ?? listOf(items, site);
    }),
    unique: primop('unique', 1, ([list], site) => withList(list, 'lib.unique', site, (items) => {
      const spent = rt.budget.charge(items.length * items.length, site);
      if (spent) return spent;
      const kept: Thunk[] = [];
      for (const item of items) {
        const seen = kept.map((k) => equal(rt, k.force(), item.force(), site));
        const undecided = seen.find(isUnknown);
        if (undecided) return unknown(undecided.reason, site);
        if (!seen.includes(true)) kept.push(item);
      }
      return listOf(kept, site);
    })),
    // Lazy folds, as nixpkgs writes them: each step is a thunk over the previous one.
    foldl: primop('foldl', 3, ([f, initial, list], site) => withList(list, 'lib.foldl', site, (items) => {
      const fn = expectFunction(f, 'lib.foldl', site);
      return items.reduce((acc, item) => lazy(() => call(fn, site, acc, item), site), initial).force();
    })),
    foldr: primop('foldr', 3, ([f, initial, list], site) => withList(list, 'lib.foldr', site, (items) => {
      const fn = expectFunction(f, 'lib.foldr', site);
      return items.reduceRight((acc, item) => lazy(() => call(fn, site, item, acc), site), initial).force();
    })),

    nameValuePair: primop('nameValuePair', 2, ([name, value], site) => attrsOf([['name', name], ['value', value]], site)),
    mapAttrsToList: primop('mapAttrsToList', 2, ([f, set], site) => mapAttrsToList(f, set, site)),
    "mapAttrs'": primop("mapAttrs'", 2, ([f, set], site) => call(builtin('listToAttrs'), site, ready(mapAttrsToList(f, set, site)))),
    genAttrs: primop('genAttrs', 2, ([names, f], site) => withList(names, 'lib.genAttrs', site, (items) => {
      const fn = expectFunction(f, 'lib.genAttrs', site);
      const result = attrsOf([], site);
      for (const item of items) {
        const name = expectText(item, 'lib.genAttrs', site);
        if (isUnknown(name)) return unknown(name.reason, site);
        if (result.attrs.has(name)) continue;
        result.attrs.set(name, lazy(() => call(fn, site, item), site));
        if (item.origin) result.keyOrigins.set(name, item.origin);
      }
      return result;
    })),
    filterAttrs: primop('filterAttrs', 2, ([predicate, set], site) => withFullSet(set, 'lib.filterAttrs', site, (attrs) => {
      const fn = expectFunction(predicate, 'lib.filterAttrs', site);
      const result = attrsOf([], site);
      for (const name of sortedNames(attrs)) {
        const value = attrs.attrs.get(name)!;
        const keep = expectBool(ready(call(fn, site, nameOf(attrs, name), value)), 'lib.filterAttrs', site);
        if (isUnknown(keep)) return unknown(keep.reason, site);
        if (!keep) continue;
        result.attrs.set(name, value);
        const origin = attrs.keyOrigins.get(name);
        if (origin) result.keyOrigins.set(name, origin);
      }
      return result;
    })),
    recursiveUpdate: primop('recursiveUpdate', 2, ([lhs, rhs], site) => recursiveUpdate(lhs.force(), rhs.force(), site)),
  };

  const subset = (path: string, names: string[]) => partialSet(path, Object.fromEntries(names.map((name) => [name, members[name]])));
  return partialSet('lib', {
    ...members,
    strings: subset('lib.strings', STRINGS),
    lists: subset('lib.lists', LISTS),
    attrsets: subset('lib.attrsets', ATTRSETS),
  });
}
