import type { Span } from '../../source/span.js';
import { equal } from './compare.js';
import { bool, int, listOf } from './make.js';
import { callWith, expect, expectBool, expectFunction, isUnknown, primop, withList } from './primops.js';
import type { Runtime } from './runtime.js';
import { lazy } from './thunk.js';
import { ready, unknown, type Thunk, type UnknownValue, type Value } from './value.js';

/** The list builtins. Lazy where Nix is (`map`, `genList`); the rest force what they must. */
export function listBuiltins(rt: Runtime): Record<string, Value> {
  const call = (f: Value, site: Span | undefined, ...args: Thunk[]) => callWith(rt, f, site, ...args);
  const predicate = (fn: Value, site: Span | undefined, context: string) => (...args: Thunk[]) => expectBool(ready(call(fn, site, ...args)), context, site);

  const anyOrAll = (name: 'any' | 'all', decisive: boolean) =>
    primop(name, 2, ([f, list], site) => withList(list, `builtins.${name}`, site, (items) => {
      const test = predicate(expectFunction(f, `builtins.${name}`, site), site, `builtins.${name}`);
      let undecided: UnknownValue | undefined;
      for (const item of items) {
        const result = test(item);
        if (result === decisive) return bool(decisive, site);
        if (isUnknown(result)) undecided ??= result;
      }
      return undecided ? unknown(undecided.reason, site) : bool(!decisive, site);
    }));

  const concatenate = (lists: Thunk[], site: Span | undefined): Value => {
    const items: Thunk[] = [];
    for (const thunk of lists) {
      const list = expect(thunk, 'list', 'concatenating lists', site);
      if (list.kind === 'unknown') return unknown(list.reason, site);
      const spent = rt.budget.charge(list.items.length, site);
      if (spent) return spent;
      for (const item of list.items) items.push(item);
    }
    return listOf(items, site);
  };

  return {
    length: primop('length', 1, ([list], site) => withList(list, 'builtins.length', site, (items) => int(items.length, site))),
    head: primop('head', 1, ([list], site) =>
      withList(list, 'builtins.head', site, (items) => (items.length ? items[0].force() : unknown('builtins.head: the list is empty', site)))),
    tail: primop('tail', 1, ([list], site) =>
      withList(list, 'builtins.tail', site, (items) => (items.length ? listOf(items.slice(1), site) : unknown('builtins.tail: the list is empty', site)))),
    elemAt: primop('elemAt', 2, ([list, index], site) => withList(list, 'builtins.elemAt', site, (items) => {
      const i = expect(index, 'int', 'builtins.elemAt', site);
      if (i.kind === 'unknown') return i;
      return items[i.value]?.force() ?? unknown(`builtins.elemAt: index ${i.value} out of bounds`, site);
    })),
    elem: primop('elem', 2, ([x, list], site) => withList(list, 'builtins.elem', site, (items) => {
      let undecided: string | undefined;
      for (const item of items) {
        const same = equal(rt, x.force(), item.force(), site);
        if (same === true) return bool(true, site);
        if (same !== false) undecided ??= same.reason;
      }
      return undecided ? unknown(undecided, site) : bool(false, site);
    })),
    map: primop('map', 2, ([f, list], site) => withList(list, 'builtins.map', site, (items) => {
      const fn = expectFunction(f, 'builtins.map', site);
      return rt.budget.charge(items.length, site) ?? listOf(items.map((item) => lazy(() => call(fn, site, item), item.origin)), site);
    })),
    filter: primop('filter', 2, ([f, list], site) => withList(list, 'builtins.filter', site, (items) => {
      const keep = predicate(expectFunction(f, 'builtins.filter', site), site, 'builtins.filter');
      const kept: Thunk[] = [];
      for (const item of items) {
        const verdict = keep(item);
        if (isUnknown(verdict)) return unknown(verdict.reason, site);
        if (verdict) kept.push(item);
      }
      return listOf(kept, site);
    })),
    any: anyOrAll('any', true),
    all: anyOrAll('all', false),
    genList: primop('genList', 2, ([f, count], site) => {
      const n = expect(count, 'int', 'builtins.genList', site);
      if (n.kind === 'unknown') return n;
      const fn = expectFunction(f, 'builtins.genList', site);
      const spent = rt.budget.charge(n.value, site);
      return spent ?? listOf(Array.from({ length: n.value }, (_, i) => lazy(() => call(fn, site, ready(int(i, site))), site)), site);
    }),
    concatLists: primop('concatLists', 1, ([lists], site) => withList(lists, 'builtins.concatLists', site, (items) => concatenate(items, site))),
    concatMap: primop('concatMap', 2, ([f, list], site) => withList(list, 'builtins.concatMap', site, (items) => {
      const fn = expectFunction(f, 'builtins.concatMap', site);
      return concatenate(items.map((item) => ready(call(fn, site, item))), site);
    })),
    "foldl'": primop("foldl'", 3, ([f, initial, list], site) => withList(list, "builtins.foldl'", site, (items) => {
      const fn = expectFunction(f, "builtins.foldl'", site);
      let acc = initial.force();
      for (const item of items) acc = call(fn, site, ready(acc), item);
      return acc;
    })),
    sort: primop('sort', 2, ([f, list], site) => withList(list, 'builtins.sort', site, (items) => {
      const sorted = mergeSort(items, predicate(expectFunction(f, 'builtins.sort', site), site, 'builtins.sort'));
      return isUnknown(sorted) ? unknown(sorted.reason, site) : listOf(sorted, site);
    })),
  };
}

/** A stable merge sort (as Nix's) whose comparison may be unknown, which ends the sort. */
function mergeSort(items: Thunk[], less: (a: Thunk, b: Thunk) => boolean | UnknownValue): Thunk[] | UnknownValue {
  if (items.length <= 1) return items;
  const middle = items.length >> 1;
  const left = mergeSort(items.slice(0, middle), less);
  if (isUnknown(left)) return left;
  const right = mergeSort(items.slice(middle), less);
  if (isUnknown(right)) return right;
  const merged: Thunk[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const rightFirst = less(right[j], left[i]);
    if (isUnknown(rightFirst)) return rightFirst;
    merged.push(rightFirst ? right[j++] : left[i++]);
  }
  return merged.concat(left.slice(i), right.slice(j));
}
