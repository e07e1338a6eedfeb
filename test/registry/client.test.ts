/** The registry client against a real registry (docker-registry) and a bearer-token front. */
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { RegistryClient } from '../../src/registry/client.js';
import { RegistryError } from '../../src/registry/errors.js';
import {
  pushMultiArch,
  pushSinglePlatform,
  registryUnavailable,
  startBearerProxy,
  startRegistry,
  type BearerProxy,
  type LocalRegistry,
  type SeededTag,
} from '../helpers/oci-registry.js';

const REPO = 'journeyapps/powersync-service';
const unavailable = registryUnavailable();
if (unavailable) console.log(`# ${unavailable}`);

describe('RegistryClient against docker-registry', { skip: unavailable }, () => {
  let registry: LocalRegistry;
  let proxy: BearerProxy;
  const seeded = new Map<string, SeededTag>();
  const client = (baseUrl: string, options: Partial<ConstructorParameters<typeof RegistryClient>[0]> = {}) =>
    new RegistryClient({ baseUrl, backoffMs: 1, timeoutMs: 5000, ...options });

  before(async () => {
    registry = await startRegistry();
    for (const tag of ['1.25.0', '1.25.1', '1.25.2-next', '1.26.0']) seeded.set(tag, await pushMultiArch(registry.url, REPO, tag));
    seeded.set('latest', await pushMultiArch(registry.url, REPO, 'latest', 'docker'));
    seeded.set('1.24.0', await pushSinglePlatform(registry.url, REPO, '1.24.0'));
    proxy = await startBearerProxy(registry.url, REPO);
  });
  after(async () => {
    await proxy?.stop();
    await registry?.stop();
  });

  it('lists every tag in one page from docker-registry', async () => {
    assert.deepEqual([...(await client(registry.url).listTags(REPO))].sort(), [...seeded.keys()].sort());
  });

  it('lists every tag, following Link pagination', async () => {
    proxy.tagPageSize = 2;
    try {
      const marker = proxy.requests.length;
      const tags = await client(proxy.url, { pageSize: 100 }).listTags(REPO);
      assert.deepEqual(tags, [...seeded.keys()].sort());
      const pages = proxy.requests.slice(marker).filter((r) => r.includes('/tags/list'));
      assert.equal(pages.length, 3, pages.join(', '));
      assert.ok(pages.slice(1).every((r) => r.includes('last=')), pages.join(', '));
    } finally {
      proxy.tagPageSize = undefined;
    }
  });

  it('resolves a tag to the digest of its multi-arch index (OCI index and Docker manifest list)', async () => {
    const c = client(registry.url);
    for (const tag of ['1.25.1', 'latest']) {
      const expected = seeded.get(tag)!;
      assert.deepEqual(await c.resolveDigest(REPO, tag), { digest: expected.digest, mediaType: expected.mediaType });
    }
  });

  it('resolves a single-platform tag to its manifest digest', async () => {
    const expected = seeded.get('1.24.0')!;
    assert.deepEqual(await client(registry.url).resolveDigest(REPO, '1.24.0'), { digest: expected.digest, mediaType: expected.mediaType });
  });

  it('follows the Bearer challenge: one token for the scope, then cached', async () => {
    const before = proxy.tokenRequests.length;
    const c = client(proxy.url);
    assert.equal((await c.resolveDigest(REPO, '1.26.0')).digest, seeded.get('1.26.0')!.digest);
    assert.equal((await c.resolveDigest(REPO, '1.25.0')).digest, seeded.get('1.25.0')!.digest);
    const requested = proxy.tokenRequests.slice(before);
    assert.equal(requested.length, 1);
    assert.equal(requested[0].get('service'), 'powersync-lint-test');
    assert.equal(requested[0].get('scope'), `repository:${REPO}:pull`);
  });

  it('without Docker-Content-Digest, hashes the manifest it GETs', async () => {
    proxy.hideDigestHeader = true;
    try {
      const marker = proxy.requests.length;
      assert.equal((await client(proxy.url).resolveDigest(REPO, '1.25.1')).digest, seeded.get('1.25.1')!.digest);
      assert.ok(proxy.requests.slice(marker).some((r) => r.startsWith('GET /v2/') && r.includes('/manifests/1.25.1')));
    } finally {
      proxy.hideDigestHeader = false;
    }
  });

  it('retries 503 and 429 with backoff, honouring Retry-After', async () => {
    const slept: number[] = [];
    const c = client(proxy.url, { sleep: async (ms) => void slept.push(ms) });
    proxy.failNext(2, 503);
    assert.equal((await c.resolveDigest(REPO, '1.25.0')).digest, seeded.get('1.25.0')!.digest);
    proxy.failNext(1, 429, '0');
    assert.equal((await c.resolveDigest(REPO, '1.25.0')).digest, seeded.get('1.25.0')!.digest);
    assert.equal(slept.length, 3);
    assert.equal(slept[2], 0);
    assert.ok(slept[1] >= slept[0], `backoff grows: ${slept.join(', ')}`);
  });

  it('gives up after the retries with a clear error', async () => {
    proxy.failNext(10, 502);
    const c = client(proxy.url, { retries: 2, sleep: async () => {} });
    await assert.rejects(c.resolveDigest(REPO, '1.25.0'), (error: unknown) => {
      assert.ok(error instanceof RegistryError);
      assert.equal(error.kind, 'http');
      assert.match(error.message, /cannot resolve tag "1\.25\.0" of 127\.0\.0\.1:\d+\/journeyapps\/powersync-service: HTTP 502.* after 3 attempts/);
      return true;
    });
    proxy.failNext(0, 503);
  });

  it('an unknown tag or repository is not-found', async () => {
    await assert.rejects(client(registry.url).resolveDigest(REPO, '9.9.9'), (error: unknown) => {
      assert.ok(error instanceof RegistryError && error.kind === 'not-found');
      assert.match(error.message, /has no tag "9\.9\.9"/);
      return true;
    });
    await assert.rejects(client(registry.url).listTags('nobody/nothing'), /does not exist/);
  });

  it('a registry that does not answer is a network error', async () => {
    const closed = await startRegistry();
    const url = closed.url;
    await closed.stop();
    await assert.rejects(client(url, { retries: 1, sleep: async () => {} }).listTags(REPO), (error: unknown) => {
      assert.ok(error instanceof RegistryError && error.kind === 'network', String(error));
      assert.match(error.message, /connection refused/);
      return true;
    });
  });

  it('a 401 without a Bearer challenge is an auth error', async () => {
    const basic = async () => new Response('no', { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="x"' } });
    await assert.rejects(client('https://registry.invalid', { fetch: basic as typeof fetch }).listTags(REPO), (error: unknown) => error instanceof RegistryError && error.kind === 'auth' && /without a Bearer challenge/.test(error.message));
  });

  it('a timeout is retried, then reported', async () => {
    const never: typeof fetch = (_url, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    await assert.rejects(client('https://registry.invalid', { fetch: never, timeoutMs: 20, retries: 1, sleep: async () => {} }).listTags(REPO), /no answer within 0 s \(after 2 attempts\)/);
  });
});
