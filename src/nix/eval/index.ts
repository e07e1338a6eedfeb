import type { Span } from '../../source/span.js';
import type { SourceTree } from '../../source/tree.js';
import type { ParsedNix } from '../parse.js';
import { DEFAULT_MAX_DEPTH, DEFAULT_MAX_STEPS } from './budget.js';
import { Interpreter } from './evaluator.js';
import type { Thunk, Value } from './value.js';

export { attrsOf, listOf, plainString, stringOf } from './make.js';
export { lazy } from './thunk.js';
export { toJSON, type ToJSONOptions } from './json.js';
export { UNKNOWN_TEXT } from './coerce.js';
export { DEFAULT_MAX_DEPTH, DEFAULT_MAX_STEPS } from './budget.js';
export * from './value.js';

export interface EvalOptions {
  tree: SourceTree;
  /** Evaluation steps for the evaluator's whole life (default 2,000,000). */
  maxSteps?: number;
  /** Nesting of evaluation, and of syntax in a file (default 1,000). */
  maxDepth?: number;
}

export interface Evaluator {
  /** Evaluate a file as `import ./file` does (cached per path; parse once). Missing/unreadable/outside-ROOT → unknown with reason. */
  importFile(path: string, importedFrom?: Span): Value;
  /** Evaluate text as a standalone expression (for tests); paths resolve relative to `file`. */
  evalText(text: string, file?: string): Value;
  /** Every file parsed so far, with its parse errors (the linter reports them). */
  readonly parsed: Map<string, ParsedNix>;
  /** The lib / pkgs / builtins values (modules receive them as arguments). */
  readonly lib: Value;
  readonly pkgs: Value;
  readonly builtins: Value;
  /** Apply a function value to an argument (used by the module system to call `{ config, lib, pkgs, ... }:` modules). */
  apply(fn: Value, arg: Thunk, callSite?: Span): Value;
}

export function createEvaluator(options: EvalOptions): Evaluator {
  const interpreter = new Interpreter(options.tree, options.maxSteps ?? DEFAULT_MAX_STEPS, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  return {
    importFile: (path, importedFrom) => interpreter.importFile(path, importedFrom),
    evalText: (text, file = '<text>') => interpreter.evalSource(text, file),
    parsed: interpreter.parsed,
    lib: interpreter.lib,
    pkgs: interpreter.pkgs,
    builtins: interpreter.builtins,
    apply: (fn, arg, callSite) => interpreter.apply(fn, arg, callSite),
  };
}
