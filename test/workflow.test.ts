/** The pre-commit workflow end to end, as the issue defines "done": a scratch git repository
 * copied from fixtures/web-arm, its scripts/pre-commit run by git's hook, `powersync-lint hook
 * install` (twice), and real `git commit`s where the index and the working tree disagree. The
 * dry build (`nixos-rebuild`) is a stub that records its calls. Runs the built CLI, as the hook
 * would. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { performance } from 'node:perf_hooks';
import { gitOk, GIT_ENV, scratchRepo } from './helpers/git.js';
import { REPO } from './helpers/lint-fixture.js';

const MODULE = 'modules/powersync/default.nix';
const CLEAN = 'extraOptions = [ "--network=v6egress" ];';
const PULL_NEWER = 'extraOptions = [ "--network=v6egress" "--pull=newer" ];';

let repo: string;
let dryBuilds: string;
let env: NodeJS.ProcessEnv;

function run(command: string, args: string[]) {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: repo, env, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, ms: performance.now() - started };
}

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(path.join(repo, file), 'utf8');
  assert.ok(text.includes(from), `${file} has no ${from}`);
  writeFileSync(path.join(repo, file), text.replace(from, to));
}

const commit = (message: string) => run('git', ['commit', '-q', '-m', message]);
const builds = () => (existsSync(dryBuilds) ? readFileSync(dryBuilds, 'utf8').trim().split('\n') : []);

describe('pre-commit workflow on a copy of fixtures/web-arm', () => {
  before(() => {
    if (!existsSync(path.join(REPO, 'dist', 'cli.mjs'))) {
      const build = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'build.mjs')], { cwd: REPO, encoding: 'utf8' });
      assert.equal(build.status, 0, build.stderr);
    }
    repo = scratchRepo('workflow', `${REPO}fixtures/web-arm`);
    const bin = mkdtempSync(path.join(tmpdir(), 'powersync-lint-bin-'));
    symlinkSync(path.join(REPO, 'bin', 'powersync-lint.mjs'), path.join(bin, 'powersync-lint'));
    dryBuilds = path.join(bin, 'dry-builds.log');
    writeFileSync(path.join(bin, 'nixos-rebuild'), `#!/bin/sh\necho "$*" >> '${dryBuilds}'\n`);
    chmodSync(path.join(bin, 'nixos-rebuild'), 0o755);
    env = { ...GIT_ENV, PATH: `${bin}${path.delimiter}${process.env.PATH}`, NO_COLOR: '1' };
    gitOk(repo, ['add', '-A']);
    gitOk(repo, ['commit', '-q', '-m', 'web-arm']);
    // As the fixture's scripts/pre-commit says to install it.
    symlinkSync('../../scripts/pre-commit', path.join(repo, '.git/hooks/pre-commit'));
  });

  it('hook install twice leaves one lint call, before scripts/test-configuration', () => {
    for (let i = 0; i < 2; i++) assert.equal(run('powersync-lint', ['hook', 'install']).status, 0);
    const script = readFileSync(path.join(repo, 'scripts/pre-commit'), 'utf8').split('\n');
    const calls = script.flatMap((line, i) => (/^\s*powersync-lint --staged/.test(line) ? [i] : []));
    assert.equal(calls.length, 1);
    assert.ok(calls[0] < script.findIndex((line) => line.includes('scripts/test-configuration')));
    gitOk(repo, ['add', 'scripts/pre-commit']);
    assert.equal(commit('lint before the dry build').status, 0);
  });

  it('a staged --pull=newer fails the hook though the working tree is clean; no dry build runs', () => {
    edit(MODULE, CLEAN, PULL_NEWER);
    gitOk(repo, ['add', MODULE]);
    edit(MODULE, PULL_NEWER, CLEAN);
    rmSync(dryBuilds, { force: true });
    const result = commit('pull newer');
    assert.equal(result.status, 1, result.stderr);
    // git sends a hook's output to stderr.
    assert.match(result.stderr, /no-pull-newer/);
    assert.match(result.stderr, /modules\/powersync\/default\.nix/);
    assert.deepEqual(builds(), []);
  });

  it('the reverse passes: --pull=newer only in the working tree, a clean change staged', (t) => {
    gitOk(repo, ['reset', '-q']);
    edit(MODULE, CLEAN, PULL_NEWER);
    edit('modules/powersync/nginx.nix', '{', '# vhost for the sync service\n{');
    gitOk(repo, ['add', 'modules/powersync/nginx.nix']);
    rmSync(dryBuilds, { force: true });
    const result = commit('comment');
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
    assert.ok(builds().some((line) => line.includes('.#web-arm')), 'the dry build ran after the lint');
    t.diagnostic(`git commit with the hook (lint + stubbed dry builds): ${Math.round(result.ms)} ms`);
    assert.equal(readFileSync(path.join(repo, MODULE), 'utf8').includes(PULL_NEWER), true, 'the working tree is left alone');
    edit(MODULE, PULL_NEWER, CLEAN);
  });

  it('a suppression with a reason silences exactly its finding', () => {
    edit(MODULE, CLEAN, PULL_NEWER);
    edit(MODULE, 'autoStart = true;', 'autoStart = true;\n    # powersync-lint-disable-next-line no-pull-newer -- staging host follows the tag (OPS-1)\n    pull = "newer";');
    gitOk(repo, ['add', MODULE]);
    const lint = run('powersync-lint', ['--staged', '--format', 'json']);
    assert.equal(lint.status, 1);
    const report = JSON.parse(lint.stdout) as { findings: { ruleId: string; line: number }[]; suppressed: { ruleId: string; line: number; suppression: { justification: string } }[] };
    assert.deepEqual(report.suppressed.map((f) => [f.ruleId, f.suppression.justification]), [['no-pull-newer', 'staging host follows the tag (OPS-1)']]);
    assert.deepEqual(report.findings.map((f) => f.ruleId), ['no-pull-newer']);
    assert.notEqual(report.findings[0].line, report.suppressed[0].line);
    assert.equal(commit('pull newer, half suppressed').status, 1);
    edit(MODULE, PULL_NEWER, CLEAN);
    gitOk(repo, ['add', MODULE]);
    assert.equal(commit('the suppressed one only').status, 0);
  });

  it('hook uninstall restores scripts/pre-commit exactly', () => {
    assert.equal(run('powersync-lint', ['hook', 'uninstall']).status, 0);
    assert.equal(readFileSync(path.join(repo, 'scripts/pre-commit'), 'utf8'), readFileSync(`${REPO}fixtures/web-arm/scripts/pre-commit`, 'utf8'));
  });
});
