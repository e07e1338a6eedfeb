/** The module system on files that are not well-formed modules: found by the robustness
 * tests (test/robustness), fixed at the mechanism, pinned here. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEvaluator } from '../../src/nix/eval/index.js';
import { evaluateHost } from '../../src/nix/modules.js';
import { memoryTree } from './memory-tree.js';

function host(files: Record<string, string>) {
  const tree = memoryTree(files);
  return evaluateHost(createEvaluator({ tree }), tree, 'entry.nix');
}

test('a module that needs config before the modules are merged is unknown, not a crash', () => {
  // A package given as a module: its value needs `stdenv`, which only `_module.args` (that is,
  // config) could provide. Nix reports an infinite recursion.
  const package_ = host({ 'entry.nix': '{ stdenv, lib }: stdenv.mkDerivation { pname = "x"; version = "1"; }' });
  assert.equal(package_.modules.length, 0);
  const imports = host({ 'entry.nix': '{ config, ... }: { imports = if config.x then [ ./a.nix ] else [ ]; }', 'a.nix': '{ }' });
  assert.deepEqual(imports.files, ['entry.nix']);
  assert.equal(imports.config.force().kind, 'attrs');
});

test('an imported file that cannot be read is a problem at the import, whatever the reason', () => {
  const result = host({ 'entry.nix': '{ imports = [ ./missing.nix ./dir ]; }', 'dir/other.nix': '{ }' });
  assert.deepEqual(
    result.problems.map((problem) => [problem.kind, problem.message]),
    [
      ['missing', 'imported module `missing.nix` cannot be read: `missing.nix` does not exist'],
      ['missing', 'imported module `dir/default.nix` cannot be read: `dir` is a directory without a default.nix'],
    ],
  );
});
