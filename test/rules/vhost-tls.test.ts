import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations, messages } from '../helpers/lint-fixture.js';
import { unverified } from '../helpers/apply-fix.js';

const RULE = 'vhost-tls';
const fixture = (name: string) => lintFixture(`rules/${RULE}/${name}`);

test('vhost-tls: a vhost named with a typo of the domain is reported at its name, the container as related', () => {
  const result = fixture('fail-missing-vhost');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:7:31']);
  assert.match(messages(result, RULE)[0], /is `powersync\.reptide\.ue` a typo\?/);
  assert.deepEqual(result.findings.find((f) => f.ruleId === RULE)?.related?.map((r) => `${r.line}:${r.column}`), ['2:44']);
});

test('vhost-tls: no vhost for the domain at all is reported at the container definition', () => {
  const result = fixture('fail-no-vhost-at-all');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:3:5']);
  assert.match(messages(result, RULE)[0], /No nginx virtual host serves powersync\.reptide\.eu/);
});

test('vhost-tls: addSSL with a hand-made certificate: no ACME certificate and no forceSSL', () => {
  const result = fixture('fail-add-ssl-no-cert');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:3:31', 'hosts/web-arm/configuration.nix:4:5']);
  assert.match(messages(result, RULE)[0], /neither `enableACME` nor `useACMEHost`/);
  assert.match(messages(result, RULE)[1], /also answers plain HTTP/);
});

test('vhost-tls: mkForce false in a mkMerge of a second module wins, reported at the false literals; onlySSL explained', () => {
  const result = fixture('fail-disabled-second-module');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/nginx.nix:4:32', 'hosts/web-arm/nginx.nix:5:46']);
  assert.match(messages(result, RULE)[1], /`onlySSL` leaves port 80 closed/);
});

test('vhost-tls: a vhost found by serverName (let-bound domain) with useACMEHost and forceSSL passes', () => {
  const result = fixture('pass-server-name-use-acme-host');
  assert.deepEqual(locations(result, RULE), []);
  assert.deepEqual(unverified(result, RULE), []);
});
