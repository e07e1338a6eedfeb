/** `hook install` / `hook uninstall` on real repositories: the web-arm layout (scripts/pre-commit
 * run by git's hook), a plain repository, core.hooksPath, an existing hook. */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { BLOCK_BEGIN, BLOCK_END, insertBeforeTestConfiguration, removeBlock } from '../../src/cli/hook-script.js';
import { gitOk, GIT_ENV, scratchRepo } from '../helpers/git.js';
import { REPO } from '../helpers/lint-fixture.js';
import { capturedContext } from './captured-context.js';

async function hook(cwd: string, ...args: string[]) {
  const context = capturedContext({ cwd, env: GIT_ENV });
  const status = await main(['hook', ...args], context);
  return { status, out: context.out(), err: context.err() };
}

const lintCalls = (text: string) => text.split('\n').filter((line) => /^\s*powersync-lint --staged/.test(line)).length;

describe('hook install: scripts/pre-commit (the web-arm layout)', () => {
  it('inserts one lint call before the loop that runs scripts/test-configuration; twice changes nothing', async () => {
    const repo = scratchRepo('hook', `${REPO}fixtures/web-arm`);
    const script = path.join(repo, 'scripts/pre-commit');
    const original = readFileSync(script, 'utf8');
    const first = await hook(repo, 'install');
    assert.equal(first.status, 0, first.err);
    const installed = readFileSync(script, 'utf8');
    assert.equal(lintCalls(installed), 1);
    const lines = installed.split('\n');
    const call = lines.findIndex((line) => line.startsWith('powersync-lint --staged'));
    const dryBuild = lines.findIndex((line) => line.includes('scripts/test-configuration "$host"'));
    assert.ok(call > 0 && call < dryBuild);
    assert.match(lines[call + 2], /^for host in/, 'before the loop, not inside it');
    assert.match(first.out, /note: git does not run scripts\/pre-commit yet; install it with: ln -sf \.\.\/\.\.\/scripts\/pre-commit \.git\/hooks\/pre-commit/);
    assert.equal(statSync(script).mode & 0o777, 0o755);

    const second = await hook(repo, 'install');
    assert.equal(second.status, 0);
    assert.match(second.out, /already runs powersync-lint; nothing to do/);
    assert.equal(readFileSync(script, 'utf8'), installed);

    assert.equal((await hook(repo, 'uninstall')).status, 0);
    assert.equal(readFileSync(script, 'utf8'), original);
    assert.equal(statSync(script).mode & 0o777, 0o755);
    assert.match((await hook(repo, 'uninstall')).out, /nothing to do/);
  });

  it('no note when git already runs the script; ROOT in a subdirectory is passed to the lint', async () => {
    const repo = scratchRepo('hook');
    const { cpSync } = await import('node:fs');
    cpSync(`${REPO}fixtures/web-arm`, path.join(repo, 'infra'), { recursive: true });
    mkdirSync(path.join(repo, 'scripts'));
    cpSync(path.join(repo, 'infra/scripts/pre-commit'), path.join(repo, 'scripts/pre-commit'));
    symlinkSync('../../scripts/pre-commit', path.join(repo, '.git/hooks/pre-commit'));
    const result = await hook(path.join(repo, 'infra'), 'install');
    assert.equal(result.status, 0, result.err);
    assert.doesNotMatch(result.out, /note:/);
    assert.match(readFileSync(path.join(repo, 'scripts/pre-commit'), 'utf8'), /^powersync-lint --staged infra \|\| exit 1$/m);
  });

  it('refuses a scripts/pre-commit that never calls test-configuration, changing nothing', async () => {
    const repo = scratchRepo('hook');
    mkdirSync(path.join(repo, 'scripts'));
    writeFileSync(path.join(repo, 'scripts/pre-commit'), '#!/bin/sh\nnix flake check\n');
    const result = await hook(repo, 'install');
    assert.equal(result.status, 2);
    assert.match(result.err, /does not call scripts\/test-configuration/);
    assert.equal(readFileSync(path.join(repo, 'scripts/pre-commit'), 'utf8'), '#!/bin/sh\nnix flake check\n');
  });
});

describe("hook install: git's pre-commit hook", () => {
  it('creates an executable hook when there is none; uninstall deletes it', async () => {
    const repo = scratchRepo('hook');
    const file = path.join(repo, '.git/hooks/pre-commit');
    assert.equal((await hook(repo, 'install')).status, 0);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^#!\/bin\/sh\n/);
    assert.equal(lintCalls(text), 1);
    assert.equal(statSync(file).mode & 0o111, 0o111);
    assert.equal((await hook(repo, 'install')).status, 0);
    assert.equal(readFileSync(file, 'utf8'), text);
    assert.equal((await hook(repo, 'uninstall')).status, 0);
    assert.equal(existsSync(file), false);
  });

  it('adds to an existing hook at its top, keeping the rest and its mode; uninstall restores it exactly', async () => {
    const repo = scratchRepo('hook');
    const file = path.join(repo, '.git/hooks/pre-commit');
    const original = '#!/usr/bin/env bash\nset -euo pipefail\n\nnixfmt --check $(git diff --cached --name-only -- "*.nix")\n';
    writeFileSync(file, original);
    chmodSync(file, 0o750);
    assert.equal((await hook(repo, 'install')).status, 0);
    const text = readFileSync(file, 'utf8');
    assert.equal(text, `#!/usr/bin/env bash\nset -euo pipefail\n${BLOCK_BEGIN}\npowersync-lint --staged || exit 1\n${BLOCK_END}\n\nnixfmt --check $(git diff --cached --name-only -- "*.nix")\n`);
    assert.equal(statSync(file).mode & 0o777, 0o750);
    assert.equal((await hook(repo, 'uninstall')).status, 0);
    assert.equal(readFileSync(file, 'utf8'), original);
  });

  it('follows core.hooksPath, and writes through a symlinked hook', async () => {
    const repo = scratchRepo('hook');
    gitOk(repo, ['config', 'core.hooksPath', '.githooks']);
    mkdirSync(path.join(repo, '.githooks'));
    mkdirSync(path.join(repo, 'tools'));
    writeFileSync(path.join(repo, 'tools/hook.sh'), '#!/bin/sh\necho checking\n');
    chmodSync(path.join(repo, 'tools/hook.sh'), 0o755);
    symlinkSync('../tools/hook.sh', path.join(repo, '.githooks/pre-commit'));
    assert.equal((await hook(repo, 'install')).status, 0);
    assert.ok(lstatSync(path.join(repo, '.githooks/pre-commit')).isSymbolicLink());
    assert.equal(lintCalls(readFileSync(path.join(repo, 'tools/hook.sh'), 'utf8')), 1);
    assert.equal(existsSync(path.join(repo, '.git/hooks/pre-commit')), false);
  });

  it('refuses a hook that is not a shell script, and one managed by the pre-commit framework', async () => {
    const repo = scratchRepo('hook');
    const file = path.join(repo, '.git/hooks/pre-commit');
    writeFileSync(file, '#!/usr/bin/env python3\nprint("hi")\n');
    assert.match((await hook(repo, 'install')).err, /is not a shell script/);
    writeFileSync(file, '#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\n');
    assert.match((await hook(repo, 'install')).err, /managed by the pre-commit framework/);
  });

  it('outside a git work tree and with a bad action: exit 2', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(path.join(tmpdir(), 'powersync-lint-nogit-'));
    const context = capturedContext({ cwd: dir, env: { ...GIT_ENV, GIT_CEILING_DIRECTORIES: path.dirname(dir) } });
    assert.equal(await main(['hook', 'install'], context), 2);
    assert.match(context.err(), /is not inside a git work tree/);
    assert.equal((await hook(dir, 'instal')).status, 2);
  });
});

describe('hook-script', () => {
  it('puts the call before the statement holding the first call, through continuations and nested blocks', () => {
    const script = ['#!/bin/sh', 'set -e', 'if true; then', '  for h in a b; do', '    echo "$h" &&', '      scripts/test-configuration "$h"', '  done', 'fi', ''].join('\n');
    const inserted = insertBeforeTestConfiguration(script, 'powersync-lint --staged || exit 1')!;
    assert.equal(inserted.line, 4);
    assert.deepEqual(inserted.text.split('\n').slice(2, 6), [BLOCK_BEGIN, 'powersync-lint --staged || exit 1', BLOCK_END, 'if true; then']);
    assert.equal(removeBlock(inserted.text)!.text, script);
  });

  it('ignores test-configuration in comments; keeps CRLF line ends', () => {
    assert.equal(insertBeforeTestConfiguration('#!/bin/sh\n# runs scripts/test-configuration later\nmake\n', 'x'), undefined);
    const crlf = '#!/bin/sh\r\nscripts/test-configuration web-arm\r\n';
    const inserted = insertBeforeTestConfiguration(crlf, 'powersync-lint --staged || exit 1')!;
    assert.ok(inserted.text.split('\n').slice(0, -1).every((line) => line.endsWith('\r')));
    assert.equal(removeBlock(inserted.text)!.text, crlf);
  });
});
