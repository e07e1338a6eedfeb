import type { Span } from '../../source/span.js';
import { describe, unknownTextReason } from './make.js';
import type { Runtime } from './runtime.js';
import { ready, unknown, type AttrsValue, type BuiltinValue, type Thunk, type UnknownValue, type Value } from './value.js';

/** Helpers to write builtins, lib and pkgs functions compactly. */

export type PrimopBody = (args: Thunk[], site: Span | undefined) => Value;

/** A curried primitive: collects `arity` arguments, then runs `body`. */
export function primop(name: string, arity: number, body: PrimopBody, collected: Thunk[] = []): BuiltinValue {
  return {
    kind: 'builtin',
    name,
    call: (arg, site) => {
      const args = [...collected, arg];
      return args.length === arity ? body(args, site) : primop(name, arity, body, args);
    },
  };
}

/**
 * An attrset of primitives and constants. Names it does not list are unknown ("lib.foo is
 * not modelled"), not missing: the real set has many more members.
 */
export function partialSet(path: string, members: Record<string, Value>): AttrsValue {
  return {
    kind: 'attrs',
    attrs: new Map(Object.entries(members).map(([name, value]) => [name, ready(value)])),
    keyOrigins: new Map(),
    partial: (name) => `${path}.${name} is not modelled`,
  };
}

/** Applies `f` to each argument in turn. */
export function callWith(rt: Runtime, f: Value, site: Span | undefined, ...args: Thunk[]): Value {
  return args.reduce((fn, arg) => rt.apply(fn, arg, site), f);
}

type Kind = Value['kind'];
type OfKind<K extends Kind> = Extract<Value, { kind: K }>;

/** Forces an argument expecting one kind; an unknown passes through, another kind is an error (unknown). */
export function expect<K extends Kind>(thunk: Thunk, kind: K, context: string, site?: Span): OfKind<K> | UnknownValue {
  const v = thunk.force();
  if (v.kind === kind || v.kind === 'unknown') return v as OfKind<K> | UnknownValue;
  return unknown(`${context}: expected ${describe({ kind } as Value)} but got ${describe(v)}`, site);
}

/** Forces an argument expecting a function (a lambda, a primitive or a set with `__functor`). */
export function expectFunction(thunk: Thunk, context: string, site?: Span): Value {
  const v = thunk.force();
  if (v.kind === 'lambda' || v.kind === 'builtin' || v.kind === 'unknown' || (v.kind === 'attrs' && v.attrs.has('__functor'))) return v;
  return unknown(`${context}: expected a function but got ${describe(v)}`, site);
}

/** Forces an argument expecting a string whose text is fully known. */
export function expectText(thunk: Thunk, context: string, site?: Span): string | UnknownValue {
  const v = expect(thunk, 'string', context, site);
  if (v.kind === 'unknown') return v;
  const why = unknownTextReason(v);
  return why === undefined ? v.value : unknown(`${context}: ${why}`, site);
}

/** Forces an argument expecting a Boolean. */
export function expectBool(thunk: Thunk, context: string, site?: Span): boolean | UnknownValue {
  const v = expect(thunk, 'bool', context, site);
  return v.kind === 'unknown' ? v : v.value;
}

export function isUnknown(v: unknown): v is UnknownValue {
  return typeof v === 'object' && v !== null && (v as Value).kind === 'unknown';
}

/** Runs `body` on a list argument; anything else gives an unknown at `site`. */
export function withList(thunk: Thunk, context: string, site: Span | undefined, body: (items: Thunk[]) => Value): Value {
  const list = expect(thunk, 'list', context, site);
  return list.kind === 'unknown' ? unknown(list.reason, site) : body(list.items);
}

/** Runs `body` on a set argument (possibly known only in part). */
export function withSet(thunk: Thunk, context: string, site: Span | undefined, body: (set: AttrsValue) => Value): Value {
  const set = expect(thunk, 'attrs', context, site);
  return set.kind === 'unknown' ? unknown(set.reason, site) : body(set);
}

/** Runs `body` on a set argument whose every name must be known (to list or filter them). */
export function withFullSet(thunk: Thunk, context: string, site: Span | undefined, body: (set: AttrsValue) => Value): Value {
  return withSet(thunk, context, site, (set) => (set.partial ? unknown(`${context}: the set is known only in part`, site) : body(set)));
}

/** Runs `body` on a string argument whose text is fully known. */
export function withText(thunk: Thunk, context: string, site: Span | undefined, body: (text: string) => Value): Value {
  const text = expectText(thunk, context, site);
  return isUnknown(text) ? unknown(text.reason, site) : body(text);
}
