import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations, messages } from '../helpers/lint-fixture.js';
import { unverified } from '../helpers/apply-fix.js';

const RULE = 'vhost-proxy-buffering';
const fixture = (name: string) => lintFixture(`rules/${RULE}/${name}`);

test('vhost-proxy-buffering: a commented-out directive does not count; the warning sits on the `/` location', () => {
  const result = fixture('fail-missing');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:4:15']);
  assert.equal(result.findings.find((f) => f.ruleId === RULE)?.severity, 'warning');
  assert.match(messages(result, RULE)[0], /not set .* default `on`/);
});

test('vhost-proxy-buffering: a let-bound `on` in the location (mkAfter) overrides the vhost-level off of a second module', () => {
  const result = fixture('fail-location-overrides-vhost');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:3:16']);
  assert.deepEqual(result.findings.find((f) => f.ruleId === RULE)?.related?.map((r) => `${r.line}:${r.column}`), ['8:94']);
});

test('vhost-proxy-buffering: `proxy_buffering off;` at vhost level is inherited by `/`', () => {
  const result = fixture('pass-vhost-level');
  assert.deepEqual(locations(result, RULE), []);
  assert.deepEqual(unverified(result, RULE), []);
});
