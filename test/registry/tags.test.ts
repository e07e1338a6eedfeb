import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { newestPatch, parseRelease, releaseLine } from '../../src/registry/tags.js';
import { locateRepository } from '../../src/registry/reference.js';
import { normalizeBaseUrl, parseChallenge } from '../../src/registry/client.js';

describe('release tags', () => {
  it('a release is X.Y.Z only', () => {
    assert.deepEqual(parseRelease('1.25.1'), { tag: '1.25.1', major: 1, minor: 25, patch: 1 });
    for (const tag of ['1.25', '1', 'latest', '1.25.2-next', '0.0.0-dev-20250601', 'v1.25.1', '1.25.01', '1.25.1.0', '']) assert.equal(parseRelease(tag), undefined, tag);
  });

  it('the release line comes from X.Y.Z, X.Y or a pre-release; not from latest, X or a dev build', () => {
    assert.deepEqual(releaseLine('1.25.0'), { major: 1, minor: 25 });
    assert.deepEqual(releaseLine('1.25'), { major: 1, minor: 25 });
    assert.deepEqual(releaseLine('1.26.0-next'), { major: 1, minor: 26 });
    for (const tag of ['latest', '1', '0.0.0-dev-20250601', 'main']) assert.equal(releaseLine(tag), undefined, tag);
  });

  it('newest patch of the line: numeric order, no pre-releases, floating tags or other minors', () => {
    const tags = ['1.25.0', '1.25.9', '1.25.10', '1.25.11-next', '1.25', '1', 'latest', '1.26.0', '2.25.99', '0.0.0-dev-1'];
    assert.equal(newestPatch(tags, { major: 1, minor: 25 })?.tag, '1.25.10');
    assert.equal(newestPatch(tags, { major: 1, minor: 26 })?.tag, '1.26.0');
    assert.equal(newestPatch(tags, { major: 1, minor: 27 }), undefined);
  });
});

describe('where an image lives', () => {
  it('Docker Hub by default, library/ for official images, other hosts as named', () => {
    assert.deepEqual(locateRepository('journeyapps/powersync-service'), { baseUrl: 'https://registry-1.docker.io', repository: 'journeyapps/powersync-service' });
    assert.deepEqual(locateRepository('docker.io/journeyapps/powersync-service'), { baseUrl: 'https://registry-1.docker.io', repository: 'journeyapps/powersync-service' });
    assert.deepEqual(locateRepository('nginx'), { baseUrl: 'https://registry-1.docker.io', repository: 'library/nginx' });
    assert.deepEqual(locateRepository('ghcr.io/powersync-ja/powersync-service'), { baseUrl: 'https://ghcr.io', repository: 'powersync-ja/powersync-service' });
    assert.deepEqual(locateRepository('localhost:5000/x/y'), { baseUrl: 'https://localhost:5000', repository: 'x/y' });
  });

  it('--registry overrides the host', () => {
    assert.deepEqual(locateRepository('journeyapps/powersync-service', 'http://127.0.0.1:5000'), { baseUrl: 'http://127.0.0.1:5000', repository: 'journeyapps/powersync-service' });
    assert.deepEqual(locateRepository('ghcr.io/a/b', 'http://127.0.0.1:5000'), { baseUrl: 'http://127.0.0.1:5000', repository: 'a/b' });
  });

  it('registry URLs: scheme, host and port only', () => {
    assert.equal(normalizeBaseUrl('https://registry-1.docker.io/'), 'https://registry-1.docker.io');
    assert.equal(normalizeBaseUrl('http://127.0.0.1:5000/v2/'), 'http://127.0.0.1:5000');
    for (const bad of ['registry-1.docker.io', 'ftp://x', 'https://u:p@x', 'https://x/some/path']) assert.throws(() => normalizeBaseUrl(bad), /registry|credentials|path/, bad);
  });
});

describe('WWW-Authenticate', () => {
  it("reads Docker Hub's Bearer challenge", () => {
    const challenge = parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:journeyapps/powersync-service:pull"');
    assert.deepEqual(Object.fromEntries(challenge!), {
      realm: 'https://auth.docker.io/token',
      service: 'registry.docker.io',
      scope: 'repository:journeyapps/powersync-service:pull',
    });
  });

  it('is undefined for Basic and for nothing', () => {
    assert.equal(parseChallenge('Basic realm="registry"'), undefined);
    assert.equal(parseChallenge(null), undefined);
  });
});
