import { strict as assert } from 'node:assert';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DiskTree } from '../../src/source/disk-tree.js';
import { MAX_FILE_BYTES } from '../../src/source/tree.js';

const runningAsRoot = process.getuid?.() === 0;

describe('DiskTree', () => {
  let base: string;
  let root: string;
  let tree: DiskTree;

  before(() => {
    base = mkdtempSync(join(tmpdir(), 'disk-tree-'));
    root = join(base, 'root');
    mkdirSync(join(root, 'hosts/web-arm'), { recursive: true });
    mkdirSync(join(root, 'x.nix'));
    writeFileSync(join(root, 'hosts/web-arm/configuration.nix'), '{ ... }: { }\n');
    writeFileSync(join(root, 'update.sh'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(join(root, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x0d]));
    writeFileSync(join(root, 'big.nix'), '');
    truncateSync(join(root, 'big.nix'), 50 * 1024 * 1024);
    writeFileSync(join(root, 'just-over.nix'), '');
    truncateSync(join(root, 'just-over.nix'), MAX_FILE_BYTES + 1);
    writeFileSync(join(root, 'locked.nix'), 'secret');
    chmodSync(join(root, 'locked.nix'), 0o000);
    writeFileSync(join(base, 'outside.nix'), '{ }');
    symlinkSync('../outside.nix', join(root, 'escape.nix'));
    symlinkSync('..', join(root, 'parent'));
    symlinkSync('hosts/web-arm/configuration.nix', join(root, 'alias.nix'));
    tree = new DiskTree(root);
  });

  after(() => rmSync(base, { recursive: true, force: true }));

  it('reads a text file by its ROOT-relative path', () => {
    assert.deepEqual(tree.read('hosts/web-arm/configuration.nix'), { ok: true, text: '{ ... }: { }\n' });
    assert.deepEqual(tree.read('./hosts//web-arm/../web-arm/configuration.nix'), { ok: true, text: '{ ... }: { }\n' });
  });

  it('follows a symlink that stays inside ROOT', () => {
    assert.deepEqual(tree.read('alias.nix'), { ok: true, text: '{ ... }: { }\n' });
  });

  it('refuses symlinks that point outside ROOT', () => {
    assert.deepEqual(tree.read('escape.nix'), { ok: false, reason: 'symlink points outside ROOT' });
    assert.deepEqual(tree.read('parent/outside.nix'), { ok: false, reason: 'symlink points outside ROOT' });
    assert.equal(tree.kind('escape.nix'), undefined);
    assert.deepEqual(tree.list('parent'), []);
  });

  it('refuses .. escapes and absolute paths', () => {
    assert.deepEqual(tree.read('../outside.nix'), { ok: false, reason: 'path points outside ROOT' });
    assert.deepEqual(tree.read('hosts/../../outside.nix'), { ok: false, reason: 'path points outside ROOT' });
    assert.deepEqual(tree.read(join(base, 'outside.nix')), { ok: false, reason: 'absolute paths are not allowed; paths are relative to ROOT' });
    assert.equal(tree.kind('..'), undefined);
  });

  it('refuses files over the size limit without reading them', () => {
    assert.deepEqual(tree.read('big.nix'), { ok: false, reason: 'file is 50.0 MB; the limit is 4 MB' });
    assert.deepEqual(tree.read('just-over.nix'), { ok: false, reason: 'file is 4194305 bytes; the limit is 4194304 bytes' });
  });

  it('refuses binary files', () => {
    assert.deepEqual(tree.read('image.png'), { ok: false, reason: 'binary file' });
  });

  it('refuses a directory read as a file', () => {
    assert.deepEqual(tree.read('x.nix'), { ok: false, reason: 'is a directory, not a file' });
    assert.equal(tree.kind('x.nix'), 'dir');
  });

  it('reports missing files', () => {
    assert.deepEqual(tree.read('nope.nix'), { ok: false, reason: 'no such file' });
    assert.deepEqual(tree.read('update.sh/child'), { ok: false, reason: 'no such file' });
    assert.equal(tree.kind('nope.nix'), undefined);
  });

  it('refuses unreadable files', { skip: runningAsRoot ? 'root can read a chmod 000 file' : false }, () => {
    assert.deepEqual(tree.read('locked.nix'), { ok: false, reason: 'permission denied' });
  });

  it('reads each file once', () => {
    const path = join(root, 'cached.nix');
    writeFileSync(path, 'first');
    const fresh = new DiskTree(root);
    assert.deepEqual(fresh.read('cached.nix'), { ok: true, text: 'first' });
    writeFileSync(path, 'second');
    assert.deepEqual(fresh.read('./cached.nix'), { ok: true, text: 'first' });
    assert.deepEqual(new DiskTree(root).read('cached.nix'), { ok: true, text: 'second' });
  });

  it('tells files from directories', () => {
    assert.equal(tree.kind('hosts/web-arm/configuration.nix'), 'file');
    assert.equal(tree.kind('hosts'), 'dir');
    assert.equal(tree.kind(''), 'dir');
    assert.equal(tree.kind('.'), 'dir');
  });

  it('lists a directory sorted, and nothing for a file or a missing path', () => {
    assert.deepEqual(tree.list('hosts'), ['web-arm']);
    assert.deepEqual(tree.list('hosts/web-arm'), ['configuration.nix']);
    assert.deepEqual(tree.list('update.sh'), []);
    assert.deepEqual(tree.list('missing'), []);
  });

  it('reads the executable bit', () => {
    assert.equal(tree.isExecutable('update.sh'), true);
    assert.equal(tree.isExecutable('hosts/web-arm/configuration.nix'), false);
    assert.equal(tree.isExecutable('hosts'), false);
    assert.equal(tree.isExecutable('missing.sh'), false);
  });

  it('resolves ROOT itself through symlinks', () => {
    const link = join(base, 'root-link');
    symlinkSync(root, link);
    assert.deepEqual(new DiskTree(link).read('alias.nix'), { ok: true, text: '{ ... }: { }\n' });
  });
});
