import type { Span } from '../../source/span.js';
import { BodyKeyOrigins } from './key-origins.js';
import { ready, type AttrsValue, type ListValue, type StringPart, type StringValue, type Thunk, type Value } from './value.js';

/** Constructors and descriptions of values, shared by the evaluator and its primitives. */

export function stringOf(parts: StringPart[], origin?: Span): StringValue {
  let value = '';
  // An indexed loop: this runs mostly before the JIT optimizes it, where for…of allocates.
  for (let i = 0; i < parts.length; i++) value += parts[i].text;
  return { kind: 'string', value, parts, origin };
}

/** A string made of one piece of text written (or computed) at `origin`. */
export function plainString(text: string, origin?: Span): StringValue {
  return stringOf(text === '' ? [] : [{ text, origin }], origin);
}

export function int(value: number, origin?: Span): Value {
  return { kind: 'int', value, origin };
}

export function bool(value: boolean, origin?: Span): Value {
  return { kind: 'bool', value, origin };
}

export function nullValue(origin?: Span): Value {
  return { kind: 'null', origin };
}

export function listOf(items: Thunk[], origin?: Span): ListValue {
  return { kind: 'list', items, origin };
}

/**
 * An attrset from thunks, e.g. the arguments the module system passes to a module. Without
 * `keyOrigins`, no name has an origin yet: a BodyKeyOrigins of nothing stands for the empty
 * Map until one is set (mkIf, mkDefault and the like make many such sets, never given one).
 */
export function attrsOf(entries: Iterable<[string, Thunk]>, origin?: Span, keyOrigins?: Map<string, Span>): AttrsValue {
  return { kind: 'attrs', attrs: new Map(entries), keyOrigins: keyOrigins ?? new BodyKeyOrigins(NO_DEFINITIONS), origin };
}

const NO_DEFINITIONS: readonly never[] = [];

/** An attribute's name as a string value, written where the name was written. */
export function nameOf(set: AttrsValue, name: string): Thunk {
  return ready(plainString(name, set.keyOrigins.get(name)));
}

/** Attribute names in Nix's order (byte order, which is code-unit order for the ASCII names Nix code uses). */
export function sortedNames(attrs: AttrsValue): string[] {
  return [...attrs.attrs.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `builtins.typeOf`. A file is a derivation, hence a set. */
export function typeOf(v: Value): string {
  switch (v.kind) {
    case 'attrs':
    case 'file':
      return 'set';
    case 'builtin':
      return 'lambda';
    default:
      return v.kind;
  }
}

/** How Nix names a value's type in its error messages ("a set", "an integer"). */
export function describe(v: Value): string {
  switch (v.kind) {
    case 'int':
      return 'an integer';
    case 'bool':
      return 'a Boolean';
    case 'null':
      return 'null';
    case 'lambda':
    case 'builtin':
      return 'a function';
    case 'unknown':
      return 'a value not known';
    default:
      return `a ${typeOf(v)}`;
  }
}

/** Why a string's text is not fully known: its first unknown part's reason, if any. */
export function unknownTextReason(s: StringValue): string | undefined {
  return s.parts.find((part) => part.unknown !== undefined)?.unknown;
}
