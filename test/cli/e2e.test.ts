/** The CLI as users run it: bin/powersync-lint over the bundle in dist/. `npm test` builds
 * first; run alone, this file builds when dist/cli.mjs is missing. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repo, 'bin', 'powersync-lint.mjs');

function cli(args: string[], options: { cwd?: string; launcher?: string } = {}) {
  const result = spawnSync(process.execPath, [options.launcher ?? bin, ...args], {
    cwd: options.cwd ?? repo,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, POWERSYNC_LINT_DEBUG: undefined },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function scratch(): string {
  return mkdtempSync(path.join(tmpdir(), 'powersync-lint-e2e-'));
}

describe('bin/powersync-lint', () => {
  before(() => {
    if (existsSync(path.join(repo, 'dist', 'cli.mjs'))) return;
    const build = spawnSync(process.execPath, [path.join(repo, 'scripts', 'build.mjs')], { cwd: repo, encoding: 'utf8' });
    assert.equal(build.status, 0, `npm run build failed:\n${build.stderr}`);
  });

  it('--help: usage on stdout, exit 0', () => {
    const { status, stdout, stderr } = cli(['--help']);
    assert.equal(status, 0, stderr);
    assert.match(stdout, /^Usage:$/m);
    assert.match(stdout, /--max-warnings N/);
  });

  it('--version: the package version', () => {
    const { version } = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string };
    assert.deepEqual(cli(['--version']), { status: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('an unknown flag: exit 2, message on stderr, nothing on stdout', () => {
    const { status, stdout, stderr } = cli(['--fromat', 'json']);
    assert.equal(status, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^powersync-lint: unknown option --fromat \(did you mean "--format"\?\)/);
  });

  it('an unknown command: exit 2', () => {
    const { status, stderr } = cli(['explian'], { cwd: scratch() });
    assert.equal(status, 2);
    assert.match(stderr, /unknown command "explian" \(did you mean "explain"\?\)/);
  });

  it('a bad policy file: exit 2 with file, line, column and path', () => {
    const root = scratch();
    writeFileSync(path.join(root, 'policy.yaml'), 'listen:\n  adress: 127.0.0.1\n');
    const { status, stdout, stderr } = cli([root, '--config', 'policy.yaml'], { cwd: root });
    assert.equal(status, 2, stderr);
    assert.equal(stdout, '');
    assert.equal(stderr, 'policy.yaml:2:3: unknown key "listen.adress" (did you mean "address"?)\n');
  });

  it('rules: a table with every registered rule', () => {
    const { status, stdout, stderr } = cli(['rules']);
    assert.equal(status, 0, stderr);
    assert.match(stdout, /^RULE +SEVERITY +FIXABLE +CHECKS\n/);
    assert.match(stdout, /^image-digest-pinned +error +(yes|no) +\S/m);
  });

  it("explain: the rule's documentation from docs/rules", () => {
    const { status, stdout, stderr } = cli(['explain', 'image-digest-pinned']);
    assert.equal(status, 0, stderr);
    assert.equal(stdout, readFileSync(path.join(repo, 'docs', 'rules', 'image-digest-pinned.md'), 'utf8'));
  });

  it('explain with an unknown rule: exit 2 and a suggestion', () => {
    const { status, stderr } = cli(['explain', 'image-digest-pined']);
    assert.equal(status, 2);
    assert.match(stderr, /unknown rule "image-digest-pined" \(did you mean "image-digest-pinned"\?\)/);
  });

  it('--format json: one JSON document on stdout and nothing else', () => {
    const { status, stdout, stderr } = cli(['fixtures/web-arm', '--format', 'json']);
    assert.ok(status === 0 || status === 1, `exit ${status}: ${stderr}`);
    const report = JSON.parse(stdout);
    assert.deepEqual(Object.keys(report), ['version', 'root', 'host', 'findings', 'suppressed', 'summary']);
  });

  it('--output: the report goes to the file, not stdout', () => {
    const out = path.join(scratch(), 'report.json');
    const { status, stdout, stderr } = cli(['fixtures/web-arm', '-f', 'json', '-o', out]);
    assert.ok(status === 0 || status === 1, `exit ${status}: ${stderr}`);
    assert.equal(stdout, '');
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).version, 1);
  });

});

describe('bin/powersync-lint without a build', () => {
  it('exits 3 and says how to build', () => {
    const install = scratch();
    mkdirSync(path.join(install, 'bin'));
    copyFileSync(bin, path.join(install, 'bin', 'powersync-lint.mjs'));
    const { status, stderr } = cli(['--help'], { launcher: path.join(install, 'bin', 'powersync-lint.mjs') });
    assert.equal(status, 3);
    assert.match(stderr, /run npm run build/);
  });
});
