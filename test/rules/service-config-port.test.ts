import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations, messages } from '../helpers/lint-fixture.js';

const RULE = 'service-config-port';

test('service-config-port: the service listens on its top-level port, not on the published container port', () => {
  const result = lintFixture(`rules/${RULE}/fail-port-mismatch`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:34:31']);
  assert.match(messages(result, RULE)[0], /publishes container port 8080, but the service listens on 9000 \(the service config's `port`\); write `"127.0.0.1:8080:9000"`/);
  assert.deepEqual(result.findings.find((f) => f.ruleId === RULE)!.related?.map((r) => `${r.line}:${r.column}`), ['21:11']);
});

test('service-config-port: api.port is ignored (verified): the service stays on 8080; the container port comes from a let binding', () => {
  const result = lintFixture(`rules/${RULE}/fail-api-port`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:3:19']);
  assert.match(messages(result, RULE)[0], /listens on 8080 \(the default: the service config sets no top-level `port`\)/);
  assert.deepEqual(locations(result, 'service-config-schema'), ['hosts/web-arm/configuration.nix:23:7']);
});

test('service-config-port: no published port at all', () => {
  const result = lintFixture(`rules/${RULE}/fail-no-ports`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:31:44']);
});

test('service-config-port: port as a string, the mapping with /tcp in a second module, passes', () => {
  assert.deepEqual(locations(lintFixture(`rules/${RULE}/pass-string-port-second-module`), RULE), []);
});
