import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations, messages } from '../helpers/lint-fixture.js';
import { unverified } from '../helpers/apply-fix.js';

const RULE = 'vhost-websockets';
const fixture = (name: string) => lintFixture(`rules/${RULE}/${name}`);

test('vhost-websockets: a `/` location without proxyWebsockets (HTTP/1.1 alone is not enough) is reported at the location', () => {
  const result = fixture('fail-missing');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:6:15']);
  assert.match(messages(result, RULE)[0], /does not set `proxyWebsockets = true`/);
});

test('vhost-websockets: a let-bound false under mkIf in a mkMerge is reported at the binding', () => {
  assert.deepEqual(locations(fixture('fail-false-mkmerge'), RULE), ['hosts/web-arm/configuration.nix:3:16']);
});

test('vhost-websockets: a vhost that serves PowerSync under a path prefix has no `/` location', () => {
  const result = fixture('fail-no-root-location');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:3:31']);
  assert.match(messages(result, RULE)[0], /no `locations\."\/"`/);
});

test('vhost-websockets: dotted attrpaths, and the upgrade headers written by hand, pass', () => {
  for (const name of ['pass-dotted', 'pass-headers-by-hand']) {
    const result = fixture(name);
    assert.deepEqual(locations(result, RULE), [], name);
    assert.deepEqual(unverified(result, RULE), [], name);
  }
});
