import type { Span } from '../../source/span.js';
import type { BinaryOp } from './ast.js';
import { coerceToParts } from './coerce.js';
import { compare, equal } from './compare.js';
import { bool, describe, listOf, stringOf } from './make.js';
import type { Runtime } from './runtime.js';
import { unknown, type AttrsValue, type StringPart, type Value } from './value.js';

/** The operators whose operands are both evaluated (all but `&&`, `||`, `->`). */
export type StrictOp = Exclude<BinaryOp, '&&' | '||' | '->'>;

export function binary(rt: Runtime, op: StrictOp, a: Value, b: Value, site?: Span): Value {
  switch (op) {
    case '==':
    case '!=': {
      const same = equal(rt, a, b, site);
      return typeof same === 'boolean' ? bool(same === (op === '=='), site) : unknown(same.reason, site);
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const order = op === '<' || op === '>=' ? compare(rt, a, b, site) : compare(rt, b, a, site);
      if (typeof order !== 'number') return unknown(order.reason, site);
      return bool(op === '<' || op === '>' ? order < 0 : order >= 0, site);
    }
    case '+':
      return add(rt, a, b, site);
    case '-':
    case '*':
    case '/':
      return arithmetic(op, a, b, site);
    case '++':
      return concatLists(rt, a, b, site);
    case '//':
      return update(rt, a, b, site);
  }
}

/** `+`: numbers, string concatenation (keeping every part's origin), path + string. */
function add(rt: Runtime, a: Value, b: Value, site?: Span): Value {
  if ((a.kind === 'int' || a.kind === 'float') && (b.kind === 'int' || b.kind === 'float')) return arithmetic('+', a, b, site);
  if (a.kind === 'path') {
    if (b.kind === 'unknown') return unknown(b.reason, site);
    const suffix = b.kind === 'path' ? rt.paths.absolute(b) : coerceToParts(rt, b, 'interpolate', site);
    if (typeof suffix === 'string') return rt.paths.append(a, suffix, site);
    const missing = suffix.find((p) => p.unknown !== undefined);
    if (missing) return unknown(`path with a part not known: ${missing.unknown}`, site);
    return rt.paths.append(a, suffix.map((p) => p.text).join(''), site);
  }
  // A string on either side makes a string; an unknown operand is most likely a string too
  // and becomes an unknown part rather than hiding the known text.
  const stringy = (v: Value) => v.kind === 'string' || v.kind === 'file' || (v.kind === 'attrs' && v.attrs.has('outPath'));
  if (stringy(a) || (a.kind === 'unknown' && stringy(b))) {
    const left = coerceToParts(rt, a, 'interpolate', site);
    const right = coerceToParts(rt, b, 'interpolate', site);
    const spent = rt.budget.charge(left.length + right.length, site);
    return spent ?? stringOf(concatParts(left, right), site);
  }
  if (a.kind === 'unknown') return unknown(a.reason, site);
  if (b.kind === 'unknown') return unknown(b.reason, site);
  return unknown(`cannot add ${describe(b)} to ${describe(a)}`, site);
}

function concatParts(left: StringPart[], right: StringPart[]): StringPart[] {
  const parts = left.slice();
  for (const part of right) parts.push(part);
  return parts;
}

function arithmetic(op: '+' | '-' | '*' | '/', a: Value, b: Value, site?: Span): Value {
  if (a.kind === 'unknown') return unknown(a.reason, site);
  if (b.kind === 'unknown') return unknown(b.reason, site);
  if ((a.kind !== 'int' && a.kind !== 'float') || (b.kind !== 'int' && b.kind !== 'float')) {
    return unknown(`cannot apply \`${op}\` to ${describe(a)} and ${describe(b)}`, site);
  }
  if (op === '/' && b.value === 0) return unknown('division by zero', site);
  const integers = a.kind === 'int' && b.kind === 'int';
  const x = a.value;
  const y = b.value;
  const result = op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : integers ? Math.trunc(x / y) : x / y;
  return { kind: integers ? 'int' : 'float', value: result, origin: site };
}

function concatLists(rt: Runtime, a: Value, b: Value, site?: Span): Value {
  if (a.kind === 'unknown') return unknown(a.reason, site);
  if (b.kind === 'unknown') return unknown(b.reason, site);
  if (a.kind !== 'list' || b.kind !== 'list') return unknown(`cannot concatenate ${describe(a)} and ${describe(b)}`, site);
  const spent = rt.budget.charge(a.items.length + b.items.length, site);
  return spent ?? listOf(a.items.concat(b.items), site);
}

/** `//`: the right operand's attributes win; a set known in part stays known in part. */
export function update(rt: Runtime, a: Value, b: Value, site?: Span): Value {
  if (a.kind === 'unknown') return unknown(a.reason, site);
  if (b.kind === 'unknown') return unknown(b.reason, site);
  if (a.kind !== 'attrs' || b.kind !== 'attrs') return unknown(`cannot update ${describe(a)} with ${describe(b)}`, site);
  const spent = rt.budget.charge(a.attrs.size + b.attrs.size, site);
  if (spent) return spent;
  const merged: AttrsValue = {
    kind: 'attrs',
    attrs: new Map([...a.attrs, ...b.attrs]),
    keyOrigins: new Map([...a.keyOrigins, ...b.keyOrigins]),
    origin: site,
  };
  if (a.partial || b.partial) merged.partial = (name) => (b.partial ?? a.partial)!(name);
  return merged;
}
