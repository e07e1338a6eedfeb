/** GitIndexTree against real git repositories whose index and working tree disagree. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/engine/errors.js';
import { GitIndexTree } from '../../src/source/git-index-tree.js';
import { gitOk, GIT_ENV, scratchRepo } from '../helpers/git.js';

function write(root: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

describe('GitIndexTree', () => {
  it('reads the staged content, not the working tree, in a repository with no commits', () => {
    const repo = scratchRepo('index');
    write(repo, 'hosts/a/configuration.nix', 'staged\n');
    gitOk(repo, ['add', '.']);
    write(repo, 'hosts/a/configuration.nix', 'edited after staging\n');
    write(repo, 'untracked.nix', 'never staged\n');
    const tree = new GitIndexTree(repo, GIT_ENV);
    assert.deepEqual(tree.read('hosts/a/configuration.nix'), { ok: true, text: 'staged\n' });
    assert.equal(tree.kind('untracked.nix'), undefined);
    assert.equal(tree.read('untracked.nix').ok, false);
    assert.equal(tree.kind('hosts'), 'dir');
    assert.equal(tree.kind('hosts/a'), 'dir');
    assert.equal(tree.kind(''), 'dir');
    assert.deepEqual(tree.list(''), ['hosts']);
    assert.deepEqual(tree.list('hosts/a'), ['configuration.nix']);
  });

  it('a file deleted in the index is absent though it is on disk; a staged file missing on disk is present', () => {
    const repo = scratchRepo('index');
    write(repo, 'a.nix', 'a\n');
    write(repo, 'b.nix', 'b\n');
    gitOk(repo, ['add', '.']);
    gitOk(repo, ['commit', '-qm', 'init']);
    gitOk(repo, ['rm', '-q', '--cached', 'a.nix']);
    rmSync(path.join(repo, 'b.nix'));
    const tree = new GitIndexTree(repo, GIT_ENV);
    assert.equal(tree.kind('a.nix'), undefined);
    assert.equal(tree.read('a.nix').ok, false);
    assert.deepEqual(tree.read('b.nix'), { ok: true, text: 'b\n' });
    assert.deepEqual(tree.list(''), ['b.nix']);
  });

  it('ROOT may be a subdirectory: paths are relative to it, and nothing above it is reachable', () => {
    const repo = scratchRepo('index');
    write(repo, 'infra/hosts/a/configuration.nix', 'in root\n');
    write(repo, 'other/secret.nix', 'outside\n');
    gitOk(repo, ['add', '.']);
    const tree = new GitIndexTree(path.join(repo, 'infra'), GIT_ENV);
    assert.deepEqual(tree.read('hosts/a/configuration.nix'), { ok: true, text: 'in root\n' });
    assert.deepEqual(tree.list(''), ['hosts']);
    assert.equal(tree.read('../other/secret.nix').ok, false);
    assert.equal(tree.kind('../other'), undefined);
  });

  it('keeps the executable bit of the index, not of the disk', () => {
    const repo = scratchRepo('index');
    write(repo, 'update.sh', '#!/bin/sh\n');
    chmodSync(path.join(repo, 'update.sh'), 0o755);
    write(repo, 'plain.sh', '#!/bin/sh\n');
    gitOk(repo, ['add', '.']);
    chmodSync(path.join(repo, 'update.sh'), 0o644);
    chmodSync(path.join(repo, 'plain.sh'), 0o755);
    const tree = new GitIndexTree(repo, GIT_ENV);
    assert.equal(tree.isExecutable('update.sh'), true);
    assert.equal(tree.isExecutable('plain.sh'), false);
  });

  it('follows staged symlinks inside ROOT and refuses those that leave it', () => {
    const repo = scratchRepo('index');
    write(repo, 'modules/real.nix', 'real\n');
    symlinkSync('real.nix', path.join(repo, 'modules/link.nix'));
    symlinkSync('modules', path.join(repo, 'mods'));
    symlinkSync('../../etc/passwd', path.join(repo, 'modules/escape.nix'));
    gitOk(repo, ['add', '.']);
    const tree = new GitIndexTree(repo, GIT_ENV);
    assert.deepEqual(tree.read('modules/link.nix'), { ok: true, text: 'real\n' });
    assert.deepEqual(tree.read('mods/real.nix'), { ok: true, text: 'real\n' });
    assert.equal(tree.kind('mods'), 'dir');
    assert.equal(tree.read('modules/escape.nix').ok, false);
  });

  it('refuses binary and oversized blobs with a reason, like the disk tree', () => {
    const repo = scratchRepo('index');
    writeFileSync(path.join(repo, 'blob.nix'), Buffer.from([0x7b, 0, 0x7d]));
    gitOk(repo, ['add', '.']);
    const read = new GitIndexTree(repo, GIT_ENV).read('blob.nix');
    assert.deepEqual(read, { ok: false, reason: 'binary file' });
  });

  it('reads the index named by GIT_INDEX_FILE, also when relative to the working directory (as git sets it for hooks)', () => {
    const repo = scratchRepo('index');
    write(repo, 'a.nix', 'main index\n');
    gitOk(repo, ['add', '.']);
    const other = path.join(repo, '.git', 'other-index');
    write(repo, 'a.nix', 'other index\n');
    const added = spawnSync('git', ['add', 'a.nix'], { cwd: repo, env: { ...GIT_ENV, GIT_INDEX_FILE: other }, encoding: 'utf8' });
    assert.equal(added.status, 0, added.stderr);
    assert.deepEqual(new GitIndexTree(repo, GIT_ENV).read('a.nix'), { ok: true, text: 'main index\n' });
    const relative = path.relative(process.cwd(), other);
    assert.deepEqual(new GitIndexTree(repo, { ...GIT_ENV, GIT_INDEX_FILE: relative }).read('a.nix'), { ok: true, text: 'other index\n' });
  });

  it('outside a git work tree: a usage error', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'powersync-lint-nogit-'));
    assert.throws(() => new GitIndexTree(dir, { ...GIT_ENV, GIT_CEILING_DIRECTORIES: path.dirname(dir) }), (error) => error instanceof UsageError && /not a git repository/i.test(error.message));
  });
});

