import { fileURLToPath } from 'node:url';
import { DiskTree } from '../../src/source/disk-tree.js';
import { defaultPolicy, type Policy } from '../../src/engine/policy.js';
import { lintHost, type LintResult } from '../../src/engine/lint.js';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** Lints a tree under fixtures/ (path relative to the repo) with the default policy plus overrides. */
export function lintFixture(dir: string, overrides: Partial<Policy> = {}): LintResult {
  const root = `${REPO}fixtures/${dir}`;
  return lintHost({ root, tree: new DiskTree(root), policy: { ...defaultPolicy(), ...overrides } });
}

/** Findings of one rule as `file:line:column` strings, for exact-location assertions. */
export function locations(result: LintResult, ruleId: string): string[] {
  return result.findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.file}:${f.line}:${f.column}`);
}

export function messages(result: LintResult, ruleId: string): string[] {
  return result.findings.filter((f) => f.ruleId === ruleId).map((f) => f.message);
}
