import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations, messages } from '../helpers/lint-fixture.js';

const RULE = 'egress-network';
const fixture = (name: string) => lintFixture(`rules/${RULE}/${name}`);

test('egress-network: a container without the network is reported at extraOptions, the container related', () => {
  const result = fixture('fail-missing');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:4:20']);
  assert.deepEqual(result.findings.find((f) => f.ruleId === RULE)?.related?.map((r) => `${r.line}:${r.column}`), ['2:44']);
});

test('egress-network: "--network v6egress" in one element and --network=none are reported', () => {
  const result = fixture('fail-one-word-and-replaced');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:4:22', 'hosts/web-arm/configuration.nix:4:43']);
  assert.match(messages(result, RULE)[0], /one argv word/);
  assert.match(messages(result, RULE)[1], /replaces the `v6egress` network/);
});

test('egress-network: networks = [ "v6egress" ] passes', () => {
  assert.deepEqual(locations(fixture('pass-networks-option'), RULE), []);
});

test('egress-network: "--network" with a let-bound name in the next word, and --net=, pass', () => {
  assert.deepEqual(locations(fixture('pass-split-words'), RULE), []);
});
