import { posix } from 'node:path';
import type { Span } from '../../source/span.js';
import { LineMap } from '../../source/span.js';
import { coerceToParts } from './coerce.js';
import { equal } from './compare.js';
import { jsonString } from './json.js';
import { attrsOf, bool, int, listOf, nullValue, plainString, sortedNames, stringOf, typeOf } from './make.js';
import { binary } from './operators.js';
import { expect, expectBool, expectFunction, expectText, isUnknown, partialSet, primop } from './primops.js';
import type { Runtime } from './runtime.js';
import { lazy } from './thunk.js';
import { ready, unknown, type AttrsValue, type StringPart, type Thunk, type UnknownValue, type Value } from './value.js';

/** Names Nix binds at the root scope as well as in `builtins`. */
export const GLOBAL_NAMES = [
  'abort', 'baseNameOf', 'builtins', 'derivation', 'dirOf', 'false', 'fetchGit', 'fetchMercurial', 'fetchTarball',
  'fetchTree', 'fromTOML', 'import', 'isNull', 'map', 'null', 'placeholder', 'removeAttrs', 'scopedImport', 'throw',
  'toString', 'true',
];

/** The modelled subset of `builtins`; every other member is an unknown "builtins.x is not modelled". */
export function createBuiltins(rt: Runtime): AttrsValue {
  const call = (f: Value, site: Span | undefined, ...args: Thunk[]) => args.reduce((fn, arg) => rt.apply(fn, arg, site), f);

  const members: Record<string, Value> = {
    true: bool(true),
    false: bool(false),
    null: nullValue(),

    toString: primop('toString', 1, ([v], site) => stringOf(coerceToParts(rt, v.force(), 'toString', site), site)),
    toJSON: primop('toJSON', 1, ([v], site) => jsonString(rt, v.force(), site)),
    import: primop('import', 1, ([target], site) => rt.importValue(target.force(), site)),
    readFile: primop('readFile', 1, ([path], site) => readFile(rt, path.force(), site)),
    toFile: primop('toFile', 2, ([name, text], site) => {
      const fileName = expectText(name, 'builtins.toFile', site);
      if (isUnknown(fileName)) return fileName;
      return { kind: 'file', name: fileName, format: 'text', content: text, origin: site };
    }),
    pathExists: primop('pathExists', 1, ([path], site) => {
      const p = path.force();
      if (p.kind !== 'path') return unknown('builtins.pathExists: expected a path inside ROOT', site);
      if (!p.insideRoot) return unknown(`builtins.pathExists: \`${p.value}\` is outside ROOT`, site);
      return bool(rt.tree.kind(p.value) !== undefined, site);
    }),
    baseNameOf: primop('baseNameOf', 1, ([v], site) => {
      const value = v.force();
      if (value.kind === 'path') return plainString(posix.basename(rt.paths.absolute(value)), site);
      return knownText(v, 'builtins.baseNameOf', site, (text) => plainString(posix.basename(text), site));
    }),
    dirOf: primop('dirOf', 1, ([v], site) => {
      const value = v.force();
      if (value.kind === 'path') return rt.paths.append(value, '/..', site);
      return knownText(v, 'builtins.dirOf', site, (text) => plainString(posix.dirname(text), site));
    }),

    throw: primop('throw', 1, ([message], site) => unknown(`throw: ${textOrReason(message)}`, site)),
    abort: primop('abort', 1, ([message], site) => unknown(`abort: ${textOrReason(message)}`, site)),
    trace: primop('trace', 2, ([, value]) => value.force()),
    seq: primop('seq', 2, ([first, second]) => (first.force(), second.force())),
    deepSeq: primop('deepSeq', 2, ([, second]) => second.force()),

    typeOf: primop('typeOf', 1, ([v], site) => known(v, (x) => plainString(typeOf(x), site))),
    isString: typePredicate('isString', (v) => v.kind === 'string'),
    isAttrs: typePredicate('isAttrs', (v) => v.kind === 'attrs' || v.kind === 'file'),
    isList: typePredicate('isList', (v) => v.kind === 'list'),
    isFunction: typePredicate('isFunction', (v) => v.kind === 'lambda' || v.kind === 'builtin'),
    isInt: typePredicate('isInt', (v) => v.kind === 'int'),
    isFloat: typePredicate('isFloat', (v) => v.kind === 'float'),
    isBool: typePredicate('isBool', (v) => v.kind === 'bool'),
    isPath: typePredicate('isPath', (v) => v.kind === 'path'),
    isNull: typePredicate('isNull', (v) => v.kind === 'null'),

    add: arithmetic('add', '+'),
    sub: arithmetic('sub', '-'),
    mul: arithmetic('mul', '*'),
    div: arithmetic('div', '/'),
    lessThan: primop('lessThan', 2, ([a, b], site) => binary(rt, '<', a.force(), b.force(), site!)),

    length: primop('length', 1, ([list], site) => withList(list, 'builtins.length', site, (items) => int(items.length, site))),
    head: primop('head', 1, ([list], site) => withList(list, 'builtins.head', site, (items) => (items.length ? items[0].force() : unknown('builtins.head: the list is empty', site)))),
    tail: primop('tail', 1, ([list], site) => withList(list, 'builtins.tail', site, (items) => (items.length ? listOf(items.slice(1), site) : unknown('builtins.tail: the list is empty', site)))),
    elemAt: primop('elemAt', 2, ([list, index], site) =>
      withList(list, 'builtins.elemAt', site, (items) => {
        const i = expect(index, 'int', 'builtins.elemAt', site);
        if (i.kind === 'unknown') return i;
        return items[i.value]?.force() ?? unknown(`builtins.elemAt: index ${i.value} out of bounds`, site);
      }),
    ),
    elem: primop('elem', 2, ([x, list], site) => withList(list, 'builtins.elem', site, (items) => anyEqual(x.force(), items, site))),
    map: primop('map', 2, ([f, list], site) => withList(list, 'builtins.map', site, (items) => {
      const fn = expectFunction(f, 'builtins.map', site);
      return rt.budget.charge(items.length, site) ?? listOf(items.map((item) => lazy(() => call(fn, site, item), item.origin)), site);
    })),
    filter: primop('filter', 2, ([f, list], site) => withList(list, 'builtins.filter', site, (items) => {
      const fn = expectFunction(f, 'builtins.filter', site);
      const kept: Thunk[] = [];
      for (const item of items) {
        const keep = expectBool(ready(call(fn, site, item)), 'builtins.filter', site);
        if (isUnknown(keep)) return unknown(keep.reason, site);
        if (keep) kept.push(item);
      }
      return listOf(kept, site);
    })),
    any: listPredicate('any', true),
    all: listPredicate('all', false),
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
      const fn = expectFunction(f, 'builtins.sort', site);
      const sorted = mergeSort(items, (a, b) => expectBool(ready(call(fn, site, a, b)), 'builtins.sort', site));
      return isUnknown(sorted) ? unknown(sorted.reason, site) : listOf(sorted, site);
    })),

    attrNames: primop('attrNames', 1, ([set], site) => withFullSet(set, 'builtins.attrNames', site, (attrs) =>
      listOf(sortedNames(attrs).map((name) => ready(plainString(name, attrs.keyOrigins.get(name)))), site))),
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
      for (const [name, value] of attrs.attrs) result.attrs.set(name, lazy(() => call(fn, site, ready(plainString(name, attrs.keyOrigins.get(name))), value), value.origin));
      return result;
    })),
    intersectAttrs: primop('intersectAttrs', 2, ([a, b], site) => withSet(a, 'builtins.intersectAttrs', site, (left) =>
      withSet(b, 'builtins.intersectAttrs', site, (right) => {
        const result = copySet(right, site);
        for (const name of right.attrs.keys()) if (!left.attrs.has(name)) result.attrs.delete(name);
        delete result.partial;
        return left.partial || right.partial ? unknown('builtins.intersectAttrs: a set known only in part', site) : result;
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

    stringLength: primop('stringLength', 1, ([s], site) => knownText(s, 'builtins.stringLength', site, (text) => int(text.length, site))),
    substring: primop('substring', 3, ([start, length, s], site) => {
      const from = expect(start, 'int', 'builtins.substring', site);
      const count = expect(length, 'int', 'builtins.substring', site);
      if (from.kind === 'unknown') return from;
      if (count.kind === 'unknown') return count;
      return knownText(s, 'builtins.substring', site, (text) => plainString(text.substr(from.value, count.value < 0 ? undefined : count.value), site));
    }),
    concatStringsSep: primop('concatStringsSep', 2, ([sep, list], site) => withList(list, 'builtins.concatStringsSep', site, (items) => {
      const separator = coerceToParts(rt, sep.force(), 'interpolate', site);
      const parts: StringPart[] = [];
      items.forEach((item, i) => {
        if (i > 0) parts.push(...separator);
        for (const part of coerceToParts(rt, item.force(), 'interpolate', site)) parts.push(part);
      });
      return rt.budget.charge(parts.length, site) ?? stringOf(parts, site);
    })),
    replaceStrings: primop('replaceStrings', 3, ([from, to, s], site) => replaceStrings(from, to, s, site)),
    fromJSON: primop('fromJSON', 1, ([s], site) => knownText(s, 'builtins.fromJSON', site, (text) => fromJSON(text, site))),
  };

  function typePredicate(name: string, test: (v: Value) => boolean): Value {
    return primop(name, 1, ([v], site) => known(v, (x) => bool(test(x), site)));
  }

  function arithmetic(name: string, op: '+' | '-' | '*' | '/'): Value {
    return primop(name, 2, ([a, b], site) => binary(rt, op, a.force(), b.force(), site!));
  }

  function listPredicate(name: string, wanted: boolean): Value {
    return primop(name, 2, ([f, list], site) => withList(list, `builtins.${name}`, site, (items) => {
      const fn = expectFunction(f, `builtins.${name}`, site);
      let undecided: UnknownValue | undefined;
      for (const item of items) {
        const result = expectBool(ready(call(fn, site, item)), `builtins.${name}`, site);
        if (result === wanted) return bool(wanted, site);
        if (isUnknown(result)) undecided ??= result;
      }
      return undecided ? unknown(undecided.reason, site) : bool(!wanted, site);
    }));
  }

  function anyEqual(x: Value, items: Thunk[], site: Span | undefined): Value {
    let undecided: string | undefined;
    for (const item of items) {
      const same = equal(rt, x, item.force(), site);
      if (same === true) return bool(true, site);
      if (same !== false) undecided ??= same.reason;
    }
    return undecided ? unknown(undecided, site) : bool(false, site);
  }

  function concatenate(lists: Thunk[], site: Span | undefined): Value {
    const items: Thunk[] = [];
    for (const thunk of lists) {
      const list = expect(thunk, 'list', 'concatenating lists', site);
      if (list.kind === 'unknown') return unknown(list.reason, site);
      const spent = rt.budget.charge(list.items.length, site);
      if (spent) return spent;
      for (const item of list.items) items.push(item);
    }
    return listOf(items, site);
  }

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
      // The first definition of a name wins, as in Nix.
      if (result.attrs.has(name)) continue;
      result.attrs.set(name, value);
      const origin = nameThunk.origin ?? pair.origin;
      if (origin) result.keyOrigins.set(name, origin);
    }
    return result;
  }

  function replaceStrings(fromList: Thunk, toList: Thunk, s: Thunk, site: Span | undefined): Value {
    const texts = (list: Thunk, what: string): string[] | Value => {
      const l = expect(list, 'list', `builtins.replaceStrings: ${what}`, site);
      if (l.kind === 'unknown') return l;
      const out: string[] = [];
      for (const item of l.items) {
        const text = expectText(item, 'builtins.replaceStrings', site);
        if (isUnknown(text)) return text;
        out.push(text);
      }
      return out;
    };
    const from = texts(fromList, 'patterns');
    const to = texts(toList, 'replacements');
    if (!Array.isArray(from)) return from;
    if (!Array.isArray(to)) return to;
    if (from.length !== to.length) return unknown('builtins.replaceStrings: lists of different lengths', site);
    return knownText(s, 'builtins.replaceStrings', site, (text) => {
      let out = '';
      for (let i = 0; i <= text.length; ) {
        const match = from.findIndex((pattern) => text.startsWith(pattern, i));
        if (match >= 0) {
          out += to[match];
          // An empty pattern matches between characters, so the character itself is kept.
          if (from[match] === '') {
            if (i < text.length) out += text[i];
            i++;
          } else i += from[match].length;
        } else {
          if (i < text.length) out += text[i];
          i++;
        }
      }
      return plainString(out, site);
    });
  }

  function withList(thunk: Thunk, context: string, site: Span | undefined, body: (items: Thunk[]) => Value): Value {
    const list = expect(thunk, 'list', context, site);
    return list.kind === 'unknown' ? unknown(list.reason, site) : body(list.items);
  }

  function withSet(thunk: Thunk, context: string, site: Span | undefined, body: (set: AttrsValue) => Value): Value {
    const set = expect(thunk, 'attrs', context, site);
    return set.kind === 'unknown' ? unknown(set.reason, site) : body(set);
  }

  function withFullSet(thunk: Thunk, context: string, site: Span | undefined, body: (set: AttrsValue) => Value): Value {
    return withSet(thunk, context, site, (set) => (set.partial ? unknown(`${context}: the set is known only in part`, site) : body(set)));
  }

  const builtins = partialSet('builtins', members);
  builtins.attrs.set('builtins', ready(builtins));
  return builtins;
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

function known(thunk: Thunk, body: (v: Value) => Value): Value {
  const v = thunk.force();
  return v.kind === 'unknown' ? v : body(v);
}

function knownText(thunk: Thunk, context: string, site: Span | undefined, body: (text: string) => Value): Value {
  const text = expectText(thunk, context, site);
  return isUnknown(text) ? unknown(text.reason, site) : body(text);
}

function textOrReason(thunk: Thunk): string {
  const v = thunk.force();
  return v.kind === 'string' ? v.value : v.kind === 'unknown' ? v.reason : v.kind;
}

function copySet(attrs: AttrsValue, site: Span | undefined): AttrsValue {
  return { kind: 'attrs', attrs: new Map(attrs.attrs), keyOrigins: new Map(attrs.keyOrigins), partial: attrs.partial, origin: site };
}

/** `builtins.readFile`: the text is one part spanning the whole file, so positions map 1:1. */
function readFile(rt: Runtime, path: Value, site: Span | undefined): Value {
  if (path.kind === 'unknown') return unknown(path.reason, site);
  if (path.kind !== 'path') return unknown('builtins.readFile: expected a path inside ROOT', site);
  if (!path.insideRoot) return unknown(`builtins.readFile: \`${path.value}\` is outside ROOT`, site);
  const read = rt.tree.read(path.value);
  if (!read.ok) return unknown(`builtins.readFile: ${read.reason}`, site);
  const whole = new LineMap(read.text).span(path.value, 0, read.text.length);
  return stringOf(read.text === '' ? [] : [{ text: read.text, origin: whole }], site);
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
