/** `--staged` through the CLI, on real git repositories copied from fixtures/web-arm, where
 * the index and the working tree disagree both ways. */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { gitOk, scratchRepo } from '../helpers/git.js';
import { REPO } from '../helpers/lint-fixture.js';
import { capturedContext } from './captured-context.js';

const MODULE = 'modules/powersync/default.nix';
const CLEAN = 'extraOptions = [ "--network=v6egress" ];';
const PULL_NEWER = 'extraOptions = [ "--network=v6egress" "--pull=newer" ];';

function webArmRepo(): string {
  const repo = scratchRepo('staged', `${REPO}fixtures/web-arm`);
  gitOk(repo, ['add', '-A']);
  return repo;
}

function edit(repo: string, file: string, from: string, to: string): void {
  const text = readFileSync(path.join(repo, file), 'utf8');
  assert.ok(text.includes(from), `${file} has no ${from}`);
  writeFileSync(path.join(repo, file), text.replace(from, to));
}

async function lint(cwd: string, args: string[]) {
  const context = capturedContext({ cwd });
  const status = await main(args, context);
  return { status, out: context.out(), err: context.err() };
}

describe('powersync-lint --staged', () => {
  it('fails on a --pull=newer that is staged while the working tree is clean', async () => {
    const repo = webArmRepo();
    edit(repo, MODULE, CLEAN, PULL_NEWER);
    gitOk(repo, ['add', MODULE]);
    edit(repo, MODULE, PULL_NEWER, CLEAN);
    const staged = await lint(repo, ['--staged', '--format', 'json']);
    assert.equal(staged.status, 1, staged.err);
    const findings = JSON.parse(staged.out).findings as { ruleId: string; file: string; line: number }[];
    assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.file}`), [`no-pull-newer ${MODULE}`]);
    assert.equal((await lint(repo, [])).status, 0, 'the working tree itself is clean');
  });

  it('passes when only the working tree has the --pull=newer (not staged)', async () => {
    const repo = webArmRepo();
    edit(repo, MODULE, CLEAN, PULL_NEWER);
    assert.equal((await lint(repo, ['--staged'])).status, 0);
    assert.equal((await lint(repo, [])).status, 1);
  });

  it('code frames show the staged text', async () => {
    const repo = webArmRepo();
    edit(repo, MODULE, CLEAN, PULL_NEWER);
    gitOk(repo, ['add', MODULE]);
    edit(repo, MODULE, PULL_NEWER, `${CLEAN} # clean again`);
    const { out } = await lint(repo, ['--staged', '--no-color']);
    assert.match(out, /> \d+ \| +extraOptions = \[ "--network=v6egress" "--pull=newer" \];\n/);
  });

  it('a module deleted in the index is missing for the lint, though still on disk', async () => {
    const repo = webArmRepo();
    gitOk(repo, ['rm', '-q', '--cached', 'modules/powersync/nginx.nix']);
    const { status, out } = await lint(repo, ['--staged', '--format', 'json']);
    assert.equal(status, 1);
    assert.ok((JSON.parse(out).findings as { ruleId: string }[]).some((f) => f.ruleId === 'nix-import'));
  });

  it('reads the staged policy file, and ROOT may be a subdirectory of the repository', async () => {
    const repo = scratchRepo('staged');
    const { cpSync } = await import('node:fs');
    cpSync(`${REPO}fixtures/web-arm`, path.join(repo, 'infra'), { recursive: true });
    edit(repo, `infra/${MODULE}`, CLEAN, PULL_NEWER);
    writeFileSync(path.join(repo, 'infra/.powersync-lint.yaml'), 'rules:\n  no-pull-newer: warning\n');
    gitOk(repo, ['add', '-A']);
    writeFileSync(path.join(repo, 'infra/.powersync-lint.yaml'), 'rules:\n  no-pull-newer: error\n');
    const fromTop = await lint(repo, ['infra', '--staged']);
    assert.equal(fromTop.status, 0, `the staged policy makes it a warning:\n${fromTop.out}${fromTop.err}`);
    assert.match(fromTop.out, /warning .*no-pull-newer/);
    const fromInside = await lint(path.join(repo, 'infra/modules'), ['..', '--staged']);
    assert.equal(fromInside.status, 0);
    assert.equal((await lint(repo, ['infra'])).status, 1, 'the working tree policy makes it an error');
  });

  it('outside a git repository: exit 2 with the reason', async () => {
    const { mkdtempSync, cpSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(path.join(tmpdir(), 'powersync-lint-nogit-'));
    cpSync(`${REPO}fixtures/web-arm`, dir, { recursive: true });
    const context = capturedContext({ cwd: dir, env: { GIT_CEILING_DIRECTORIES: path.dirname(dir), PATH: process.env.PATH } });
    assert.equal(await main(['--staged'], context), 2);
    assert.match(context.err(), /^powersync-lint: --staged: cannot read git's index for \/.*: not a git repository/);
  });
});
