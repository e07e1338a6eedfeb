/** The lint cache (src/engine/cache.ts) is trusted only when nothing the lint depends on has
 * changed: every file read, the discovery inputs, the policy, the tool. */
import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { defaultCacheDirectory, LintCache, type CacheKey } from '../../src/engine/cache.js';
import { lintHost, type LintResult } from '../../src/engine/lint.js';
import { defaultPolicy } from '../../src/engine/policy.js';
import { DiskTree } from '../../src/source/disk-tree.js';
import { GitIndexTree } from '../../src/source/git-index-tree.js';
import type { SourceTree } from '../../src/source/tree.js';
import { capturedContext } from '../cli/captured-context.js';
import { GIT_ENV, gitOk, scratchRepo } from '../helpers/git.js';
import { REPO } from '../helpers/lint-fixture.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'powersync-lint-cache-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let serial = 0;

function exampleCopy(): string {
  const root = path.join(scratch, `repo-${serial++}`);
  cpSync(`${REPO}fixtures/web-arm`, root, { recursive: true });
  return root;
}

function cacheDir(): string {
  return path.join(scratch, `cache-${serial++}`);
}

/** JSON form, as the cache stores it. */
function plain(result: LintResult): unknown {
  return JSON.parse(JSON.stringify(result));
}

function edit(root: string, file: string, change: (text: string) => string): void {
  const absolute = path.join(root, file);
  writeFileSync(absolute, change(readFileSync(absolute, 'utf8')));
}

/** Lints `root` through the cache's observing tree and stores the result. */
function lintAndStore(cache: LintCache, root: string, tree: SourceTree = new DiskTree(root), host?: string): LintResult {
  const observed = cache.observe(tree);
  const result = lintHost({ root, tree: observed, policy: defaultPolicy(), host });
  cache.store(observed, defaultPolicy(), result);
  return result;
}

function keyFor(root: string, overrides: Partial<CacheKey> = {}): CacheKey {
  return { tool: '1.0.0+test', root, ...overrides };
}

describe('LintCache', () => {
  it('gives back the stored result while every file read is unchanged, even after a touch or an edit undone', () => {
    const root = exampleCopy();
    const cache = new LintCache(cacheDir(), keyFor(root));
    assert.equal(cache.lookup(new DiskTree(root)), undefined, 'nothing stored yet');
    const result = lintAndStore(cache, root);
    assert.deepEqual(plain(cache.lookup(new DiskTree(root))!.result), plain(result));
    const file = 'modules/powersync/default.nix';
    const text = readFileSync(path.join(root, file), 'utf8');
    writeFileSync(path.join(root, file), `${text}\n`);
    assert.equal(cache.lookup(new DiskTree(root)), undefined, 'an edit');
    writeFileSync(path.join(root, file), text);
    assert.ok(cache.lookup(new DiskTree(root)), 'the same bytes again');
  });

  it('is not trusted after an edit of any file read: a module, a YAML file the service reads, the sops file', () => {
    for (const file of ['hosts/web-arm/networking.nix', 'modules/powersync/sync-rules.yaml', 'hosts/web-arm/secrets.yaml']) {
      const root = exampleCopy();
      const cache = new LintCache(cacheDir(), keyFor(root));
      lintAndStore(cache, root);
      edit(root, file, (text) => `${text}# edited\n`);
      assert.equal(cache.lookup(new DiskTree(root)), undefined, file);
    }
  });

  it('is not trusted when a new host changes discovery, but --host does not look at other hosts', () => {
    const root = exampleCopy();
    const discovered = new LintCache(cacheDir(), keyFor(root));
    const chosen = new LintCache(cacheDir(), keyFor(root, { host: 'web-arm' }));
    lintAndStore(discovered, root);
    lintAndStore(chosen, root, new DiskTree(root), 'web-arm');
    mkdirSync(path.join(root, 'hosts/new'));
    writeFileSync(path.join(root, 'hosts/new/configuration.nix'), '{ }\n');
    assert.equal(discovered.lookup(new DiskTree(root)), undefined);
    assert.ok(chosen.lookup(new DiskTree(root)));
  });

  it('is not trusted when a file appears that an import, a directory import or pathExists looked for', () => {
    const root = exampleCopy();
    edit(root, 'hosts/web-arm/configuration.nix', (text) => text.replace('../../modules/powersync\n', '../../modules/powersync\n    ./extra.nix\n'));
    const cache = new LintCache(cacheDir(), keyFor(root));
    const before = lintAndStore(cache, root);
    assert.ok(before.findings.some((finding) => finding.ruleId === 'nix-import'), 'the missing import is a finding');
    writeFileSync(path.join(root, 'hosts/web-arm/extra.nix'), '{ }\n');
    assert.equal(cache.lookup(new DiskTree(root)), undefined);
    // A directory imported as ./dir means dir/default.nix: turning the file into a directory is a change.
    rmSync(path.join(root, 'hosts/web-arm/extra.nix'));
    mkdirSync(path.join(root, 'hosts/web-arm/extra.nix'));
    assert.equal(cache.lookup(new DiskTree(root)), undefined);
  });

  it('keeps one entry per tool, policy and invocation: a different key never sees another entry', () => {
    const root = exampleCopy();
    const dir = cacheDir();
    lintAndStore(new LintCache(dir, keyFor(root)), root);
    assert.ok(new LintCache(dir, keyFor(root)).lookup(new DiskTree(root)));
    assert.equal(new LintCache(dir, keyFor(root, { tool: '1.0.1+test' })).lookup(new DiskTree(root)), undefined, 'another tool version');
    assert.equal(new LintCache(dir, keyFor(root, { policy: { source: '/x/.powersync-lint.yaml', sha256: 'other' } })).lookup(new DiskTree(root)), undefined, 'another policy');
    assert.equal(new LintCache(dir, keyFor(root, { entry: 'hosts/builder/configuration.nix' })).lookup(new DiskTree(root)), undefined, 'another entry');
    assert.equal(new LintCache(dir, keyFor(root, { variant: { staged: true } })).lookup(new DiskTree(root)), undefined, 'the index instead of the working tree');
  });

  it('treats a corrupt or foreign entry as a miss', () => {
    const root = exampleCopy();
    const dir = cacheDir();
    const cache = new LintCache(dir, keyFor(root));
    lintAndStore(cache, root);
    const [entry] = readdirSync(dir);
    writeFileSync(path.join(dir, entry), '{"format":1,"key":');
    assert.equal(cache.lookup(new DiskTree(root)), undefined);
    writeFileSync(path.join(dir, entry), JSON.stringify({ format: 1, key: keyFor('/elsewhere'), observations: [], policy: {}, result: {} }));
    assert.equal(cache.lookup(new DiskTree(root)), undefined);
  });

  it('silently skips storing when the cache directory cannot be created or written', () => {
    const root = exampleCopy();
    const blocker = path.join(scratch, `file-${serial++}`);
    writeFileSync(blocker, 'not a directory');
    const cache = new LintCache(path.join(blocker, 'powersync-lint'), keyFor(root));
    const result = lintAndStore(cache, root);
    assert.ok(result.files > 0);
    assert.equal(cache.lookup(new DiskTree(root)), undefined);
  });

  it('works on git index trees (--staged): keyed on the staged blobs, not the working tree', () => {
    const repo = scratchRepo('cache', `${REPO}fixtures/web-arm`);
    gitOk(repo, ['add', '-A']);
    const cache = new LintCache(cacheDir(), keyFor(repo, { variant: { staged: true } }));
    lintAndStore(cache, repo, new GitIndexTree(repo, GIT_ENV));
    edit(repo, 'modules/nginx.nix', (text) => `${text}# not staged\n`);
    assert.ok(cache.lookup(new GitIndexTree(repo, GIT_ENV)), 'a working-tree edit does not change the index');
    gitOk(repo, ['add', 'modules/nginx.nix']);
    assert.equal(cache.lookup(new GitIndexTree(repo, GIT_ENV)), undefined, 'a staged edit does');
  });

  it('lives in node_modules/.cache of the package around ROOT, else under $XDG_CACHE_HOME', () => {
    assert.equal(defaultCacheDirectory(`${REPO}fixtures/web-arm`, {}), path.join(REPO, 'node_modules', '.cache', 'powersync-lint'));
    const outside = mkdtempSync(path.join(tmpdir(), 'powersync-lint-nopkg-'));
    assert.equal(defaultCacheDirectory(outside, { XDG_CACHE_HOME: '/var/cache/me' }), '/var/cache/me/powersync-lint');
    assert.equal(defaultCacheDirectory(outside, { XDG_CACHE_HOME: 'relative', HOME: '/home/me' }), '/home/me/.cache/powersync-lint');
    rmSync(outside, { recursive: true });
  });
});

describe('the lint command with the cache', () => {
  async function lint(root: string, args: string[], env: Record<string, string>) {
    const context = capturedContext({ cwd: root, env });
    const status = await main(args, context);
    return { status, out: context.out(), err: context.err() };
  }
  const withoutDuration = (json: string) => JSON.stringify({ ...JSON.parse(json), summary: { ...JSON.parse(json).summary, durationMs: 0 } });

  it('answers the same from the cache, and reflects an edit at once', async () => {
    const root = exampleCopy();
    const env = { XDG_CACHE_HOME: cacheDir() };
    const cold = await lint(root, ['--format', 'json', '.'], env);
    const warm = await lint(root, ['--format', 'json', '.'], env);
    assert.equal(warm.status, cold.status);
    assert.equal(withoutDuration(warm.out), withoutDuration(cold.out));
    assert.equal(readdirSync(path.join(env.XDG_CACHE_HOME, 'powersync-lint')).length, 1);
    edit(root, 'modules/powersync/default.nix', (text) => text.replace('"--network=v6egress"', '"--network=v6egress" "--pull=newer"'));
    const edited = await lint(root, ['--format', 'json', '.'], env);
    assert.equal(edited.status, 1);
    assert.ok(JSON.parse(edited.out).findings.some((finding: { ruleId: string }) => finding.ruleId === 'no-pull-newer'));
  });

  it('is not trusted after the policy file changes', async () => {
    const root = exampleCopy();
    const env = { XDG_CACHE_HOME: cacheDir() };
    writeFileSync(path.join(root, '.powersync-lint.yaml'), 'rules: {}\n');
    assert.equal((await lint(root, ['--format', 'json', '.'], env)).status, 0);
    writeFileSync(path.join(root, '.powersync-lint.yaml'), 'network:\n  name: other\n  unit: other.service\n');
    const changed = await lint(root, ['--format', 'json', '.'], env);
    assert.equal(changed.status, 1, 'the new policy applies');
    assert.ok(JSON.parse(changed.out).findings.some((finding: { ruleId: string }) => finding.ruleId === 'egress-network'));
  });

  it('--no-cache neither reads nor writes entries', async () => {
    const root = exampleCopy();
    const env = { XDG_CACHE_HOME: cacheDir() };
    assert.equal((await lint(root, ['--no-cache', '.'], env)).status, 0);
    assert.throws(() => readdirSync(path.join(env.XDG_CACHE_HOME, 'powersync-lint')), /ENOENT/);
  });

  it('a read-only cache directory does not break the lint', async () => {
    const root = exampleCopy();
    const blocker = path.join(scratch, `file-${serial++}`);
    writeFileSync(blocker, '');
    for (const cacheHome of [blocker, '/proc/powersync-lint-cannot-exist']) {
      const result = await lint(root, ['--format', 'json', '.'], { XDG_CACHE_HOME: cacheHome });
      assert.equal(result.status, 0, result.err);
      assert.equal(result.err, '');
    }
    if (process.getuid?.() !== 0) {
      const readOnly = cacheDir();
      mkdirSync(path.join(readOnly, 'powersync-lint'), { recursive: true });
      chmodSync(path.join(readOnly, 'powersync-lint'), 0o555);
      assert.equal((await lint(root, ['.'], { XDG_CACHE_HOME: readOnly })).status, 0);
    }
  });
});
