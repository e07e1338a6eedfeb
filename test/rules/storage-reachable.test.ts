import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations, messages } from '../helpers/lint-fixture.js';

const RULE = 'storage-reachable';

test('storage-reachable: without enableTCPIP PostgreSQL listens on localhost only; no host line is a warning', () => {
  const result = lintFixture(`rules/${RULE}/fail-no-tcp`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:24:12', 'hosts/web-arm/configuration.nix:24:12']);
  const findings = result.findings.filter((f) => f.ruleId === RULE);
  assert.deepEqual(findings.map((f) => f.severity).sort(), ['error', 'warning']);
  assert.match(messages(result, RULE).join('\n'), /`enableTCPIP` is off, so it listens on localhost only/);
  assert.deepEqual(findings[0].related?.map((r) => `${r.line}:${r.column}`), ['11:17']);
});

test('storage-reachable: listen_addresses = "localhost" overrides enableTCPIP; a loopback-only host line does not admit the container', () => {
  const result = lintFixture(`rules/${RULE}/fail-listen-localhost`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:27:33', 'hosts/web-arm/configuration.nix:28:22']);
  const [listen, hba] = result.findings.filter((f) => f.ruleId === RULE);
  assert.equal(listen.severity, 'error');
  assert.match(listen.message, /`listen_addresses` is `localhost`/);
  assert.equal(hba.severity, 'warning');
  assert.match(hba.message, /no `host` line for role `powersync_storage` and database `powersync_storage`/);
});

test('storage-reachable: listening on another address than the one the storage connection uses', () => {
  const result = lintFixture(`rules/${RULE}/fail-other-address`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:26:33']);
  assert.match(messages(result, RULE)[0], /not on 10.89.1.1/);
});

test('storage-reachable: mkForce listen_addresses with the bridge address and a let-bound hba line in a second module pass', () => {
  assert.deepEqual(locations(lintFixture(`rules/${RULE}/pass-second-module`), RULE), []);
});
