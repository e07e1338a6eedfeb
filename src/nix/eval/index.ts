/**
 * The static evaluator of Nix (SPEC section 5): lazy, bounded, and honest about what it
 * cannot know. Every value carries the span it was written at; what cannot be known is an
 * `unknown` value with a reason, never an exception.
 *
 * Calling a module `{ config, lib, pkgs, ... }: …` with lazy arguments:
 *
 *   const args = attrsOf([
 *     ['config', lazy(() => mergedConfig())],   // forced only when the module reads it
 *     ['lib', ready(evaluator.lib)],
 *     ['pkgs', ready(evaluator.pkgs)],
 *   ]);
 *   const module = evaluator.apply(fn, ready(args), fn.origin);
 *
 * A function without `...` refuses arguments it does not name, as Nix does; its
 * `formals` and `ellipsis` say what it accepts.
 */
import type { Span } from '../../source/span.js';
import type { SourceTree } from '../../source/tree.js';
import type { ParsedNix } from '../parse.js';
import { inlineChecks, type SyntaxChecks } from '../syntax-checks.js';
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
  /** When tree-sitter parses the files (default: each before it is evaluated). */
  syntaxChecks?: SyntaxChecks;
}

export interface Evaluator {
  /** Evaluate a file as `import ./file` does (cached per path; parse once). Missing/unreadable/outside-ROOT → unknown with reason. */
  importFile(path: string, importedFrom?: Span): Value;
  /** Parse files that are about to be imported, in one run (faster than one at a time). */
  prefetch(paths: readonly string[]): void;
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
  const interpreter = new Interpreter(options.tree, options.maxSteps ?? DEFAULT_MAX_STEPS, options.maxDepth ?? DEFAULT_MAX_DEPTH, options.syntaxChecks ?? inlineChecks);
  return {
    importFile: (path, importedFrom) => interpreter.importFile(path, importedFrom),
    prefetch: (paths) => interpreter.prefetch(paths),
    evalText: (text, file = '<text>') => interpreter.evalSource(text, file),
    parsed: interpreter.parsed,
    lib: interpreter.lib,
    pkgs: interpreter.pkgs,
    builtins: interpreter.builtins,
    apply: (fn, arg, callSite) => interpreter.apply(fn, arg, callSite),
  };
}
