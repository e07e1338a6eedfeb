import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DiskTree } from '../../src/source/disk-tree.js';
import { MAX_FILE_BYTES, type ReadResult } from '../../src/source/tree.js';

/** What a read of these bytes must answer: binary when a NUL byte is among the first 8 KiB,
 * otherwise the bytes decoded as Buffer#toString('utf8') decodes them (U+FFFD for invalid UTF-8). */
function expected(bytes: Buffer): ReadResult {
  if (bytes.subarray(0, 8192).includes(0)) return { ok: false, reason: 'binary file' };
  return { ok: true, text: bytes.toString('utf8') };
}

const ascii = (length: number) => Buffer.alloc(length, 'a');
const euro = Buffer.from('€'); // three bytes, one character

/** Contents around the edges of the binary probe, the UTF-8 decoder and the read buffer. */
const cases: Record<string, Buffer> = {
  'empty': Buffer.alloc(0),
  'ascii': Buffer.from('{ ... }: { }\n'),
  'utf8 text': Buffer.from('# café ☕ 😀 \u{10FFFF}\n'),
  'byte order mark': Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
  'a real U+FFFD': Buffer.from('a\uFFFDb'),
  'lone continuation bytes': Buffer.from([0x61, 0x80, 0xbf, 0x62]),
  'truncated sequences': Buffer.from([0xe2, 0x82, 0x61, 0xf0, 0x9f, 0x98, 0x62, 0xc3]),
  'overlong and surrogate encodings': Buffer.from([0xc0, 0x80, 0xe0, 0x80, 0xaf, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80]),
  'bytes that are never UTF-8': Buffer.from([0xff, 0xfe, 0x41]),
  'NUL first': Buffer.from([0x00, 0x41]),
  'NUL after a truncated sequence': Buffer.from([0x41, 0xe2, 0x82, 0x00, 0x41]),
  'NUL at the last probed byte': Buffer.concat([ascii(8191), Buffer.from([0])]),
  'NUL just after the probe': Buffer.concat([ascii(8192), Buffer.from([0, 0x41])]),
  // Fewer than 8192 characters but more than 8192 bytes before the NUL.
  'NUL after the probe, multi-byte text before it': Buffer.concat([...Array(3000).fill(euro), Buffer.from([0])]),
  'NUL inside the probe, multi-byte text before it': Buffer.concat([...Array(2700).fill(euro), Buffer.from([0])]),
  'NUL after the probe, invalid bytes before it': Buffer.concat([Buffer.alloc(8200, 0xff), Buffer.from([0])]),
  'NUL inside the probe, invalid bytes before it': Buffer.concat([Buffer.alloc(8000, 0x80), Buffer.from([0])]),
  'NUL after the probe, truncated sequences before it': Buffer.concat([...Array(2800).fill(Buffer.from([0xe2, 0x82, 0x41])), Buffer.from([0])]),
  'NUL inside the probe, truncated sequences before it': Buffer.concat([...Array(2700).fill(Buffer.from([0xe2, 0x82, 0x41])), Buffer.from([0])]),
  'NUL after the probe, U+FFFD before it': Buffer.concat([Buffer.from('\uFFFD'.repeat(2800)), Buffer.from([0])]),
  '64 KiB': ascii(64 * 1024),
  '64 KiB and one byte': ascii(64 * 1024 + 1),
  'a multi-byte character across 64 KiB': Buffer.concat([ascii(64 * 1024 - 1), euro, ascii(10)]),
  'exactly the size limit': ascii(MAX_FILE_BYTES),
};

/** Deterministic random contents, from pieces of valid and invalid UTF-8 and NUL bytes. */
function randomContents(count: number): Buffer[] {
  let seed = 20240601;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const pieces = [[0x41], [0x0a], [0x00], [0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x80], [0x80], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80], [0xff], [0xef, 0xbf, 0xbd]];
  const contents: Buffer[] = [];
  for (let n = 0; n < count; n++) {
    const bytes: number[] = [];
    // Mostly short; some long enough that the first NUL falls around the 8 KiB probe.
    const length = n % 10 === 0 ? 2500 + Math.floor(random() * 1000) : Math.floor(random() * 40);
    for (let i = 0; i < length; i++) {
      const piece = pieces[Math.floor(random() * pieces.length)];
      // Keep NULs rare in long contents so that some first NULs land past the probe.
      if (piece[0] === 0 && length > 100 && random() < 0.995) continue;
      bytes.push(...piece);
    }
    contents.push(Buffer.from(bytes));
  }
  return contents;
}

describe('DiskTree reads', () => {
  let base: string;
  let root: string;

  before(() => {
    base = mkdtempSync(join(tmpdir(), 'disk-tree-reads-'));
    root = join(base, 'root');
    mkdirSync(join(root, 'cases'), { recursive: true });
    mkdirSync(join(root, 'random'));
    mkdirSync(join(root, 'dir/sub'), { recursive: true });
    writeFileSync(join(root, 'dir/sub/file.nix'), 'sub');
    writeFileSync(join(root, '...'), 'dots');
    writeFileSync(join(root, '.hidden.nix'), 'hidden');
    writeFileSync(join(root, '..x.nix'), 'dotdot');
    writeFileSync(join(root, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
    chmodSync(join(root, 'run.sh'), 0o755);
    symlinkSync('run.sh', join(root, 'run-link.sh'));
    symlinkSync('dir', join(root, 'dir-link'));
    symlinkSync('loop', join(root, 'loop'));
    symlinkSync('missing.nix', join(root, 'dangling.nix'));
  });

  after(() => rmSync(base, { recursive: true, force: true }));

  it('answers as the bytes decide, at the edges of the probe, the decoder and the buffer', () => {
    const names = Object.keys(cases);
    names.forEach((name, index) => writeFileSync(join(root, 'cases', `${index}.nix`), cases[name]));
    const tree = new DiskTree(root);
    names.forEach((name, index) => {
      const path = `cases/${index}.nix`;
      assert.equal(tree.kind(path), 'file', name);
      assert.deepEqual(tree.read(path), expected(cases[name]), name);
    });
  });

  it('answers as the bytes decide, for random contents', () => {
    const contents = randomContents(400);
    contents.forEach((bytes, index) => writeFileSync(join(root, 'random', `${index}.nix`), bytes));
    const tree = new DiskTree(root);
    // Alternate long and short reads: nothing of one file may show in the next.
    contents.forEach((bytes, index) => assert.deepEqual(tree.read(`random/${index}.nix`), expected(bytes), `random/${index}.nix`));
  });

  it('gives every spelling of a path the same answer', () => {
    const tree = new DiskTree(root);
    for (const path of ['dir/sub/file.nix', './dir/sub/file.nix', 'dir//sub/file.nix', 'dir/./sub/file.nix', 'dir/x/../sub/file.nix', 'dir-link/sub/file.nix']) {
      assert.equal(tree.kind(path), 'file', path);
      assert.deepEqual(tree.read(path), { ok: true, text: 'sub' }, path);
    }
    for (const path of ['dir', 'dir/', 'dir//', './dir', 'dir/sub/..', '', '.', './', 'dir/..', 'dir-link']) assert.equal(tree.kind(path), 'dir', path);
    assert.deepEqual(tree.read('dir/sub/file.nix/'), { ok: true, text: 'sub' });
    assert.deepEqual(tree.list('dir/'), ['sub']);
    assert.deepEqual(tree.read('...'), { ok: true, text: 'dots' });
    assert.deepEqual(tree.read('.hidden.nix'), { ok: true, text: 'hidden' });
    assert.deepEqual(tree.read('./..x.nix'), { ok: true, text: 'dotdot' });
    assert.deepEqual(tree.read('dir/../..'), { ok: false, reason: 'path points outside ROOT' });
    assert.deepEqual(tree.read('/dir/sub/file.nix'), { ok: false, reason: 'absolute paths are not allowed; paths are relative to ROOT' });
    assert.deepEqual(tree.read('dir'), { ok: false, reason: 'is a directory, not a file' });
    assert.deepEqual(tree.read('dir/'), { ok: false, reason: 'is a directory, not a file' });
  });

  it('says why a path cannot be read', () => {
    const tree = new DiskTree(root);
    assert.deepEqual(tree.read('missing/file.nix'), { ok: false, reason: 'no such file' });
    assert.deepEqual(tree.read('dir/sub/file.nix/child.nix'), { ok: false, reason: 'no such file' });
    assert.deepEqual(tree.read('dangling.nix'), { ok: false, reason: 'no such file' });
    assert.deepEqual(tree.read('loop'), { ok: false, reason: 'too many levels of symlinks' });
    assert.deepEqual(tree.read('loop/x.nix'), { ok: false, reason: 'too many levels of symlinks' });
    assert.equal(tree.kind('loop'), undefined);
    assert.equal(tree.kind('missing/file.nix'), undefined);
  });

  it('reads the executable bit, through a symlink too', () => {
    const tree = new DiskTree(root);
    assert.equal(tree.isExecutable('run.sh'), true);
    assert.equal(tree.isExecutable('run-link.sh'), true);
    assert.equal(tree.isExecutable('dir'), false);
    assert.equal(tree.isExecutable('dir/sub/file.nix'), false);
  });

  it('never opens a FIFO', { timeout: 10_000 }, (t) => {
    try {
      execFileSync('mkfifo', [join(root, 'pipe.nix')]);
    } catch {
      t.skip('mkfifo is not available');
      return;
    }
    const tree = new DiskTree(root);
    // Opening it would block: no writer ever comes.
    assert.deepEqual(tree.read('pipe.nix'), { ok: false, reason: 'not a regular file' });
    assert.equal(tree.kind('pipe.nix'), undefined);
    assert.equal(tree.isExecutable('pipe.nix'), false);
  });
});
