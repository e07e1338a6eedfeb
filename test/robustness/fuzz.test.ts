/**
 * Seeded fuzzing of the example repository: each case corrupts one or two of its .nix and
 * YAML files (deletions, duplications, truncations, unbalanced `${`/`''`/braces, NUL bytes,
 * recursion traps, imports of `./.` and of files outside ROOT) and lints the result with
 * `--format json`, with the cache and without. Every case must end in time with exit 0 or
 * 1 and the JSON report — never an internal error — and the cache must agree with a fresh
 * lint. Bounded to about a minute; FUZZ_SEED and FUZZ_CASES choose other cases.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { nixFiles } from '../../bench/generate.js';
import { REPO } from '../helpers/lint-fixture.js';
import { problemOf, runInWorker } from './harness.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_240_601);
const CASES = Number(process.env.FUZZ_CASES ?? 400);
/** New cases start for this long; the last ones finish after. */
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 50_000);
/** One case is two lints of a small repository. */
const CASE_LIMIT_MS = 20_000;

test(`fuzz: ${CASES} corruptions of the example from seed ${SEED} never crash, hang or print anything but the JSON report`, { timeout: BUDGET_MS + 120_000 }, async (t) => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'powersync-lint-fuzz-'));
  try {
    const pristine = `${REPO}fixtures/web-arm`;
    const work = path.join(scratch, 'repo');
    cpSync(pristine, work, { recursive: true });
    const files = [...nixFiles(pristine), 'modules/powersync/sync-rules.yaml', 'hosts/web-arm/secrets.yaml', '.sops.yaml'];
    const outcomes = await runInWorker(
      { kind: 'fuzz', pristine, work, files, seed: SEED, cases: CASES, start: 0, deadline: Date.now() + BUDGET_MS, env: { XDG_CACHE_HOME: path.join(scratch, 'cache'), NO_COLOR: '1' } },
      { limitMs: CASE_LIMIT_MS },
    );
    assert.ok(outcomes.length >= Math.min(CASES, 20), `only ${outcomes.length} cases ran`);
    const slowest = Math.max(...outcomes.map((outcome) => ('ms' in outcome ? outcome.ms : 0)));
    t.diagnostic(`${outcomes.length} cases from seed ${SEED}, the slowest lint took ${Math.round(slowest)} ms`);
    const problems: string[] = [];
    for (const outcome of outcomes) {
      const mutation = 'mutation' in outcome ? outcome.mutation : `case ${outcome.index} (seed ${SEED + outcome.index})`;
      const problem = problemOf(outcome, { json: true });
      if (problem) problems.push(`${mutation}: ${problem}`);
      else if ('status' in outcome && outcome.status === 2) problems.push(`${mutation}: usage error: ${outcome.stderr.trim()}`);
      else if ('uncached' in outcome && outcome.uncached) problems.push(`${mutation}: the cached result differs from a fresh lint (exit ${outcome.status} vs ${outcome.uncached.status})`);
    }
    assert.deepEqual(problems, [], `${problems.length} of ${outcomes.length} cases failed`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
