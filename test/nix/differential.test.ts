import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createEvaluator, ready, toJSON } from '../../src/nix/eval/index.js';
import { DIFFERENTIAL_CASES, DIFFERENTIAL_FILES } from './differential-cases.js';
import { memoryTree } from './memory-tree.js';

const STUB_LIB = join(dirname(fileURLToPath(import.meta.url)), 'stub-lib.nix');

/** One attrset holding every case, so real Nix runs once for all of them. */
function casesFile(): string {
  const entries = DIFFERENTIAL_CASES.map(({ name, expr }) => `  ${name} = (\n${expr}\n);`);
  return `lib:\n{\n${entries.join('\n')}\n}\n`;
}

function nixAvailable(): boolean {
  try {
    execFileSync('nix-instantiate', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Real Nix's answer for every case, keyed by case name. */
function oracle(root: string): Record<string, unknown> {
  const output = execFileSync(
    'nix-instantiate',
    ['--eval', '--strict', '--json', '--expr', `import ${join(root, 'cases.nix')} (import ${STUB_LIB})`],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NIX_PATH: '' } },
  );
  return JSON.parse(output) as Record<string, unknown>;
}

test('the evaluator agrees with nix-instantiate', async (t) => {
  if (!nixAvailable()) {
    t.skip('nix-instantiate is not installed; differential tests skipped');
    return;
  }
  // realpath: Nix prints paths resolved through symlinks (macOS /tmp, for one).
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'powersync-lint-differential-')));
  try {
    const files = { ...DIFFERENTIAL_FILES, 'cases.nix': casesFile() };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const expected = oracle(root);

    const evaluator = createEvaluator({ tree: memoryTree(files, root) });
    const casesFunction = evaluator.importFile('cases.nix');
    const actual = evaluator.apply(casesFunction, ready(evaluator.lib));
    assert.equal(actual.kind, 'attrs', `cases.nix evaluated to ${actual.kind}: ${'reason' in actual ? actual.reason : ''}`);
    assert.ok(DIFFERENTIAL_CASES.length >= 60);

    for (const { name, expr } of DIFFERENTIAL_CASES) {
      await t.test(name, () => {
        const value = actual.kind === 'attrs' ? actual.attrs.get(name)!.force() : actual;
        assert.deepEqual(toJSON(value, { unknowns: 'mark' }), expected[name], `expression:\n${expr}`);
      });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
