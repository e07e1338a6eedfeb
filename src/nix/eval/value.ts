import type { Span } from '../../source/span.js';

/**
 * Values of the static evaluator. Every value carries the span where it was written
 * (`origin`); a value that cannot be known statically is an `unknown` value with a reason,
 * never an exception. Attribute and list members are lazy thunks, as in Nix.
 */
export type Value =
  | NullValue
  | BoolValue
  | IntValue
  | FloatValue
  | StringValue
  | PathValue
  | ListValue
  | AttrsValue
  | LambdaValue
  | BuiltinValue
  | FileValue
  | UnknownValue;

interface Base {
  /** Where the value was written. Undefined only for values made up by the evaluator. */
  origin?: Span;
}

export interface NullValue extends Base { kind: 'null' }
export interface BoolValue extends Base { kind: 'bool'; value: boolean }
export interface IntValue extends Base { kind: 'int'; value: number }
export interface FloatValue extends Base { kind: 'float'; value: number }

/** One piece of a string: literal text written somewhere, or an interpolated value. */
export interface StringPart {
  text: string;
  /** Where this piece was written (the literal fragment, or the interpolated value's origin). */
  origin?: Span;
  /** The interpolated value when the piece came from `${…}` of a path, file or unknown. */
  ref?: Value;
  /** Set when the piece's text is not statically known; `text` is then a placeholder. */
  unknown?: string;
}

export interface StringValue extends Base {
  kind: 'string';
  /** Concatenated text; unknown parts contribute their placeholder. */
  value: string;
  parts: StringPart[];
}

/** A path literal, resolved to a POSIX path relative to ROOT (or absolute when outside). */
export interface PathValue extends Base { kind: 'path'; value: string; insideRoot: boolean }

export interface ListValue extends Base { kind: 'list'; items: Thunk[] }

export interface AttrsValue extends Base {
  kind: 'attrs';
  attrs: Map<string, Thunk>;
  /** Where each attribute name was written (the attrpath element). */
  keyOrigins: Map<string, Span>;
  /**
   * Set on attrsets known only in part (pkgs, lib, builtins, an attrset with a dynamic name
   * that is not known): selecting a name not in `attrs` yields an unknown with this reason
   * instead of a missing-attribute error, and whatever needs every name (attrNames, ==,
   * toJSON) is unknown.
   */
  partial?: (name: string) => string;
}

export interface LambdaValue extends Base {
  kind: 'lambda';
  /** Applies the function; the evaluator's budget applies. */
  call(arg: Thunk, callSite?: Span): Value;
  /** Formal argument names when the lambda destructures an attrset, for `import ./x.nix args` style modules. */
  formals?: string[];
  /** The formals that have a default (`{ a ? 1 }`). */
  optionalFormals?: string[];
  /** Whether the formals end in `...`. */
  ellipsis?: boolean;
}

/** A primitive (builtins/lib/pkgs function), possibly partially applied. */
export interface BuiltinValue extends Base {
  kind: 'builtin';
  name: string;
  call(arg: Thunk, callSite?: Span): Value;
}

/**
 * A file produced by `pkgs.writeText`, `writeTextFile`, `formats.yaml/json.generate`, `toFile`
 * or `builtins.toFile`. Interpolated into a string it renders as a store path and the part's
 * `ref` is this value, so the model can follow a volume source back to its content.
 */
export interface FileValue extends Base {
  kind: 'file';
  name: string;
  /** `text`: content is the string value; `yaml`/`json`: content is the structured value rendered. */
  format: 'text' | 'yaml' | 'json';
  content: Thunk;
  /** Path of the file inside the store output (`writeTextFile`'s `destination`, `/bin/<name>` for `writeShellScriptBin`). */
  destination?: string;
}

export interface UnknownValue extends Base {
  kind: 'unknown';
  /** Why the value is not statically known, e.g. "pkgs.fetchurl is not modelled". */
  reason: string;
}

/** A lazy, memoised value. Forcing a thunk that is being forced yields an unknown
 * ("infinite recursion") instead of looping. */
export interface Thunk {
  force(): Value;
  /** Where the expression was written, known without forcing. */
  readonly origin?: Span;
}

/** A thunk already evaluated. A class, not a closure: evaluation makes many of these. */
class Ready implements Thunk {
  constructor(private readonly value: Value) {}

  force(): Value {
    return this.value;
  }

  get origin(): Span | undefined {
    return this.value.origin;
  }
}

export function ready(value: Value): Thunk {
  return new Ready(value);
}

export function unknown(reason: string, origin?: Span): UnknownValue {
  return { kind: 'unknown', reason, origin };
}

/** A string known in full: no unknown parts. */
export function isKnownString(v: Value): v is StringValue {
  return v.kind === 'string' && v.parts.every((p) => p.unknown === undefined);
}
