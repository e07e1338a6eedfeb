import type { Span } from '../../source/span.js';

/**
 * The evaluator's own syntax tree, lowered once per file from tree-sitter's (see lower.ts).
 * Plain objects are much faster to walk than native nodes, string literals arrive with
 * escapes and indentation already resolved, and attribute definitions arrive merged the way
 * Nix's parser merges them.
 */
export type Expr =
  | { kind: 'int'; value: number; span: Span }
  | { kind: 'float'; value: number; span: Span }
  | { kind: 'string'; pieces: Piece[]; span: Span }
  /** A path literal: its text pieces, relative to the file unless it starts with `/`. */
  | { kind: 'path'; pieces: Piece[]; span: Span }
  /** `~/…`: always outside ROOT. */
  | { kind: 'homePath'; text: string; span: Span }
  /** `<nixpkgs>`: opaque. */
  | { kind: 'searchPath'; text: string; span: Span }
  | { kind: 'uri'; text: string; span: Span }
  | { kind: 'var'; name: string; span: Span }
  | { kind: 'list'; items: Expr[]; span: Span }
  | { kind: 'attrs'; recursive: boolean; body: AttrsBody; span: Span }
  | { kind: 'let'; body: AttrsBody; result: Expr; span: Span }
  | { kind: 'with'; scope: Expr; body: Expr; span: Span }
  | { kind: 'assert'; condition: Expr; body: Expr; span: Span }
  | { kind: 'if'; condition: Expr; then: Expr; else: Expr; span: Span }
  /** `names`: what a call binds, the parameter's name then the formals' (see ArgumentBindings). */
  | { kind: 'lambda'; param?: Name; formals?: Formals; body: Expr; span: Span; names: CallNames }
  | { kind: 'apply'; fn: Expr; arg: Expr; span: Span }
  | { kind: 'select'; subject: Expr; path: Key[]; fallback?: Expr; span: Span }
  | { kind: 'hasAttr'; subject: Expr; path: Key[]; span: Span }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; span: Span }
  | { kind: 'not'; operand: Expr; span: Span }
  | { kind: 'negate'; operand: Expr; span: Span }
  /**
   * Syntax lowered when first needed (see lower.ts), once: `lower` gives the expression as
   * written (the lowering merges a `literal` attrset), `load` what evaluates — an invalid
   * expression when lowering found an error Nix reports at parse time.
   */
  | { kind: 'deferred'; span: Span; literal: boolean; lower(): Expr; load(): Expr }
  /** Something the lowering refused (nested too deeply); evaluates to unknown. */
  | { kind: 'invalid'; reason: string; span: Span };

export type BinaryOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||' | '->' | '+' | '-' | '*' | '/' | '//' | '++';

/** A piece of a string or path literal: text written in the source, or `${…}`. */
export type Piece = { text: string; span: Span } | { interpolation: Expr };

/** An attribute name in a path: static (identifier, plain string, `${"constant"}`) or dynamic. */
export type Key = { name: string; span: Span } | { dynamic: Expr; span: Span };

export interface Name {
  name: string;
  span: Span;
}

export interface Formals {
  entries: { name: string; span: Span; fallback?: Expr }[];
  ellipsis: boolean;
  /** The entries' names, and those of the entries with a default: made once, shared by every value of the function. */
  names: string[];
  optional: string[];
}

/** The names a call of a function binds, in order, and where each is when they are many (and distinct). */
export interface CallNames {
  list: string[];
  index: Map<string, number> | undefined;
}

/**
 * The definitions of an attrset or `let`. `a.b = 1; a = { c = 2; };` arrive as one nested
 * entry `a` holding `b` and `c`, as Nix's parser merges them.
 *
 * Static definitions are an array, in the order their names were first written (each name
 * once): a lint holds tens of thousands of bodies, mostly of a few names, and a Map costs
 * several times an array of the same entries. The lowering and a `let`'s variables
 * (LetBindings) look names up: a large body has an index, made while it is built.
 */
export interface AttrsBody {
  entries: AttrDef[];
  dynamic: { key: Expr; def: AttrDef }[];
  /** Position of each name in `entries`, for a large body only (see lower.ts). */
  index: Map<string, number> | undefined;
}

/** The expression of an `inherit (e) …` clause, shared by the names it inherits. */
export interface InheritSource {
  expr: Expr;
}

/** `name` is the attribute's name; a definition in `AttrsBody.dynamic` has its name there, as an expression, and `name` is empty. */
export type AttrDef =
  | { kind: 'value'; name: string; expr: Expr; keySpan: Span }
  /** `inherit name;` (looked up in the enclosing scope) or `inherit (source) name;`. */
  | { kind: 'inherit'; name: string; source?: InheritSource; keySpan: Span }
  /** Attributes defined through dotted paths, possibly merged with an attrset literal. */
  | { kind: 'nested'; name: string; body: AttrsBody; recursive: boolean; keySpan: Span; span: Span };
