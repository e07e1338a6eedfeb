import type { Span } from '../../source/span.js';
import { attrsOf, listOf, plainString } from './make.js';
import { partialSet, primop } from './primops.js';
import { ready, type AttrsValue, type Thunk, type Value } from './value.js';

/**
 * `lib.types`: markers the module system reads, shaped like nixpkgs' option types
 * (`{ _type = "option-type"; name = …; }`). String types that concatenate definitions carry
 * their `separator` (`types.lines` joins with "\n"); composite types carry `nestedTypes`
 * (`elemType`, `left`/`right`, …), `submodule` its `modules`, `enum` its `values`.
 */
export function createTypes(): AttrsValue {
  const simple: Record<string, Value> = {};
  for (const name of SIMPLE_TYPES) simple[name] = optionType(name);
  const separated = (name: string, separator: string) => optionType(name, { separator: ready(plainString(separator)) });
  const wrapping = (name: string) => primop(`types.${name}`, 1, ([elemType], site) => optionType(name, { nestedTypes: ready(attrsOf([['elemType', elemType]])) }, site));

  return partialSet('lib.types', {
    ...simple,
    lines: separated('lines', '\n'),
    commas: separated('commas', ','),
    envVar: separated('envVar', ':'),
    separatedString: primop('types.separatedString', 1, ([separator], site) => optionType('separatedString', { separator }, site)),
    listOf: wrapping('listOf'),
    nonEmptyListOf: wrapping('nonEmptyListOf'),
    attrsOf: wrapping('attrsOf'),
    lazyAttrsOf: wrapping('lazyAttrsOf'),
    nullOr: wrapping('nullOr'),
    uniq: wrapping('uniq'),
    unique: primop('types.unique', 2, ([, elemType], site) => optionType('unique', { nestedTypes: ready(attrsOf([['elemType', elemType]])) }, site)),
    functionTo: wrapping('functionTo'),
    either: primop('types.either', 2, ([left, right], site) => optionType('either', { nestedTypes: ready(attrsOf([['left', left], ['right', right]])) }, site)),
    oneOf: primop('types.oneOf', 1, ([types], site) => optionType('oneOf', { types }, site)),
    coercedTo: primop('types.coercedTo', 3, ([coercedType, , finalType], site) =>
      optionType('coercedTo', { nestedTypes: ready(attrsOf([['coercedType', coercedType], ['finalType', finalType]])) }, site)),
    enum: primop('types.enum', 1, ([values], site) => optionType('enum', { values }, site)),
    strMatching: primop('types.strMatching', 1, ([pattern], site) => optionType('strMatching', { pattern }, site)),
    addCheck: primop('types.addCheck', 2, ([type]) => type.force()),
    submodule: primop('types.submodule', 1, ([modules], site) => optionType('submodule', { modules: ready(listOf([modules])) }, site)),
    submoduleWith: primop('types.submoduleWith', 1, ([settings], site) => optionType('submodule', { settings }, site)),
    ints: partialSet('lib.types.ints', {
      ...Object.fromEntries(INT_TYPES.map((name) => [name, optionType(name)])),
      between: primop('types.ints.between', 2, (_, site) => optionType('intBetween', {}, site)),
    }),
  });
}

const SIMPLE_TYPES = [
  'str', 'nonEmptyStr', 'singleLineStr', 'bool', 'int', 'float', 'number', 'port', 'path', 'package', 'attrs',
  'anything', 'raw', 'unspecified', 'pathInStore', 'shellPackage',
];

const INT_TYPES = ['positive', 'unsigned', 'u8', 'u16', 'u32', 's8', 's16', 's32'];

function optionType(name: string, extra: Record<string, Thunk> = {}, origin?: Span): Value {
  return attrsOf(
    [
      ['_type', ready(plainString('option-type'))],
      ['name', ready(plainString(name))],
      ...Object.entries(extra),
    ],
    origin,
  );
}
