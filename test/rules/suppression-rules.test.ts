import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations, messages } from '../helpers/lint-fixture.js';

test('invalid-suppression: no reason, an unknown rule, a wrong directive word and no rule, each at its place', () => {
  const result = lintFixture('rules/invalid-suppression/fail-directives');
  assert.deepEqual(locations(result, 'invalid-suppression'), [
    'hosts/web-arm/configuration.nix:4:5',
    'hosts/web-arm/configuration.nix:6:40',
    'hosts/web-arm/configuration.nix:8:7',
    'hosts/web-arm/configuration.nix:10:5',
  ]);
  assert.match(messages(result, 'invalid-suppression')[0], /needs a reason/);
  assert.match(messages(result, 'invalid-suppression')[1], /did you mean "no-pull-newer"/);
  // An invalid directive silences nothing: the findings it meant to hide are reported.
  assert.deepEqual(locations(result, 'no-pull-newer'), ['hosts/web-arm/configuration.nix:5:12', 'hosts/web-arm/configuration.nix:7:43']);
  assert.deepEqual(locations(result, 'port-loopback-only'), ['hosts/web-arm/configuration.nix:9:15']);
  assert.deepEqual(result.suppressed, []);
  assert.ok(result.findings.filter((f) => f.ruleId === 'invalid-suppression').every((f) => f.severity === 'error'));
});

test('invalid-suppression: a directive with a reason and a known rule is valid', () => {
  const result = lintFixture('rules/invalid-suppression/pass-valid-directive');
  assert.deepEqual(locations(result, 'invalid-suppression'), []);
  assert.deepEqual(result.suppressed.map((f) => f.ruleId), ['no-pull-newer']);
});

test('unused-suppression: a file directive, one rule of a two-rule directive, and a directive in a YAML file', () => {
  const result = lintFixture('rules/unused-suppression/fail-nothing-to-silence');
  assert.deepEqual(locations(result, 'unused-suppression'), [
    'hosts/web-arm/configuration.nix:1:31',
    'hosts/web-arm/configuration.nix:5:55',
    'hosts/web-arm/powersync.yaml:4:42',
  ]);
  assert.deepEqual(messages(result, 'unused-suppression'), [
    'unused suppression: image-digest-pinned reports nothing in this file; remove the directive',
    'unused suppression: port-loopback-only reports nothing in the binding pull (line 6); remove port-loopback-only from the directive',
    'unused suppression: dsn-no-replication-param reports nothing in the key uri (line 5); remove the directive',
  ]);
  assert.ok(result.findings.filter((f) => f.ruleId === 'unused-suppression').every((f) => f.severity === 'warning'));
});

test('unused-suppression: directives that each silence a finding', () => {
  assert.deepEqual(locations(lintFixture('rules/unused-suppression/pass-every-directive-used'), 'unused-suppression'), []);
});
