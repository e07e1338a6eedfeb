/** The npm package as a user gets it: `npm pack` from a clean copy of the repository (as CI's
 * fresh clone is; `prepare` builds it), the tarball's file list, and the tarball installed into
 * an empty project and run. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { rules } from '../src/engine/registry.js';
import { REPO } from './helpers/lint-fixture.js';

const NOT_COPIED = new Set(['node_modules', 'dist', '.git']);
const ALLOWED = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^bin\/powersync-lint\.mjs$/, /^dist\/cli\.mjs$/, /^dist\/(chunks|vendor)\/[\w.-]+\.(mjs|cjs|js|cjs\.cache)$/, /^docs\/[\w/-]+\.md$/];

let work: string;
let tarball: string;
let files: string[];

function npm(cwd: string, args: string[]) {
  const result = spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
    timeout: 300_000,
  });
  assert.equal(result.status, 0, `npm ${args.join(' ')}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

describe('npm package', () => {
  before(() => {
    work = mkdtempSync(path.join(tmpdir(), 'powersync-lint-package-'));
    const source = path.join(work, 'source');
    cpSync(REPO, source, { recursive: true, filter: (from) => !NOT_COPIED.has(path.basename(from)) && !from.endsWith('.tgz') });
    symlinkSync(path.join(REPO, 'node_modules'), path.join(source, 'node_modules'));
    // The pre-commit framework installs the hook by running `npm pack` in a clone and reading
    // the tarball's name from stdout: nothing else may be printed there (see .npmrc).
    const stdout = npm(source, ['pack', '--pack-destination', work]);
    assert.match(stdout, /^powersync-lint-[\w.-]+\.tgz\n$/);
    tarball = path.join(work, stdout.trim());
    const listing = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
    assert.equal(listing.status, 0, listing.stderr);
    files = listing.stdout
      .split('\n')
      .filter((line) => line !== '' && !line.endsWith('/'))
      .map((line) => line.replace(/^package\//, ''))
      .sort();
  });

  it('contains the launcher, the bundle and the docs, and nothing else', () => {
    const unexpected = files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
    assert.deepEqual(unexpected, []);
    for (const needed of ['package.json', 'README.md', 'bin/powersync-lint.mjs', 'dist/cli.mjs', 'docs/policy.md', 'docs/suppressions.md']) assert.ok(files.includes(needed), needed);
    for (const rule of rules) assert.ok(files.includes(`docs/rules/${rule.id}.md`), `docs/rules/${rule.id}.md`);
    const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string>; engines: { node: string } };
    assert.deepEqual(manifest.bin, { 'powersync-lint': 'bin/powersync-lint.mjs' });
    assert.equal(manifest.engines.node, '>=20');
  });

  it('installs into an empty project and runs: --version, explain, a clean and a failing lint', () => {
    const project = path.join(work, 'project');
    mkdirSync(project);
    writeFileSync(path.join(project, 'package.json'), '{ "name": "fleet", "version": "1.0.0", "private": true }\n');
    // The native parser compiles on a user's install (node-gyp); here its binaries come from
    // this checkout, which keeps the test fast and free of a compiler. Everything else is
    // npm's own install of the tarball, from its cache when it can.
    npm(project, ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', tarball]);
    for (const addon of ['tree-sitter', 'tree-sitter-nix']) {
      const release = path.join(REPO, 'node_modules', addon, 'build', 'Release');
      const target = path.join(project, 'node_modules', addon, 'build', 'Release');
      mkdirSync(target, { recursive: true });
      for (const file of readdirSync(release).filter((name) => name.endsWith('.node'))) copyFileSync(path.join(release, file), path.join(target, file));
    }
    const bin = path.join(project, 'node_modules', '.bin', 'powersync-lint');
    const cli = (args: string[], cwd = project) => spawnSync(bin, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

    const version = cli(['--version']);
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.stdout.trim(), JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).version);
    const explain = cli(['explain', 'no-pull-newer']);
    assert.equal(explain.status, 0, explain.stderr);
    assert.equal(explain.stdout, readFileSync(path.join(REPO, 'docs/rules/no-pull-newer.md'), 'utf8'));

    const fleet = path.join(work, 'fleet');
    cpSync(path.join(REPO, 'fixtures/web-arm'), fleet, { recursive: true });
    const clean = cli(['--no-cache'], fleet);
    assert.equal(clean.status, 0, `${clean.stdout}${clean.stderr}`);
    const module = path.join(fleet, 'modules/powersync/default.nix');
    writeFileSync(module, readFileSync(module, 'utf8').replace('extraOptions = [ "--network=v6egress" ];', 'extraOptions = [ "--network=v6egress" "--pull=newer" ];'));
    const failing = cli(['--no-cache', '--format', 'json'], fleet);
    assert.equal(failing.status, 1, failing.stderr);
    assert.deepEqual((JSON.parse(failing.stdout).findings as { ruleId: string }[]).map((f) => f.ruleId), ['no-pull-newer']);
  });
});
