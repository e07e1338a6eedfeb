import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { lintFixture, locations, messages, REPO } from '../helpers/lint-fixture.js';
import { unverified } from '../helpers/apply-fix.js';

const RULE = 'liveness-probe';
const fixture = (name: string) => lintFixture(`rules/${RULE}/${name}`);

test('liveness-probe: scrape configs without a blackbox job are reported at the list', () => {
  const result = fixture('fail-no-blackbox-job');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:3:39']);
  assert.match(messages(result, RULE)[0], /does not show a broken replication/);
});

test('liveness-probe: a let-bound readiness URL in a mkIf/mkAfter job of a second module is reported at the URL', () => {
  const result = fixture('fail-readiness-target');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/monitoring.nix:3:14']);
  assert.match(messages(result, RULE)[0], /targets `https:\/\/powersync\.reptide\.eu\/probes\/readiness`, not the policy URL/);
});

test('liveness-probe: a blackbox job without the __address__ → __param_target relabelling does not probe its targets', () => {
  const result = fixture('fail-no-relabel');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:4:5']);
  assert.match(messages(result, RULE)[0], /__param_target/);
});

test('liveness-probe: `params.target` with an interpolated domain passes', () => {
  const result = fixture('pass-params-target');
  assert.deepEqual(locations(result, RULE), []);
  assert.deepEqual(unverified(result, RULE), []);
});

test('liveness-probe: the doc says plainly that a liveness probe does not detect a broken replication', () => {
  const doc = readFileSync(`${REPO}docs/rules/${RULE}.md`, 'utf8');
  assert.match(doc, /A liveness probe does NOT detect a broken replication/);
});
