import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations, messages } from '../helpers/lint-fixture.js';

const RULE = 'vhost-proxy-timeouts';
const fixture = (name: string) => lintFixture(`rules/${RULE}/${name}`);

test('vhost-proxy-timeouts: an interpolated low value is reported at its let binding; 3600ms is not 3600s', () => {
  const result = fixture('fail-low-values');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:3:18', 'hosts/web-arm/configuration.nix:11:26']);
  assert.deepEqual(result.findings.find((f) => f.ruleId === RULE)?.related?.map((r) => `${r.line}:${r.column}`), ['9:19']);
  assert.match(messages(result, RULE)[1], /`proxy_send_timeout` is 3600ms/);
});

test("vhost-proxy-timeouts: missing directives fall back to nginx's 60s and are reported at the location", () => {
  const result = fixture('fail-missing');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:4:15', 'hosts/web-arm/configuration.nix:4:15']);
  assert.match(messages(result, RULE)[0], /nginx's default/);
});

test('vhost-proxy-timeouts: extraConfig lines from two modules are joined (types.lines) and read together', () => {
  assert.deepEqual(locations(fixture('fail-second-module-lines'), RULE), ['hosts/web-arm/nginx.nix:5:51']);
});

test('vhost-proxy-timeouts: comments are ignored, units read (60m, "1h"), vhost-level values inherited', () => {
  assert.deepEqual(locations(fixture('pass-units-and-comments'), RULE), []);
});

test('vhost-proxy-timeouts: services.nginx.proxyTimeout with recommendedProxySettings counts', () => {
  assert.deepEqual(locations(fixture('pass-recommended-global'), RULE), []);
});
