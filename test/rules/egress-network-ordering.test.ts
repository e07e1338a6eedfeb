import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations, messages } from '../helpers/lint-fixture.js';

const RULE = 'egress-network-ordering';
const fixture = (name: string) => lintFixture(`rules/${RULE}/${name}`);

test('egress-network-ordering: wants is not requires', () => {
  const result = fixture('fail-missing-requires');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:2:44']);
  assert.match(messages(result, RULE)[0], /in `requires`/);
});

test('egress-network-ordering: with serviceName the unit is <serviceName>, not podman-<name>', () => {
  const result = fixture('fail-wrong-unit-name');
  assert.equal(locations(result, RULE).length, 2);
  assert.match(messages(result, RULE)[0], /`powersync-api\.service` does not list `init-v6egress-network\.service` in `after`/);
});

test('egress-network-ordering: unitConfig.After as a space-separated string and Requires as a list pass', () => {
  assert.deepEqual(locations(fixture('pass-unit-config'), RULE), []);
});

test('egress-network-ordering: after/requires set by genAttrs in a second module with a let-bound unit pass', () => {
  assert.deepEqual(locations(fixture('pass-second-module'), RULE), []);
});
