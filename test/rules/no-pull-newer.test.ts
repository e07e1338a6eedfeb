import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations } from '../helpers/lint-fixture.js';

const RULE = 'no-pull-newer';
const fixture = (name: string) => lintFixture(`rules/${RULE}/${name}`);

test('no-pull-newer: pull = "newer" is reported at the value', () => {
  assert.deepEqual(locations(fixture('fail-pull-option'), RULE), ['hosts/web-arm/configuration.nix:4:12']);
});

test('no-pull-newer: --pull=always, "--pull" "newer" and "--pull newer" are each reported', () => {
  assert.deepEqual(locations(fixture('fail-extra-options-spellings'), RULE), [
    'hosts/web-arm/configuration.nix:5:7',
    'hosts/web-arm/configuration.nix:6:16',
    'hosts/web-arm/configuration.nix:7:7',
  ]);
});

test('no-pull-newer: a flag bound in a let and added by mkAfter in a second module is reported at the binding', () => {
  const result = fixture('fail-second-module-mkafter');
  assert.deepEqual(locations(result, RULE), ['modules/powersync.nix:3:14']);
  const [finding] = result.findings.filter((f) => f.ruleId === RULE);
  assert.deepEqual(finding.related?.map((r) => `${r.file}:${r.line}:${r.column}`), ['modules/powersync.nix:6:83']);
});

test('no-pull-newer: pull = "missing", --pull=never and another container pulling newer pass', () => {
  assert.deepEqual(locations(fixture('pass-other-container-pulls'), RULE), []);
});
