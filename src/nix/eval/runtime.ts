import type { Span } from '../../source/span.js';
import type { SourceTree } from '../../source/tree.js';
import type { Budget } from './budget.js';
import type { Paths } from './paths.js';
import type { Thunk, Value } from './value.js';

/** What primitives (builtins, lib, pkgs) need from the evaluator that runs them. */
export interface Runtime {
  readonly budget: Budget;
  readonly tree: SourceTree;
  readonly paths: Paths;
  apply(fn: Value, arg: Thunk, callSite?: Span): Value;
  /** `import x`: a path inside ROOT is evaluated (a directory means its default.nix). */
  importValue(target: Value, callSite?: Span): Value;
}
