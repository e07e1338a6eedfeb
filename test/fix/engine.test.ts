import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Finding, Fix } from '../../src/engine/finding.js';
import { writeFileAtomic } from '../../src/fix/atomic-write.js';
import { unifiedDiff } from '../../src/fix/diff.js';
import { applyEdits, chooseFixes } from '../../src/fix/edits.js';
import { OverlayTree } from '../../src/fix/overlay-tree.js';
import { MAX_FIX_PASSES, runFixPasses } from '../../src/fix/passes.js';
import type { ReadResult, SourceTree } from '../../src/source/tree.js';

const fix = (file: string, startIndex: number, endIndex: number, text: string): Fix => ({ description: text, edits: [{ file, startIndex, endIndex, text }] });

describe('choosing and applying edits', () => {
  it('applies non-overlapping edits from the end, whatever their order', () => {
    assert.equal(applyEdits('abcdef', [{ file: 'f', startIndex: 4, endIndex: 5, text: 'E' }, { file: 'f', startIndex: 0, endIndex: 0, text: '>' }, { file: 'f', startIndex: 1, endIndex: 3, text: '' }]), '>adEf');
    assert.throws(() => applyEdits('abc', [{ file: 'f', startIndex: 0, endIndex: 2, text: '' }, { file: 'f', startIndex: 1, endIndex: 3, text: '' }]), /overlaps/);
    assert.throws(() => applyEdits('abc', [{ file: 'f', startIndex: 2, endIndex: 9, text: '' }]), /outside/);
  });

  it('takes fixes in source order; one that touches a taken edit waits for the next pass', () => {
    const a = fix('f', 10, 12, 'A');
    const b = fix('f', 11, 13, 'B'); // overlaps a
    const c = fix('f', 12, 12, 'C'); // an insertion where a ends: order would matter
    const d = fix('f', 20, 20, 'D');
    const e = fix('g', 11, 13, 'E'); // another file
    assert.deepEqual(chooseFixes([d, c, b, a, e]), [a, d, e]);
  });

  it('the same edit reported twice is applied once; a fix is taken whole or not at all', () => {
    const one = fix('f', 1, 2, 'x');
    assert.deepEqual(chooseFixes([one, fix('f', 1, 2, 'x')]), [one]);
    const first = fix('f', 0, 1, 'a');
    const whole: Fix = { description: 'two edits', edits: [{ file: 'f', startIndex: 30, endIndex: 31, text: '' }, { file: 'f', startIndex: 1, endIndex: 1, text: 'y' }] };
    const far = fix('f', 30, 31, 'z');
    // whole's insertion at 1 touches first: none of its edits is taken, so far can be.
    assert.deepEqual(chooseFixes([whole, far, first]), [first, far]);
  });
});

/** A tree of in-memory files. */
class MemoryTree implements SourceTree {
  readonly root = '/memory';
  constructor(readonly files: Map<string, string>) {}
  kind(file: string) {
    return this.files.has(file) ? ('file' as const) : undefined;
  }
  read(file: string): ReadResult {
    const text = this.files.get(file);
    return text === undefined ? { ok: false, reason: 'no such file' } : { ok: true, text };
  }
  isExecutable() {
    return false;
  }
  list() {
    return [];
  }
}

function findingWith(fixToOffer: Fix | undefined): Finding {
  return { ruleId: 'r', severity: 'error', message: 'm', file: 'a.nix', line: 1, column: 1, endLine: 1, endColumn: 1, fix: fixToOffer };
}

describe('fix passes', () => {
  it('lints, applies, re-lints until nothing is offered; nothing is written', () => {
    const base = new MemoryTree(new Map([['a.nix', '{ a = 1; }\n']]));
    // Each pass offers one insertion until the file holds three of them.
    const lint = (tree: SourceTree) => {
      const text = (tree.read('a.nix') as { text: string }).text;
      const count = text.split('b').length - 1;
      return { findings: count < 3 ? [findingWith(fix('a.nix', 1, 1, ` b${count} = 0;`))] : [findingWith(undefined)] };
    };
    const run = runFixPasses(base, lint);
    assert.equal(run.passes, 3);
    assert.equal(run.applied, 3);
    assert.deepEqual(run.changes, [{ file: 'a.nix', before: '{ a = 1; }\n', after: '{ b2 = 0; b1 = 0; b0 = 0; a = 1; }\n' }]);
    assert.equal(base.files.get('a.nix'), '{ a = 1; }\n');
    assert.equal(run.result.findings[0].fix, undefined);
  });

  it(`stops after ${MAX_FIX_PASSES} passes of a fix that never settles`, () => {
    const base = new MemoryTree(new Map([['a.nix', '[ ]\n']]));
    const lint = () => ({ findings: [findingWith(fix('a.nix', 1, 1, ' 1'))] });
    const run = runFixPasses(base, lint);
    assert.equal(run.passes, MAX_FIX_PASSES);
    assert.equal(run.changes[0].after, `[${' 1'.repeat(MAX_FIX_PASSES)} ]\n`);
  });

  it('a fix that would break the Nix syntax is refused and not retried; the others go ahead', () => {
    const base = new MemoryTree(new Map([['a.nix', '{ a = 1; }\n'], ['b.nix', '{ }\n']]));
    let lints = 0;
    const lint = (tree: SourceTree) => {
      lints++;
      const done = (tree.read('b.nix') as { text: string }).text.includes('c');
      return { findings: [findingWith(fix('a.nix', 2, 2, '{{{')), findingWith(done ? undefined : fix('b.nix', 2, 2, 'c = 2; '))] };
    };
    const run = runFixPasses(base, lint);
    assert.deepEqual(run.changes.map((c) => [c.file, c.after]), [['b.nix', '{ c = 2; }\n']]);
    assert.equal(run.applied, 1);
    assert.equal(lints, 2);
  });

  it('the overlay reads its own writes and reports what changed', () => {
    const base = new MemoryTree(new Map([['x', 'old'], ['y', 'same']]));
    const overlay = new OverlayTree(base);
    overlay.write('x', 'new');
    overlay.write('./y', 'same');
    assert.deepEqual(overlay.read('x'), { ok: true, text: 'new' });
    assert.deepEqual(overlay.original('x'), { ok: true, text: 'old' });
    assert.deepEqual(overlay.changedFiles(), ['x']);
  });
});

describe('writeFileAtomic', () => {
  const scratch = () => mkdtempSync(path.join(tmpdir(), 'powersync-lint-atomic-'));

  it('replaces the file, keeps its mode, and leaves no temporary file', () => {
    const dir = scratch();
    try {
      const file = path.join(dir, 'update.sh');
      writeFileSync(file, 'old\n');
      chmodSync(file, 0o750);
      writeFileAtomic(file, 'new\n');
      assert.equal(readFileSync(file, 'utf8'), 'new\n');
      assert.equal(statSync(file).mode & 0o7777, 0o750);
      assert.deepEqual(readdirSync(dir), ['update.sh']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes through a symlink to its target, which keeps its mode; the link stays a link', () => {
    const dir = scratch();
    try {
      const target = path.join(dir, 'real.nix');
      writeFileSync(target, 'old');
      chmodSync(target, 0o600);
      symlinkSync('real.nix', path.join(dir, 'link.nix'));
      writeFileAtomic(path.join(dir, 'link.nix'), 'new');
      assert.ok(lstatSync(path.join(dir, 'link.nix')).isSymbolicLink());
      assert.equal(readFileSync(target, 'utf8'), 'new');
      assert.equal(statSync(target).mode & 0o777, 0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates a missing file with the usual mode', () => {
    const dir = scratch();
    try {
      writeFileAtomic(path.join(dir, 'report.json'), '{}');
      assert.equal(statSync(path.join(dir, 'report.json')).mode & 0o666 & ~process.umask(), statSync(path.join(dir, 'report.json')).mode & 0o777);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a failed write leaves the old file and no temporary file', () => {
    const dir = scratch();
    try {
      const file = path.join(dir, 'sub');
      // A directory in the way: the rename fails.
      spawnSync('mkdir', [path.join(file)]);
      writeFileSync(path.join(file, 'keep'), 'x');
      assert.throws(() => writeFileAtomic(file, 'text'));
      assert.deepEqual(readdirSync(dir), ['sub']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('unifiedDiff', () => {
  it('prints hunks with three lines of context, as diff -u does', () => {
    const before = `${Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n')}\n`;
    const after = before.replace('line 5\n', 'LINE 5\n').replace('line 15\n', 'line 15\nadded\n');
    assert.equal(
      unifiedDiff('a.nix', before, after),
      [
        '--- a/a.nix',
        '+++ b/a.nix',
        '@@ -3,7 +3,7 @@',
        ' line 2',
        ' line 3',
        ' line 4',
        '-line 5',
        '+LINE 5',
        ' line 6',
        ' line 7',
        ' line 8',
        '@@ -14,6 +14,7 @@',
        ' line 13',
        ' line 14',
        ' line 15',
        '+added',
        ' line 16',
        ' line 17',
        ' line 18',
        '',
      ].join('\n'),
    );
  });

  it('marks a missing final newline, and says nothing for equal texts', () => {
    assert.equal(unifiedDiff('x', 'a\nb', 'a\nb\n'), '--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n');
    assert.equal(unifiedDiff('x', '', 'a\n'), '--- a/x\n+++ b/x\n@@ -0,0 +1 @@\n+a\n');
    assert.equal(unifiedDiff('x', 'same\n', 'same\n'), '');
  });

  it('is a patch that git apply accepts', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'powersync-lint-diff-'));
    try {
      const before = 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n';
      const after = 'a\nB\nc\nd\ne\nf\ng\nh\nI\nj\nk\n';
      writeFileSync(path.join(dir, 'f.txt'), before);
      writeFileSync(path.join(dir, 'p.diff'), unifiedDiff('f.txt', before, after));
      const applied = spawnSync('git', ['apply', '--unsafe-paths', '--directory=', 'p.diff'], { cwd: dir, encoding: 'utf8' });
      if (applied.error) return; // no git here: the format tests above still hold
      assert.equal(applied.status, 0, applied.stderr);
      assert.equal(readFileSync(path.join(dir, 'f.txt'), 'utf8'), after);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
