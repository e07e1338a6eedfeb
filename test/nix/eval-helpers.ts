import type { Span } from '../../src/source/span.js';
import { createEvaluator, toJSON, type EvalOptions, type Evaluator, type Value } from '../../src/nix/eval/index.js';
import { memoryTree } from './memory-tree.js';

/** Evaluates `text` as the file `main.nix` of a tree holding `files` besides. */
export function evaluate(text: string, files: Record<string, string> = {}, options: Omit<EvalOptions, 'tree'> = {}): { evaluator: Evaluator; value: Value } {
  const evaluator = createEvaluator({ tree: memoryTree({ ...files, 'main.nix': text }), ...options });
  return { evaluator, value: evaluator.importFile('main.nix') };
}

/** The plain JSON of `text`'s value, unknowns marked as `{ $unknown: reason }`. */
export function json(text: string, files: Record<string, string> = {}): unknown {
  return toJSON(evaluate(text, files).value, { unknowns: 'mark' });
}

/** Selects a path of attributes, failing loudly when a step is not an attrset. */
export function member(v: Value, ...path: string[]): Value {
  let current = v;
  for (const name of path) {
    if (current.kind !== 'attrs') throw new Error(`cannot select ${name} from ${current.kind}${'reason' in current ? `: ${current.reason}` : ''}`);
    const next = current.attrs.get(name);
    if (!next) throw new Error(`no attribute ${name}`);
    current = next.force();
  }
  return current;
}

/** `line:column-endLine:endColumn`, the way tests state expected locations. */
export function at(span: Span | undefined): string {
  return span ? `${span.line}:${span.column}-${span.endLine}:${span.endColumn}` : 'nowhere';
}

export function reasonOf(v: Value): string {
  if (v.kind !== 'unknown') throw new Error(`expected an unknown value, got ${v.kind}`);
  return v.reason;
}
