import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations, messages } from '../helpers/lint-fixture.js';

const RULE = 'service-config-storage';

test('service-config-storage: a unix-socket URI is fatal at startup (PSYNC_S1106), reported once at ?host=', () => {
  const result = lintFixture(`rules/${RULE}/fail-unix-socket`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:11:62']);
  assert.match(messages(result, RULE)[0], /connects over TCP only.*`\[PSYNC_S1106\] Postgres connection: hostname required`/);
});

test('service-config-storage: default verify-full against PostgreSQL without TLS — healthy probes, replication failing', () => {
  const result = lintFixture(`rules/${RULE}/fail-verify-full-without-tls`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:9:5']);
  assert.match(messages(result, RULE)[0], /no `sslmode`, so PowerSync uses `verify-full`.*probes answer 200.*postgres does not support ssl.*add `sslmode: disable`/);
  const finding = result.findings.find((f) => f.ruleId === RULE)!;
  assert.equal(finding.related?.[0].message, 'TLS is off here');
});

test('service-config-storage: loopback in the container, another database, ?sslmode= ignored, so verify-full against no TLS', () => {
  const result = lintFixture(`rules/${RULE}/fail-loopback-uri`);
  assert.deepEqual(locations(result, RULE), [
    'hosts/web-arm/configuration.nix:9:5',
    'hosts/web-arm/configuration.nix:11:43',
    'hosts/web-arm/configuration.nix:11:58',
    'hosts/web-arm/configuration.nix:11:68',
  ]);
  const [tls, loopback, database, sslmode] = messages(result, RULE);
  assert.match(tls, /uses `verify-full`/);
  assert.match(loopback, /`127.0.0.1` is the container itself, not the host/);
  assert.match(database, /Storage database `powersync` is not the policy's `powersync_storage`/);
  assert.match(sslmode, /`\?sslmode=disable` in the URI is ignored by PowerSync/);
});

test('service-config-storage: formats.yaml — a socket directory as hostname, a let-bound database, no password', () => {
  const result = lintFixture(`rules/${RULE}/fail-formats-generate`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:3:8', 'hosts/web-arm/configuration.nix:5:5', 'hosts/web-arm/configuration.nix:7:18']);
  const [database, password, socket] = messages(result, RULE);
  assert.match(database, /`powersync` is not the policy's/);
  assert.match(password, /has no password.*PSYNC_S1108/);
  assert.match(socket, /`\/run\/postgresql` is a unix socket directory/);
  assert.deepEqual(result.findings.find((f) => f.ruleId === RULE)!.related?.map((r) => `${r.line}:${r.column}`), ['8:7']);
});

test('service-config-storage: MongoDB storage where the policy keeps bucket data in PostgreSQL', () => {
  assert.deepEqual(locations(lintFixture(`rules/${RULE}/fail-mongodb`), RULE), ['hosts/web-arm/configuration.nix:10:13']);
});

test('service-config-storage: verify-full with TLS on (settings.ssl in a second module) passes', () => {
  assert.deepEqual(locations(lintFixture(`rules/${RULE}/pass-tls-second-module`), RULE), []);
});

test('service-config-storage: loopback with host networking reaches the host and passes', () => {
  assert.deepEqual(locations(lintFixture(`rules/${RULE}/pass-host-network`), RULE), []);
});

test('service-config-storage: no password ever appears in a finding', () => {
  const result = lintFixture(`rules/${RULE}/fail-formats-generate`);
  assert.doesNotMatch(JSON.stringify(result.findings), /unused|hunter2/);
});
