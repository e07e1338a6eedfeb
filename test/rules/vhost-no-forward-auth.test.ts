import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations, messages } from '../helpers/lint-fixture.js';
import { unverified } from '../helpers/apply-fix.js';

const RULE = 'vhost-no-forward-auth';
const fixture = (name: string) => lintFixture(`rules/${RULE}/${name}`);

test('vhost-no-forward-auth: oauth2-proxy from a second module, basicAuthFile, auth_request nested in a vhost block and in `/`', () => {
  const result = fixture('fail-auth-request-and-basic-auth');
  assert.deepEqual(locations(result, RULE), [
    'hosts/web-arm/auth.nix:4:24',
    'hosts/web-arm/configuration.nix:5:5',
    'hosts/web-arm/configuration.nix:8:9',
    'hosts/web-arm/configuration.nix:14:9',
  ]);
  assert.match(messages(result, RULE)[0], /oauth2-proxy forward authentication/);
  assert.match(messages(result, RULE)[3], /cannot answer another challenge/);
});

test('vhost-no-forward-auth: basicAuth and auth_basic on other locations of the vhost count too', () => {
  const result = fixture('fail-basic-auth-location');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:5:14', 'hosts/web-arm/configuration.nix:6:31']);
  assert.doesNotMatch(JSON.stringify(result.findings), /not-a-real-password/);
});

test('vhost-no-forward-auth: `auth_basic off`, commented directives, null basicAuthFile and auth on other vhosts pass', () => {
  const result = fixture('pass-off-and-comments');
  assert.deepEqual(locations(result, RULE), []);
  assert.deepEqual(unverified(result, RULE), []);
});
