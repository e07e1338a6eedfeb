import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations, messages } from '../helpers/lint-fixture.js';

test('dsn-direct-endpoint: pooler host, port 6543 and another project are reported at the host or port', () => {
  const result = lintFixture('rules/dsn-direct-endpoint/fail-pooler');
  assert.deepEqual(locations(result, 'dsn-direct-endpoint'), [
    'hosts/web-arm/configuration.nix:7:102',
    'hosts/web-arm/configuration.nix:9:75',
    'hosts/web-arm/configuration.nix:10:37',
  ]);
  assert.match(messages(result, 'dsn-direct-endpoint')[2], /belongs to project `someotherprojectref`/);
});

test('dsn-direct-endpoint: a DSN in YAML inside a Nix string is located in the .nix file, password never printed', () => {
  const result = lintFixture('rules/dsn-direct-endpoint/fail-service-config');
  assert.deepEqual(locations(result, 'dsn-direct-endpoint'), ['hosts/web-arm/configuration.nix:7:46', 'hosts/web-arm/configuration.nix:7:85']);
  assert.doesNotMatch(JSON.stringify(result), /hunter2/);
});

test('dsn-direct-endpoint: the direct host of the policy project passes', () => {
  assert.deepEqual(locations(lintFixture('rules/dsn-direct-endpoint/pass-direct'), 'dsn-direct-endpoint'), []);
});

test('dsn-no-replication-param: replication= is reported at the parameter', () => {
  assert.deepEqual(locations(lintFixture('rules/dsn-no-replication-param/fail-param'), 'dsn-no-replication-param'), ['hosts/web-arm/configuration.nix:3:152']);
});

test('dsn-no-replication-param: a quoted DSN in a mounted YAML service config (cmd -c) is reported in the YAML file', () => {
  assert.deepEqual(locations(lintFixture('rules/dsn-no-replication-param/fail-service-config-file'), 'dsn-no-replication-param'), ['hosts/web-arm/powersync.yaml:4:12']);
});

test('dsn-no-replication-param: connect_timeout is fine', () => {
  assert.deepEqual(locations(lintFixture('rules/dsn-no-replication-param/pass-no-param'), 'dsn-no-replication-param'), []);
});
