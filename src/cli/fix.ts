/** `powersync-lint --fix`: lint, apply the fixes the findings offer in passes (src/fix/passes.ts),
 * write the changed files atomically, and hand back the lint of the fixed text to report. */
import path from 'node:path';
import { UsageError } from '../engine/errors.js';
import type { LintResult } from '../engine/lint.js';
import { writeFileAtomic } from '../fix/atomic-write.js';
import { runFixPasses } from '../fix/passes.js';
import type { SourceTree } from '../source/tree.js';
import type { CliContext } from './context.js';
import { displayPath } from './lint.js';

export interface LintAndFixOptions {
  root: string;
  tree: SourceTree;
  /** --staged: there is no working tree file to fix. */
  staged?: boolean;
  context: CliContext;
  lint(tree: SourceTree): LintResult;
}

export async function lintAndFix(options: LintAndFixOptions): Promise<LintResult> {
  if (options.staged) throw new UsageError('--fix cannot be combined with --staged: fixes are written to the working tree, which may differ from the index; run --fix, review, and git add');
  const run = runFixPasses(options.tree, options.lint);
  const written: string[] = [];
  for (const change of run.changes) {
    const target = path.join(options.root, change.file);
    try {
      writeFileAtomic(target, change.after);
    } catch (error) {
      const done = written.length > 0 ? ` (already fixed: ${written.join(', ')})` : '';
      throw new UsageError(`cannot write the fixes to ${change.file}: ${(error as Error).message}${done}`);
    }
    written.push(change.file);
  }
  if (run.applied > 0 && written.length > 0) {
    const files = written.map((file) => displayPath(path.join(options.root, file), options.context.cwd)).join(', ');
    // stderr: with --format json, stdout carries the report and nothing else.
    options.context.stderr.write(`powersync-lint: fixed ${run.applied} ${run.applied === 1 ? 'problem' : 'problems'} in ${files}\n`);
  }
  return run.result;
}
