/**
 * Any .nix file can be given as --entry: every file of the example and of generated fleet
 * repositories (modules, directory default.nix files, helper libraries, hosts), plus files
 * that are not modules at all (a package, a flake, plain values, recursion traps). Each must
 * end with exit 0, 1 or 2 (and the JSON report for 0 and 1) — never an internal error.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { largeHost, manyHosts, nixFiles } from '../../bench/generate.js';
import { REPO } from '../helpers/lint-fixture.js';
import { problemOf, runInWorker } from './harness.js';

/** Files that are not NixOS modules, as found in real repositories. */
const ODD_FILES: Record<string, string> = {
  'pkgs/hello.nix': `{ stdenv, fetchurl, lib }:
stdenv.mkDerivation rec {
  pname = "hello";
  version = "2.12";
  src = fetchurl {
    url = "mirror://gnu/hello/hello-\${version}.tar.gz";
    sha256 = lib.fakeSha256;
  };
  meta.license = lib.licenses.gpl3Plus;
}
`,
  'pkgs/default.nix': '{ pkgs ? import <nixpkgs> { } }: { hello = pkgs.callPackage ./hello.nix { }; }\n',
  'shell.nix': '{ pkgs ? import <nixpkgs> { } }: pkgs.mkShell { packages = [ pkgs.nodejs ]; }\n',
  'values/int.nix': '42\n',
  'values/string.nix': '"a string"\n',
  'values/list.nix': '[ 1 "two" ./three ]\n',
  'values/null.nix': 'null\n',
  'values/path.nix': './.\n',
  'values/function.nix': 'x: y: x + y\n',
  'values/empty.nix': '',
  'values/comment.nix': '# nothing but a comment\n',
  'values/throw.nix': 'throw "not today"\n',
  'values/abort.nix': 'abort "stop"\n',
  'values/system.nix': 'builtins.currentSystem\n',
  'traps/loop.nix': 'let x = x; in x\n',
  'traps/rec.nix': 'rec { a = b; b = a; }\n',
  'traps/self.nix': 'import ./self.nix\n',
  'traps/dir.nix': 'import ./.\n',
  'traps/omega.nix': '(x: x x) (x: x x)\n',
  'traps/imports-self.nix': '{ imports = [ ./imports-self.nix ]; }\n',
  'traps/module-args.nix': '{ config, ... }: { networking.hostName = config.networking.hostName; }\n',
  'traps/deep-config.nix': '{ config, ... }: { a = config.b; b = config.a; }\n',
};

test('every .nix file of the example and of generated repositories works as --entry', { timeout: 600_000 }, async (t) => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'powersync-lint-entries-'));
  try {
    const example = path.join(scratch, 'example');
    cpSync(`${REPO}fixtures/web-arm`, example, { recursive: true });
    for (const [file, text] of Object.entries(ODD_FILES)) {
      mkdirSync(path.dirname(path.join(example, file)), { recursive: true });
      writeFileSync(path.join(example, file), text);
    }
    const roots = [example, largeHost(path.join(scratch, 'large'), 160).root, manyHosts(path.join(scratch, 'many'), 12, 60).root];
    const runs = roots.flatMap((root) => nixFiles(root).map((file) => ({ args: ['--entry', file, '--format', 'json', '--no-cache', '.'], cwd: root })));
    const outcomes = await runInWorker({ kind: 'runs', runs, env: { NO_COLOR: '1' }, start: 0 }, { limitMs: 30_000 });
    assert.equal(outcomes.length, runs.length);
    const problems = outcomes.flatMap((outcome, i) => {
      const problem = problemOf(outcome, { json: true });
      return problem ? [`${path.relative(scratch, path.join(runs[i].cwd, runs[i].args[1]))}: ${problem}`] : [];
    });
    t.diagnostic(`${runs.length} entries`);
    assert.deepEqual(problems, []);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
