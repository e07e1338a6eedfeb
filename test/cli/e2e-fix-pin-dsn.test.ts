/** --fix, pin and dsn as users run them: bin/powersync-lint over the bundle, and the example's
 * update.sh wrapper. `npm test` builds first; run alone, this file builds when needed. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { pushMultiArch, registryUnavailable, startRegistry, type LocalRegistry } from '../helpers/oci-registry.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repo, 'bin', 'powersync-lint');
const MODULE = 'modules/powersync/default.nix';
const roots: string[] = [];

function cli(args: string[], options: { cwd?: string; input?: string } = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? repo,
    input: options.input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, POWERSYNC_LINT_DEBUG: undefined },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function example(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'powersync-lint-e2e-'));
  roots.push(root);
  cpSync(path.join(repo, 'fixtures/web-arm'), root, { recursive: true });
  return root;
}

before(() => {
  if (existsSync(path.join(repo, 'dist', 'cli.mjs'))) return;
  const build = spawnSync(process.execPath, [path.join(repo, 'scripts', 'build.mjs')], { cwd: repo, encoding: 'utf8' });
  assert.equal(build.status, 0, `npm run build failed:\n${build.stderr}`);
});
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe('bin/powersync-lint --fix and dsn', () => {
  it('--fix fixes a mutant of the example in place; a second lint is clean', () => {
    const root = example();
    const file = path.join(root, MODULE);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"127.0.0.1:8080:8080"', '"8080:8080"').replace('autoStart = true;', 'autoStart = true; pull = "newer";'));
    const fixed = cli(['--fix', root]);
    assert.equal(fixed.status, 0, fixed.stdout + fixed.stderr);
    assert.equal(fixed.stdout, '');
    assert.match(fixed.stderr, /^powersync-lint: fixed 2 problems in .*default\.nix\n$/);
    assert.equal(readFileSync(file, 'utf8'), readFileSync(path.join(repo, 'fixtures/web-arm', MODULE), 'utf8'));
    assert.equal(cli([root]).status, 0);
  });

  it('dsn reads stdin: the direct DSN passes, the pooler fails, the password is never shown', () => {
    const password = 'Pw9ForTheE2eTestOnly';
    assert.deepEqual(cli(['dsn'], { input: `postgresql://postgres:${password}@db.majxbigjafpzayzboxsf.supabase.co:5432/postgres\n` }), { status: 0, stdout: '', stderr: '' });
    const pooler = cli(['dsn'], { input: `PS_SOURCE_DSN=postgresql://postgres.majxbigjafpzayzboxsf:${password}@aws-0-eu-central-1.pooler.supabase.com:6543/postgres?replication=database\n` });
    assert.equal(pooler.status, 1);
    assert.match(pooler.stdout, /dsn-direct-endpoint/);
    assert.match(pooler.stdout, /dsn-no-replication-param/);
    assert.ok(!(pooler.stdout + pooler.stderr).includes(password));
  });

  it('the commands are listed in --help', () => {
    const { stdout } = cli(['--help']);
    assert.match(stdout, /^ {2}pin \[--tag TAG\] \[--registry URL\] \[--dry-run\] \[ROOT\] +resolve/m);
    assert.match(stdout, /^ {2}dsn \[--env-var NAME\] +check one Postgres DSN/m);
    assert.match(stdout, /^ {2}--fix +apply the safe fixes/m);
  });
});

const unavailable = registryUnavailable();
describe('the example update.sh runs powersync-lint pin', { skip: unavailable }, () => {
  let registry: LocalRegistry;
  let digest: string;
  before(async () => {
    registry = await startRegistry();
    for (const tag of ['1.25.0', '1.25.2-next', '1.26.0']) await pushMultiArch(registry.url, 'journeyapps/powersync-service', tag);
    digest = (await pushMultiArch(registry.url, 'journeyapps/powersync-service', '1.25.1')).digest;
  });
  after(async () => {
    await registry?.stop();
  });

  it('from any directory, with the arguments passed through', () => {
    const root = example();
    const helper = path.join(root, 'utils/pkgs/powersync-service/update.sh');
    assert.equal(readFileSync(helper, 'utf8').split('\n').filter(Boolean).length, 2, 'a two-line wrapper');
    const run = spawnSync(helper, ['--registry', registry.url], {
      cwd: tmpdir(),
      encoding: 'utf8',
      env: { ...process.env, PATH: `${path.join(repo, 'bin')}:${process.env.PATH}`, NO_COLOR: '1' },
    });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /1\.25\.0 → 1\.25\.1@/);
    const text = readFileSync(path.join(root, MODULE), 'utf8');
    assert.ok(text.includes('tag = "1.25.1";') && text.includes(`digest = "${digest}";`));
    assert.equal(cli([root]).status, 0, 'the example still lints clean');
  });
});
