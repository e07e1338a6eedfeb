/**
 * `powersync-lint pin` against a real registry (docker-registry, see test/helpers/oci-registry.ts)
 * seeded with multi-arch indexes for 1.25.0, 1.25.1, 1.25.2-next and 1.26.0, on copies of the
 * bundled example.
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { DiskTree } from '../../src/source/disk-tree.js';
import { defaultPolicy } from '../../src/engine/policy.js';
import { lintHost } from '../../src/engine/lint.js';
import { REPO } from '../helpers/lint-fixture.js';
import { pushMultiArch, pushSinglePlatform, registryUnavailable, startBearerProxy, startRegistry, type BearerProxy, type LocalRegistry, type SeededTag } from '../helpers/oci-registry.js';
import { capturedContext } from './captured-context.js';

const IMAGE = 'journeyapps/powersync-service';
const MODULE = 'modules/powersync/default.nix';
const EXAMPLE = `${REPO}fixtures/web-arm`;
const PINNED_DIGEST = 'sha256:e2591aa155c9a1b8032d3e93cf33e1f9a503713e21e269c21ed7e6258fda7c9e';
const unavailable = registryUnavailable();
if (unavailable) console.log(`# ${unavailable}`);

function copyOfExample(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'powersync-lint-pin-'));
  cpSync(EXAMPLE, root, { recursive: true });
  return root;
}

function read(root: string, file = MODULE): string {
  return readFileSync(path.join(root, file), 'utf8');
}

function errorsOf(root: string) {
  return lintHost({ root, tree: new DiskTree(root), policy: defaultPolicy() }).findings.filter((f) => f.severity === 'error');
}

async function pin(args: string[], cwd = process.cwd()) {
  const context = capturedContext({ cwd });
  const status = await main(['pin', ...args], context);
  return { status, stdout: context.out(), stderr: context.err() };
}

describe('powersync-lint pin against docker-registry', { skip: unavailable }, () => {
  let registry: LocalRegistry;
  let proxy: BearerProxy;
  const tags = new Map<string, SeededTag>();
  const roots: string[] = [];
  const scratch = () => {
    const root = copyOfExample();
    roots.push(root);
    return root;
  };

  before(async () => {
    registry = await startRegistry();
    for (const tag of ['1.25.0', '1.25.1', '1.25.2-next', '1.26.0']) tags.set(tag, await pushMultiArch(registry.url, IMAGE, tag));
    tags.set('1.25', await pushMultiArch(registry.url, IMAGE, '1.25'));
    tags.set('latest', await pushMultiArch(registry.url, IMAGE, 'latest', 'docker'));
    tags.set('1.24.0', await pushSinglePlatform(registry.url, IMAGE, '1.24.0'));
    proxy = await startBearerProxy(registry.url, IMAGE);
  });
  after(async () => {
    await proxy?.stop();
    await registry?.stop();
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('moves 1.25.0 to the newest 1.25.x release (1.25.1, not 1.25.2-next or 1.26.0) with its index digest, rewriting only the two literals', async () => {
    const root = scratch();
    const before = read(root);
    chmodSync(path.join(root, MODULE), 0o640);
    const { status, stdout, stderr } = await pin(['--registry', registry.url, root]);
    assert.equal(status, 0, stderr);
    const digest = tags.get('1.25.1')!.digest;
    assert.equal(read(root), before.replace('tag = "1.25.0";', 'tag = "1.25.1";').replace(`digest = "${PINNED_DIGEST}";`, `digest = "${digest}";`));
    assert.equal(statSync(path.join(root, MODULE)).mode & 0o777, 0o640, 'the file mode is kept');
    assert.match(stdout, new RegExp(`^${IMAGE}: 1\\.25\\.0 → 1\\.25\\.1@${digest}\\n`));
    assert.match(stdout, /default\.nix:15:12 {2}tag\n.*default\.nix:16:15 {2}digest\n$/);
    assert.equal(stderr, '');
    assert.deepEqual(errorsOf(root), [], 'the example still lints clean');
  });

  it('is idempotent: a second run finds the image pinned and changes nothing', async () => {
    const root = scratch();
    assert.equal((await pin(['--registry', registry.url, root])).status, 0);
    const pinned = read(root);
    const second = await pin(['--registry', registry.url, root]);
    assert.equal(second.status, 0, second.stderr);
    assert.equal(second.stdout, `${IMAGE} is already pinned to 1.25.1@${tags.get('1.25.1')!.digest}\n`);
    assert.equal(read(root), pinned);
  });

  it('--tag 1.26.0 moves the minor', async () => {
    const root = scratch();
    const { status, stderr } = await pin(['--tag', '1.26.0', '--registry', registry.url, root]);
    assert.equal(status, 0, stderr);
    assert.match(read(root), /tag = "1\.26\.0";\n {4}digest = "(sha256:[0-9a-f]{64})";/);
    assert.ok(read(root).includes(`digest = "${tags.get('1.26.0')!.digest}";`));
    assert.deepEqual(errorsOf(root), []);
  });

  it('--tag 9.9.9 (unknown) changes nothing and exits 2', async () => {
    const root = scratch();
    const before = read(root);
    const { status, stdout, stderr } = await pin(['--tag', '9.9.9', '--registry', registry.url, root]);
    assert.equal(status, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^powersync-lint pin: 127\.0\.0\.1:\d+\/journeyapps\/powersync-service has no tag "9\.9\.9"; nothing was changed\n$/);
    assert.equal(read(root), before);
  });

  it('a floating, pre-release or malformed --tag is a usage error', async () => {
    for (const tag of ['1.25', 'latest', '1.25.2-next', 'x']) {
      const { status, stderr } = await pin(['--tag', tag, '--registry', registry.url, scratch()]);
      assert.equal(status, 2, tag);
      assert.match(stderr, /is not a release X\.Y\.Z/);
    }
  });

  it('--dry-run prints a unified diff and writes nothing', async () => {
    const root = scratch();
    const before = read(root);
    const { status, stdout, stderr } = await pin(['--dry-run', '--registry', registry.url, root]);
    assert.equal(status, 0, stderr);
    assert.equal(read(root), before);
    const digest = tags.get('1.25.1')!.digest;
    assert.equal(
      stdout,
      [
        `--- a/${MODULE}`,
        `+++ b/${MODULE}`,
        '@@ -12,8 +12,8 @@',
        ' let',
        '   image = {',
        '     name = "journeyapps/powersync-service";',
        '-    tag = "1.25.0";',
        `-    digest = "${PINNED_DIGEST}";`,
        '+    tag = "1.25.1";',
        `+    digest = "${digest}";`,
        '   };',
        ' ',
        '   supabaseRef = "majxbigjafpzayzboxsf";',
        '',
      ].join('\n'),
    );
    assert.match(stderr, /dry run: nothing written/);
  });

  it('goes through a Bearer token challenge (Docker Hub style)', async () => {
    const root = scratch();
    const tokensBefore = proxy.tokenRequests.length;
    proxy.tagPageSize = 2;
    try {
      const { status, stderr } = await pin(['--registry', proxy.url, root]);
      assert.equal(status, 0, stderr);
    } finally {
      proxy.tagPageSize = undefined;
    }
    assert.ok(read(root).includes(`digest = "${tags.get('1.25.1')!.digest}";`));
    assert.equal(proxy.tokenRequests.length - tokensBefore, 1);
  });

  it('rewrites a single image string in place', async () => {
    const root = scratch();
    const text = read(root).replace('image = "${image.name}:${image.tag}@${image.digest}";', `image = "journeyapps/powersync-service:1.25.0@${PINNED_DIGEST}";`);
    writeFileSync(path.join(root, MODULE), text);
    const { status, stderr } = await pin(['--registry', registry.url, root]);
    assert.equal(status, 0, stderr);
    assert.equal(read(root), text.replace(`:1.25.0@${PINNED_DIGEST}`, `:1.25.1@${tags.get('1.25.1')!.digest}`));
    assert.deepEqual(errorsOf(root), []);
  });

  it('adds the digest when the image has none yet, at the end of the image string', async () => {
    const root = scratch();
    const text = read(root)
      .replace(`    digest = "${PINNED_DIGEST}";\n`, '')
      .replace('image = "${image.name}:${image.tag}@${image.digest}";', 'image = "${image.name}:${image.tag}";');
    writeFileSync(path.join(root, MODULE), text);
    assert.ok(errorsOf(root).some((f) => f.ruleId === 'image-digest-pinned'));
    const { status, stderr } = await pin(['--registry', registry.url, root]);
    assert.equal(status, 0, stderr);
    const digest = tags.get('1.25.1')!.digest;
    assert.equal(read(root), text.replace('tag = "1.25.0";', 'tag = "1.25.1";').replace('image = "${image.name}:${image.tag}";', `image = "\${image.name}:\${image.tag}@${digest}";`));
    assert.deepEqual(errorsOf(root), []);
  });

  it('adds tag and digest to an image without either, with --tag', async () => {
    const root = scratch();
    const text = read(root).replace('image = "${image.name}:${image.tag}@${image.digest}";', 'image = "${image.name}";');
    writeFileSync(path.join(root, MODULE), text);
    assert.equal((await pin(['--registry', registry.url, root])).status, 2, 'no tag: no release line to follow');
    const { status, stderr } = await pin(['--tag', '1.25.1', '--registry', registry.url, root]);
    assert.equal(status, 0, stderr);
    assert.equal(read(root), text.replace('image = "${image.name}";', `image = "\${image.name}:1.25.1@${tags.get('1.25.1')!.digest}";`));
  });

  it('follows the release line of a floating tag, and pins it to a release', async () => {
    const root = scratch();
    writeFileSync(path.join(root, MODULE), read(root).replace('tag = "1.25.0";', 'tag = "1.25";'));
    const before = read(root);
    const { status, stderr } = await pin(['--registry', registry.url, root]);
    assert.equal(status, 0, stderr);
    assert.equal(read(root), before.replace('tag = "1.25";', 'tag = "1.25.1";').replace(PINNED_DIGEST, tags.get('1.25.1')!.digest));
  });

  it('`latest` names no release line: --tag is needed', async () => {
    const root = scratch();
    writeFileSync(path.join(root, MODULE), read(root).replace('tag = "1.25.0";', 'tag = "latest";'));
    const before = read(root);
    const { status, stderr } = await pin(['--registry', registry.url, root]);
    assert.equal(status, 2);
    assert.match(stderr, /has tag `latest`, which names no X\.Y release line to follow; choose the release with --tag X\.Y\.Z; nothing was changed/);
    assert.equal(read(root), before);
  });

  it('a single-platform manifest is pinned with a note', async () => {
    const root = scratch();
    const { status, stderr } = await pin(['--tag', '1.24.0', '--registry', registry.url, root]);
    assert.equal(status, 0, stderr);
    assert.match(stderr, /is a single-platform manifest \(application\/vnd\.oci\.image\.manifest\.v1\+json\), not a multi-arch index/);
    assert.ok(read(root).includes(`digest = "${tags.get('1.24.0')!.digest}";`));
  });

  it('a registry that does not answer changes nothing and exits 2', async () => {
    const root = scratch();
    const before = read(root);
    const gone = await startRegistry();
    await gone.stop();
    const { status, stderr } = await pin(['--tag', '1.25.1', '--registry', gone.url, root]);
    assert.equal(status, 2);
    assert.match(stderr, /^powersync-lint pin: cannot resolve tag "1\.25\.1" of 127\.0\.0\.1:\d+\/journeyapps\/powersync-service: connection refused; nothing was changed\n$/);
    assert.equal(read(root), before);
  });

  it('an image built from pieces it cannot rewrite is refused, not mangled', async () => {
    const root = scratch();
    // The patch digit comes from a number: the tag cannot be rewritten in a string literal.
    const text = read(root).replace('tag = "1.25.0";', 'tag = "1.25.${toString 0}";');
    writeFileSync(path.join(root, MODULE), text);
    const { status, stderr } = await pin(['--tag', '1.25.1', '--registry', registry.url, root]);
    assert.equal(status, 2);
    assert.match(stderr, /^powersync-lint pin: cannot rewrite the image \(modules\/powersync\/default\.nix:64:13\): the tag `1\.25\.0` is not written inside a string literal of a file that parses; nothing was changed\n$/);
    assert.equal(read(root), text);
  });

  it('a change that only touches the literal part of a split tag is made there', async () => {
    const root = scratch();
    const text = read(root).replace('tag = "1.25.0";', 'tag = "1.25.${toString 0}";');
    writeFileSync(path.join(root, MODULE), text);
    const { status, stderr } = await pin(['--tag', '1.26.0', '--registry', registry.url, root]);
    assert.equal(status, 0, stderr);
    assert.equal(read(root), text.replace('tag = "1.25.${toString 0}";', 'tag = "1.26.${toString 0}";').replace(PINNED_DIGEST, tags.get('1.26.0')!.digest));
  });
});

describe('powersync-lint pin without a registry', () => {
  it('--help', async () => {
    const { status, stdout } = await pin(['--help']);
    assert.equal(status, 0);
    assert.match(stdout, /^Usage: powersync-lint pin \[options\] \[ROOT\]/);
  });

  it('an unknown option or two ROOTs is a usage error', async () => {
    assert.equal((await pin(['--tga', '1.25.1'])).status, 2);
    assert.match((await pin(['a', 'b'])).stderr, /at most one ROOT/);
  });

  it('a bad --registry is reported without touching the network', async () => {
    const root = copyOfExample();
    try {
      const { status, stderr } = await pin(['--registry', 'ftp://example.com', root]);
      assert.equal(status, 2);
      assert.match(stderr, /"ftp:\/\/example\.com" is not an http\(s\) registry URL; nothing was changed/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
