/**
 * A lint that reads files ahead of tree-sitter's verdict (src/nix/syntax-checks.ts) must
 * give exactly the result of one that parses every file first, and must lint again when a
 * file it read ahead has a syntax error.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { largeHost } from '../../bench/generate.js';
import { lintHost, type LintOptions, type LintResult } from '../../src/engine/lint.js';
import { defaultPolicy } from '../../src/engine/policy.js';
import { pendingNix, type ParsedNix } from '../../src/nix/parse.js';
import { inlineChecks, ReadAheadChecks, type SyntaxChecks } from '../../src/nix/syntax-checks.js';
import { DiskTree } from '../../src/source/disk-tree.js';
import { REPO } from '../helpers/lint-fixture.js';

/** The lint's outcome as comparable data: its result, or the error it ended in. */
function outcome(root: string, syntaxChecks: () => SyntaxChecks, extra: Partial<LintOptions> = {}): LintResult | string {
  try {
    return lintHost({ root, tree: new DiskTree(root), policy: defaultPolicy(), syntaxChecks, ...extra });
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
}

/** Every host tree of the fixtures: the example and each rule's and suppression's cases. */
function fixtureRoots(): string[] {
  const roots = [`${REPO}fixtures/web-arm`];
  for (const group of ['rules', 'suppressions']) {
    const base = `${REPO}fixtures/${group}`;
    for (const name of readdirSync(base)) {
      const dir = path.join(base, name);
      if (readdirSync(dir).includes('hosts')) roots.push(dir);
      else for (const sub of readdirSync(dir)) if (statSync(path.join(dir, sub)).isDirectory()) roots.push(path.join(dir, sub));
    }
  }
  return roots;
}

test('reading ahead gives the result of parsing first, on every fixture host', () => {
  const roots = fixtureRoots();
  assert.ok(roots.length > 140, `${roots.length} fixture hosts`);
  for (const root of roots) {
    const exact = outcome(root, () => inlineChecks);
    const ahead = outcome(root, () => new ReadAheadChecks({ inlineFirst: 0, worker: false }));
    assert.deepEqual(ahead, exact, path.relative(REPO, root));
  }
});

test('reading ahead with the worker gives the result of parsing first on a 300-module host', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'powersync-lint-read-ahead-'));
  try {
    const { root } = largeHost(path.join(scratch, 'large'), 300);
    const exact = outcome(root, () => inlineChecks, { host: 'web-arm' });
    const ahead = outcome(root, () => new ReadAheadChecks({ inlineFirst: 16, worker: true }), { host: 'web-arm' });
    assert.notEqual(typeof exact, 'string');
    assert.equal((exact as LintResult).files, 300);
    assert.deepEqual(ahead, exact);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

/**
 * Checks that hand out `file` with other text than it has — as if the reader had read it
 * wrong — and then report that it was read ahead with an error: the lint must be redone.
 */
function misreading(file: string, misread: string, settleFails: boolean): { checks: () => SyntaxChecks; settled: () => number } {
  let settled = 0;
  return {
    settled: () => settled,
    checks: () => ({
      parse(text: string, name: string): ParsedNix {
        const parsed = pendingNix(name === file ? misread : text, name);
        parsed.settle(false);
        return parsed;
      },
      settle() {
        settled++;
        return settleFails;
      },
    }),
  };
}

function exampleWithError(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'powersync-lint-read-ahead-'));
  cpSync(`${REPO}fixtures/web-arm`, root, { recursive: true });
  return root;
}

test('a file read ahead that turns out to have a syntax error: the host is linted again, parsing first', () => {
  const root = exampleWithError();
  try {
    const file = 'modules/powersync/default.nix';
    writeFileSync(path.join(root, file), '{ lib, ... }: { oops = ; }\n');
    const exact = outcome(root, () => inlineChecks, { host: 'web-arm' }) as LintResult;
    assert.deepEqual(
      exact.findings.filter((f) => f.ruleId === 'nix-parse-error').map((f) => `${f.file}:${f.line}:${f.column}`),
      [`${file}:1:23`],
    );
    // The misread file looks clean to the first evaluation (no container at all, say).
    const { checks, settled } = misreading(file, '{ }\n', true);
    const redone = outcome(root, checks, { host: 'web-arm' });
    assert.equal(settled(), 1);
    assert.deepEqual(redone, exact);
    // Had the checks not failed, the misread result would stand: the redo is what corrects it.
    const trusted = outcome(root, misreading(file, '{ }\n', false).checks, { host: 'web-arm' });
    assert.notDeepEqual(trusted, exact);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('an exception while reading ahead: linted again when the read-ahead failed, else it is not hidden', () => {
  const root = exampleWithError();
  try {
    const exploding = (settleFails: boolean) => () => ({
      parse(text: string, name: string): ParsedNix {
        if (name.endsWith('nginx.nix')) throw new TypeError('misread syntax');
        return inlineChecks.parse(text, name);
      },
      settle: () => settleFails,
    });
    const exact = outcome(root, () => inlineChecks, { host: 'web-arm' });
    assert.deepEqual(outcome(root, exploding(true), { host: 'web-arm' }), exact);
    assert.equal(outcome(root, exploding(false), { host: 'web-arm' }), 'TypeError: misread syntax');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
