import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { nixFiles } from '../../bench/generate.js';
import { parseNix } from '../../src/nix/parse.js';
import { ReadAheadChecks, readAheadOptions } from '../../src/nix/syntax-checks.js';
import { REPO } from '../helpers/lint-fixture.js';

const FIXTURES = `${REPO}fixtures`;
const BROKEN = [
  ['broken/unclosed.nix', '{ a = 1;\n'],
  ['broken/pipe.nix', '{ a = [ 1 ] |> map (x: x); }\n'],
  ['broken/trailing-comma.nix', '{ lib, pkgs, }:\n{ }\n'],
  ['broken/empty.nix', ''],
] as const;

/** Every .nix text of the fixtures, plus a few files with errors (and the trailing-comma quirk). */
function texts(): [string, string][] {
  const found: [string, string][] = nixFiles(FIXTURES).map((file) => [file, readFileSync(`${FIXTURES}/${file}`, 'utf8')]);
  return [...found, ...BROKEN.map(([file, text]) => [file, text] as [string, string])];
}

function verdictsOf(checks: ReadAheadChecks, files: [string, string][]) {
  const parsed = files.map(([file, text]) => checks.parse(text, file));
  const failed = checks.settle();
  return { failed, verdicts: parsed.map((p) => ({ file: p.file, treeHasErrors: p.treeHasErrors, errors: p.errors })) };
}

for (const worker of [true, false]) {
  test(`read ahead (${worker ? 'worker thread' : 'parsed when settling'}): the same verdicts and errors as parsing first`, () => {
    const files = texts();
    assert.ok(files.length > 150, `${files.length} files`);
    const expected = files.map(([file, text]) => {
      const p = parseNix(text, file);
      return { file, treeHasErrors: p.treeHasErrors, errors: p.errors };
    });
    const { failed, verdicts } = verdictsOf(new ReadAheadChecks({ inlineFirst: 5, worker }), files);
    assert.deepEqual(verdicts, expected);
    // Nothing was read by the evaluator before its verdict, so nothing has to be evaluated again.
    assert.equal(failed, false);
    assert.ok(expected.filter((v) => v.errors.length > 0).length >= 3);
  });
}

test('a file whose syntax was read before its verdict, and has errors, fails the read-ahead', () => {
  const checks = new ReadAheadChecks({ inlineFirst: 0, worker: true });
  const clean = checks.parse('{ a = 1; }', 'clean.nix');
  const broken = checks.parse('{ a = 1;', 'broken.nix');
  assert.equal(broken.treeHasErrors, undefined, 'the verdict is pending');
  assert.equal(broken.errors.length, 0);
  clean.readAhead = true;
  broken.readAhead = true;
  assert.equal(checks.settle(), true);
  assert.equal(clean.treeHasErrors, false);
  assert.equal(broken.treeHasErrors, true);
  assert.equal(broken.errors[0].span.line, 1);
});

test('a file read ahead that is clean does not fail the read-ahead', () => {
  const checks = new ReadAheadChecks({ inlineFirst: 0, worker: true });
  const clean = checks.parse('{ a = 1; }', 'clean.nix');
  clean.readAhead = true;
  assert.equal(checks.settle(), false);
  assert.equal(clean.treeHasErrors, false);
});

test('the first files are parsed at once: a small host never starts a worker', () => {
  const checks = new ReadAheadChecks({ inlineFirst: 2, worker: true });
  const first = checks.parse('{ a = 1; }', 'a.nix');
  const second = checks.parse('{ b = ', 'b.nix');
  const third = checks.parse('{ c = 3; }', 'c.nix');
  assert.equal(first.treeHasErrors, false);
  assert.equal(second.treeHasErrors, true);
  assert.equal(second.errors.length, 1);
  assert.equal(third.treeHasErrors, undefined);
  assert.equal(checks.settle(), false);
  assert.equal(third.treeHasErrors, false);
});

test('using a pending file\'s tree settles its verdict at once', () => {
  const checks = new ReadAheadChecks({ inlineFirst: 0, worker: false });
  const broken = checks.parse('let x = ; in x', 'broken.nix');
  assert.equal(broken.treeHasErrors, undefined);
  assert.equal(broken.root.hasError(), true);
  assert.equal(broken.treeHasErrors, true);
  assert.deepEqual(
    broken.errors.map((e) => `${e.span.line}:${e.span.column}`),
    parseNix('let x = ; in x', 'broken.nix').errors.map((e) => `${e.span.line}:${e.span.column}`),
  );
  assert.equal(checks.settle(), false, 'not read ahead');
});

test('read-ahead settings: 64 files parsed first in a worker by default; the environment adjusts them', () => {
  assert.deepEqual(readAheadOptions({}), { inlineFirst: 64, worker: true });
  assert.deepEqual(readAheadOptions({ POWERSYNC_LINT_READ_AHEAD_AFTER: '0', POWERSYNC_LINT_SYNTAX_WORKER: 'off' }), { inlineFirst: 0, worker: false });
  assert.deepEqual(readAheadOptions({ POWERSYNC_LINT_READ_AHEAD_AFTER: 'many' }), { inlineFirst: 64, worker: true });
});
