import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { createEvaluator, toJSON, type Value } from '../../src/nix/eval/index.js';
import { isAbsent } from '../../src/nix/merge.js';
import { evaluateHost } from '../../src/nix/modules.js';
import { MODULE_CASES, type ModuleCase } from './differential-module-cases.js';
import { memoryTree } from './memory-tree.js';
import { HERE, nixAvailable, nixEvalJSON, scratchRoot, writeFiles } from './nix-oracle.js';

/**
 * Differential tests of the module system: for each configuration of MODULE_CASES, the
 * merged `config` of powersync-lint's evaluateHost (src/nix/modules.ts, merge.ts) must
 * equal what stub-modules.nix — evalModules written in Nix the way nixpkgs'
 * lib/modules.nix works — computes under real Nix. Nix runs once over every case; our side
 * reads the same files from an in-memory tree.
 *
 * Where nixpkgs would throw, both sides are compared by marker: conflicting definitions
 * are `{ __conflict = "<path>"; }` (ours: an unknown value saying so), an option left
 * without a definition is absent (ours: `isAbsent`).
 */

function allCasesExpr(cases: ModuleCase[]): string {
  const entries = cases.map(({ name }) => `  ${name} = (evalModules { modules = [ ./${name}/entry.nix ]; }).output;`);
  return [
    'let',
    `  inherit (import ${HERE}/stub-modules.nix (import ${HERE}/stub-lib.nix)) evalModules;`,
    'in',
    '{',
    ...entries,
    '}',
    '',
  ].join('\n');
}

const CONFLICT = /^`([^`]*)` has conflicting definitions/;

/** The merged configuration as JSON, with ours' markers in the oracle's words. */
function observed(v: Value): unknown {
  switch (v.kind) {
    case 'attrs': {
      if (v.attrs.has('_type')) return toJSON(v, { unknowns: 'mark' });
      const out: Record<string, unknown> = {};
      for (const name of [...v.attrs.keys()].sort()) {
        const member = v.attrs.get(name)!.force();
        if (!isAbsent(member)) out[name] = observed(member);
      }
      return out;
    }
    case 'list':
      return v.items.map((item) => observed(item.force()));
    case 'unknown': {
      const conflict = CONFLICT.exec(v.reason);
      return conflict ? { __conflict: conflict[1] } : { $unknown: v.reason };
    }
    default:
      return toJSON(v, { unknowns: 'mark' });
  }
}

test('the module system agrees with evalModules under nix-instantiate', async (t) => {
  if (!nixAvailable()) {
    t.skip('nix-instantiate is not installed; differential tests skipped');
    return;
  }
  assert.ok(MODULE_CASES.length >= 25);
  const files: Record<string, string> = {};
  for (const { name, files: caseFiles } of MODULE_CASES) {
    for (const [path, text] of Object.entries(caseFiles)) files[`${name}/${path}`] = text;
  }
  const root = scratchRoot('powersync-lint-modules-');
  try {
    writeFiles(root, { ...files, 'all-cases.nix': allCasesExpr(MODULE_CASES) });
    const expected = nixEvalJSON(`import ${root}/all-cases.nix`) as Record<string, unknown>;

    const tree = memoryTree(files, root);
    const evaluator = createEvaluator({ tree });
    for (const { name, files: caseFiles } of MODULE_CASES) {
      await t.test(name, () => {
        const host = evaluateHost(evaluator, tree, `${name}/entry.nix`);
        assert.deepEqual(host.problems, []);
        const modules = Object.entries(caseFiles).map(([path, text]) => `--- ${path}\n${text}`).join('\n');
        assert.deepEqual(observed(host.config.force()), expected[name], `modules:\n${modules}`);
      });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
