import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations, messages } from '../helpers/lint-fixture.js';
import { unverified } from '../helpers/apply-fix.js';

const RULE = 'secret-wiring';
const fixture = (name: string) => lintFixture(`rules/${RULE}/${name}`);

test('secret-wiring: an undeclared policy secret is reported at the environmentFiles entry that names it', () => {
  const result = fixture('fail-undeclared');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:7:7']);
  assert.match(messages(result, RULE)[0], /"reptide-powersync-source-dsn" is not declared/);
  assert.deepEqual(unverified(result, RULE), []);
});

test('secret-wiring: a hand-typed /run/secrets path (interpolating a let binding) and a restartUnits entry without .service', () => {
  const result = fixture('fail-literal-path-and-short-unit');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:8:26', 'hosts/web-arm/configuration.nix:12:22']);
  assert.match(messages(result, RULE)[0], /path typed by hand; write `config\.sops\.secrets\."reptide-powersync-source-dsn"\.path`/);
  assert.match(messages(result, RULE)[1], /`podman-powersync` is not a full unit name/);
});

test('secret-wiring: a secret declared through mkMerge in a second module but not read by the container, nor restarting it', () => {
  const result = fixture('fail-not-read-second-module');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:6:24', 'hosts/web-arm/secrets.nix:5:7']);
  const [notRead] = result.findings.filter((f) => f.ruleId === RULE);
  assert.deepEqual(notRead.related?.map((r) => `${r.file}:${r.line}:${r.column}`), ['hosts/web-arm/secrets.nix:5:7']);
});

test('secret-wiring: serviceName override, paths through map over names, an explicit `path`, and mkIf in a second module pass', () => {
  const result = fixture('pass-service-name-map-mkif');
  assert.deepEqual(locations(result, RULE), []);
  assert.deepEqual(unverified(result, RULE), []);
});

test('secret-wiring: every policy secret is checked (policy override)', () => {
  const result = lintFixture(`rules/${RULE}/pass-service-name-map-mkif`, { secrets: ['reptide-powersync-source-dsn', 'powersync-storage-env', 'supabase-jwt'] });
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:10:24']);
  assert.match(messages(result, RULE)[0], /"supabase-jwt" is not declared/);
});
