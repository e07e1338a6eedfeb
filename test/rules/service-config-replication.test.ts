import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations, messages } from '../helpers/lint-fixture.js';

const RULE = 'service-config-replication';

test('service-config-replication: slot_name is reported as ignored, with the name PowerSync really gives the slot (verified against the service)', () => {
  const result = lintFixture(`rules/${RULE}/fail-slot-name`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:8:11']);
  assert.match(messages(result, RULE)[0], /`slot_name` is ignored by PowerSync: the slot will be named `powersync_<id>_<hex>`.*use `slot_name_prefix: powersync_selfhost_`/);
  // One finding per mistake: the schema rule leaves this key to this rule.
  assert.deepEqual(locations(result, 'service-config-schema'), []);
});

test('service-config-replication: a literal URI, ?sslmode= in it (ignored), and a let-bound prefix reported at its binding', () => {
  const result = lintFixture(`rules/${RULE}/fail-literal-uri-let-prefix`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:3:17', 'hosts/web-arm/configuration.nix:8:16', 'hosts/web-arm/configuration.nix:8:89']);
  const [prefix, uri, sslmode] = messages(result, RULE);
  assert.match(prefix, /`slot_name_prefix: powersync_prod_` differs from the policy's `powersync_selfhost_`/);
  assert.match(uri, /write `uri: !env PS_SOURCE_DSN`/);
  assert.match(sslmode, /`\?sslmode=require` in the URI is ignored by PowerSync.*uses `sslmode: verify-full`/);
  const binding = result.findings.find((f) => f.ruleId === RULE)!;
  assert.deepEqual(binding.related?.map((r) => `${r.line}:${r.column}`), ['10:11']);
});

test('service-config-replication: a second connection (PowerSync refuses to start) and a non-Postgres source', () => {
  const result = lintFixture(`rules/${RULE}/fail-two-connections`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:9:11', 'hosts/web-arm/configuration.nix:9:17']);
  assert.match(messages(result, RULE)[0], /Only a single replication data source is supported currently/);
  assert.match(messages(result, RULE)[1], /use `type: postgresql`/);
});

test('service-config-replication: an invalid slot_name_prefix in a mounted YAML file', () => {
  const result = lintFixture(`rules/${RULE}/fail-yaml-file`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/service.yaml:5:25']);
  assert.match(messages(result, RULE)[0], /only lower-case letters, digits and `_`/);
});

test('service-config-replication: formats.yaml — no prefix, a literal uri, and its missing password (PSYNC_S1108)', () => {
  const result = lintFixture(`rules/${RULE}/fail-formats-generate`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:6:9', 'hosts/web-arm/configuration.nix:7:15', 'hosts/web-arm/configuration.nix:7:15']);
  assert.match(messages(result, RULE).join('\n'), /PSYNC_S1108/);
});

test('service-config-replication: !env uri and the policy prefix from a let binding, in a second module, pass', () => {
  assert.deepEqual(locations(lintFixture(`rules/${RULE}/pass-second-module`), RULE), []);
});
