import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations } from '../helpers/lint-fixture.js';
import { unverified } from '../helpers/apply-fix.js';

// Values fetched at build time are not statically known: a cannot-verify at the unknown value
// (the fetch in the let binding), never a pass or a violation.
const result = lintFixture('rules/shared-buffers/unknown-values');

for (const [rule, at] of [
  ['mounts-read-only', 'hosts/web-arm/configuration.nix:4:18'],
  ['shared-buffers', 'hosts/web-arm/configuration.nix:4:18'],
  ['secret-wiring', 'hosts/web-arm/configuration.nix:13:18'],
] as const) {
  test(`${rule}: an unknown value is cannot-verify at ${at}, not a finding`, () => {
    assert.deepEqual(locations(result, rule), []);
    assert.deepEqual(unverified(result, rule), [at]);
  });
}
