import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations, messages } from '../helpers/lint-fixture.js';
import { unverified } from '../helpers/apply-fix.js';

const RULE = 'vhost-upstream';
const fixture = (name: string) => lintFixture(`rules/${RULE}/${name}`);
const related = (name: string) => fixture(name).findings.find((f) => f.ruleId === RULE)?.related?.map((r) => `${r.file}:${r.line}:${r.column}`);

test('vhost-upstream: proxyPass to a port other than the published host port is reported at the port digits', () => {
  const result = fixture('fail-wrong-port');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:6:98']);
  assert.match(messages(result, RULE)[0], /publishes the service on host port 8081; write `proxyPass = "http:\/\/127\.0\.0\.1:8081";`/);
  assert.deepEqual(related('fail-wrong-port'), ['hosts/web-arm/configuration.nix:4:15']);
});

test('vhost-upstream: a port interpolated from a let binding through a module argument in a second module is reported at the binding', () => {
  const result = fixture('fail-let-interpolated-port');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:3:18']);
  assert.deepEqual(related('fail-let-interpolated-port'), ['hosts/web-arm/nginx.nix:4:17', 'hosts/web-arm/configuration.nix:11:15']);
});

test('vhost-upstream: https:// to the container is reported at the scheme; other vhosts are not checked', () => {
  const result = fixture('fail-https');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:7:55']);
  assert.match(messages(result, RULE)[0], /plain HTTP/);
});

test('vhost-upstream: an upstream block whose server is not the published address is reported at the server name', () => {
  const result = fixture('fail-upstream-block');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:6:46']);
  assert.match(messages(result, RULE)[0], /`localhost:8080`/);
});

test('vhost-upstream: the mapping of the service config `port` is chosen; upstream blocks and proxy_pass in extraConfig pass', () => {
  for (const name of ['pass-upstream-block-and-config-port', 'pass-extra-config-proxy-pass']) {
    const result = fixture(name);
    assert.deepEqual(locations(result, RULE), [], name);
    assert.deepEqual(unverified(result, RULE), [], name);
  }
});
