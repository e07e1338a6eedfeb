import { posix } from 'node:path';
import type { Span } from '../../source/span.js';
import { LineMap } from '../../source/span.js';
import { listBuiltins } from './builtins-lists.js';
import { setBuiltins } from './builtins-sets.js';
import { stringBuiltins } from './builtins-strings.js';
import { coerceToParts } from './coerce.js';
import { jsonString } from './json.js';
import { bool, nullValue, plainString, stringOf, typeOf } from './make.js';
import { binary } from './operators.js';
import { expectText, isUnknown, partialSet, primop, withText } from './primops.js';
import type { Runtime } from './runtime.js';
import { ready, unknown, type AttrsValue, type Thunk, type Value } from './value.js';

/** Names Nix binds at the root scope as well as in `builtins`. */
export const GLOBAL_NAMES = [
  'abort', 'baseNameOf', 'builtins', 'derivation', 'dirOf', 'false', 'fetchGit', 'fetchMercurial', 'fetchTarball',
  'fetchTree', 'fromTOML', 'import', 'isNull', 'map', 'null', 'placeholder', 'removeAttrs', 'scopedImport', 'throw',
  'toString', 'true',
];

/** The modelled subset of `builtins`; every other member is an unknown "builtins.x is not modelled". */
export function createBuiltins(rt: Runtime): AttrsValue {
  const typePredicate = (name: string, test: (v: Value) => boolean) =>
    primop(name, 1, ([v], site) => known(v, (x) => bool(test(x), site)));
  const arithmetic = (name: string, op: '+' | '-' | '*' | '/' | '<') =>
    primop(name, 2, ([a, b], site) => binary(rt, op, a.force(), b.force(), site));

  const builtins = partialSet('builtins', {
    true: bool(true),
    false: bool(false),
    null: nullValue(),
    ...listBuiltins(rt),
    ...setBuiltins(rt),
    ...stringBuiltins(rt),

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
      return withText(v, 'builtins.baseNameOf', site, (text) => plainString(posix.basename(text), site));
    }),
    dirOf: primop('dirOf', 1, ([v], site) => {
      const value = v.force();
      if (value.kind === 'path') return rt.paths.append(value, '/..', site);
      return withText(v, 'builtins.dirOf', site, (text) => plainString(posix.dirname(text), site));
    }),

    throw: primop('throw', 1, ([message], site) => unknown(`throw: ${messageOf(message)}`, site)),
    abort: primop('abort', 1, ([message], site) => unknown(`abort: ${messageOf(message)}`, site)),
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
    lessThan: arithmetic('lessThan', '<'),
  });
  builtins.attrs.set('builtins', ready(builtins));
  return builtins;
}

function known(thunk: Thunk, body: (v: Value) => Value): Value {
  const v = thunk.force();
  return v.kind === 'unknown' ? v : body(v);
}

function messageOf(thunk: Thunk): string {
  const v = thunk.force();
  return v.kind === 'string' ? v.value : v.kind === 'unknown' ? v.reason : v.kind;
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
