import type { Span } from '../../source/span.js';
import { coerceToParts, fileStorePath, unknownPart } from './coerce.js';
import { sortedNames, stringOf, unknownTextReason } from './make.js';
import type { Runtime } from './runtime.js';
import { ready, unknown, type StringPart, type StringValue, type UnknownValue, type Value } from './value.js';

/** A value forced deeply into JSON's shapes; what cannot be rendered stays an unknown leaf. */
type Json =
  | { kind: 'scalar'; text: string; value: null | boolean | number }
  | { kind: 'string'; string: StringValue }
  | { kind: 'list'; items: Json[] }
  | { kind: 'object'; entries: [string, Json][] }
  | { kind: 'unknown'; value: UnknownValue };

const DEFAULT_JSON_DEPTH = 1_000;

/**
 * Forces `v` deeply the way Nix's JSON printer does: sets with `__toString` or `outPath`
 * render as strings, paths and generated files as store paths. Without a runtime (the
 * exported `toJSON`) paths render as their ROOT-relative value and `__toString` is not
 * applied.
 */
function jsonOf(v: Value, rt: Runtime | undefined, depth: number, site?: Span): Json {
  if (depth <= 0) return { kind: 'unknown', value: unknown('value nested too deeply to render as JSON', site) };
  const nested = (inner: Value) => jsonOf(inner, rt, depth - 1, site);
  switch (v.kind) {
    case 'null':
      return { kind: 'scalar', text: 'null', value: null };
    case 'bool':
      return { kind: 'scalar', text: String(v.value), value: v.value };
    case 'int':
      return { kind: 'scalar', text: String(v.value), value: v.value };
    case 'float': {
      const text = formatFloat(v.value);
      return { kind: 'scalar', text, value: Number(text) };
    }
    case 'string':
      return { kind: 'string', string: v };
    case 'path':
      return { kind: 'string', string: rt ? stringOf(coerceToParts(rt, v, 'interpolate', site), v.origin) : stringOf([{ text: v.value, origin: v.origin }]) };
    case 'file':
      return { kind: 'string', string: stringOf([{ text: fileStorePath(v), origin: v.origin, ref: v }], v.origin) };
    case 'list':
      return { kind: 'list', items: v.items.map((item) => nested(item.force())) };
    case 'attrs': {
      if (v.partial) return { kind: 'unknown', value: unknown('a set known only in part cannot be rendered as JSON', v.origin) };
      const toStringFn = v.attrs.get('__toString');
      if (toStringFn && rt) return nested(rt.apply(toStringFn.force(), ready(v), site));
      const outPath = v.attrs.get('outPath');
      if (outPath) return nested(outPath.force());
      return { kind: 'object', entries: sortedNames(v).map((name) => [name, nested(v.attrs.get(name)!.force())]) };
    }
    case 'unknown':
      return { kind: 'unknown', value: v };
    default:
      return { kind: 'unknown', value: unknown('cannot convert a function to JSON', v.origin) };
  }
}

export interface ToJSONOptions {
  /** Nesting beyond which the value is treated as unknown. */
  maxDepth?: number;
  /** `throw` (default): an unknown anywhere throws; `mark`: it renders as `{ "$unknown": reason }`. */
  unknowns?: 'throw' | 'mark';
}

/** Deep-forces `v` to plain JSON, like `nix-instantiate --eval --strict --json` prints it. */
export function toJSON(v: Value, options: ToJSONOptions = {}): unknown {
  const mark = options.unknowns === 'mark';
  const plain = (json: Json): unknown => {
    switch (json.kind) {
      case 'scalar':
        return json.value;
      case 'string': {
        const why = unknownTextReason(json.string);
        return why === undefined ? json.string.value : unknownLeaf(why);
      }
      case 'list':
        return json.items.map(plain);
      case 'object':
        return Object.fromEntries(json.entries.map(([name, item]) => [name, plain(item)]));
      case 'unknown':
        return unknownLeaf(json.value.reason);
    }
  };
  const unknownLeaf = (reason: string) => {
    if (mark) return { $unknown: reason };
    throw new Error(`value not known: ${reason}`);
  };
  let json: Json;
  try {
    json = jsonOf(v, undefined, options.maxDepth ?? DEFAULT_JSON_DEPTH);
  } catch (error) {
    // The last resort behind the depth limit, when called from deep in the stack already.
    if (!(error instanceof RangeError)) throw error;
    json = { kind: 'unknown', value: unknown(`value nested too deeply to render as JSON (${error.message})`, v.origin) };
  }
  return plain(json);
}

/**
 * `builtins.toJSON`: the JSON text as a string value. A string whose text needs no
 * escaping keeps its parts' origins, so positions inside generated JSON map back to the
 * Nix literals; unknowns become unknown parts.
 */
export function jsonString(rt: Runtime, v: Value, site?: Span): StringValue {
  const parts: StringPart[] = [];
  let pending = '';
  const text = (t: string) => (pending += t);
  const part = (p: StringPart) => {
    if (pending) parts.push({ text: pending });
    pending = '';
    parts.push(p);
  };
  const emit = (json: Json): void => {
    switch (json.kind) {
      case 'scalar':
        return void text(json.text);
      case 'string':
        text('"');
        for (const p of json.string.parts) {
          const escaped = escapeJSON(p.text);
          if (p.unknown !== undefined || escaped === p.text) part(p);
          else text(escaped);
        }
        return void text('"');
      case 'list':
        text('[');
        json.items.forEach((item, i) => {
          if (i > 0) text(',');
          emit(item);
        });
        return void text(']');
      case 'object':
        text('{');
        json.entries.forEach(([name, item], i) => {
          text(`${i > 0 ? ',' : ''}"${escapeJSON(name)}":`);
          emit(item);
        });
        return void text('}');
      case 'unknown':
        return part(unknownPart(json.value.reason, json.value));
    }
  };
  emit(jsonOf(v, rt, DEFAULT_JSON_DEPTH, site));
  if (pending) parts.push({ text: pending });
  return stringOf(parts, site);
}

/** Nix escapes `"`, `\`, and control characters (`\n`, `\r`, `\t`, else `\u00XX`). */
function escapeJSON(s: string): string {
  return s.replace(/["\\\u0000-\u001f]/g, (c) => {
    if (c === '"' || c === '\\') return `\\${c}`;
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** Floats as Nix 2.8 prints them (C++ stream defaults: 6 significant digits, %g style). */
function formatFloat(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mantissa, exponentText] = x.toExponential(5).split('e');
  const exponent = Number(exponentText);
  const trim = (digits: string) => (digits.includes('.') ? digits.replace(/0+$/, '').replace(/\.$/, '') : digits);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${trim(mantissa)}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return trim(x.toFixed(5 - exponent));
}
