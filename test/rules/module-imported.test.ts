import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations, messages } from '../helpers/lint-fixture.js';

const RULE = 'module-imported';
const fixture = (name: string) => lintFixture(`rules/${RULE}/${name}`);

test("module-imported: a module that defines the container (image via let interpolation) but is never imported is reported in that file; another host's files are not scanned", () => {
  const result = lintFixture(`rules/${RULE}/fail-not-imported`, { host: 'web-arm' });
  assert.equal(result.host, 'web-arm');
  assert.deepEqual(locations(result, RULE), ['modules/powersync/default.nix:4:13']);
  assert.match(messages(result, RULE)[0], /add `\.\.\/\.\.\/modules\/powersync` to the `imports` of hosts\/web-arm\/configuration\.nix/);
});

test('module-imported: an imported module whose container sits under a false mkIf is reported as inactive, and no rule sees a phantom container', () => {
  const result = fixture('fail-inactive-mkif');
  assert.deepEqual(locations(result, RULE), ['modules/powersync.nix:5:65']);
  assert.match(messages(result, RULE)[0], /not active for web-arm/);
  assert.deepEqual(result.findings.map((f) => f.ruleId), [RULE]);
});

test('module-imported: a directory import (default.nix) with nested attrs passes', () => {
  const result = fixture('pass-directory-import');
  assert.deepEqual(locations(result, RULE), []);
});
