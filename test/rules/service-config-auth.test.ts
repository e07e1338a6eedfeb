import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations, messages } from '../helpers/lint-fixture.js';

const RULE = 'service-config-auth';

test('service-config-auth: another project ref, interpolated from a let binding, is reported at the binding with the YAML as the use site', () => {
  const result = lintFixture(`rules/${RULE}/fail-wrong-project`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:3:18']);
  assert.match(messages(result, RULE)[0], /`someotherprojectref` is not the policy's Supabase project `majxbigjafpzayzboxsf`/);
  assert.deepEqual(result.findings.find((f) => f.ruleId === RULE)!.related?.map((r) => `${r.line}:${r.column}`), ['20:7']);
});

test('service-config-auth: supabase_jwt_secret (even from !env) and no audience (PSYNC_S2105)', () => {
  const result = lintFixture(`rules/${RULE}/fail-secret-no-audience`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:18:5', 'hosts/web-arm/configuration.nix:20:7']);
  const [audience, secret] = messages(result, RULE);
  assert.match(audience, /no `audience`.*PSYNC_S2105.*`audience: \[authenticated\]`/);
  assert.match(secret, /Remove `supabase_jwt_secret`/);
});

test('service-config-auth: a mounted YAML file — the wrong JWKS path at the path, an audience without authenticated', () => {
  const result = lintFixture(`rules/${RULE}/fail-yaml-file`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/service.yaml:16:53', 'hosts/web-arm/service.yaml:17:13']);
  assert.match(messages(result, RULE)[0], /at `\/auth\/v1\/.well-known\/jwks.json`, not at `\/auth\/v1\/jwks`/);
  assert.match(messages(result, RULE)[1], /`audience` lacks `authenticated`/);
});

test('service-config-auth: supabase: true without jwks_uri loads no key when the DSN comes from !env', () => {
  const result = lintFixture(`rules/${RULE}/fail-supabase-flag`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:19:17']);
  assert.match(messages(result, RULE)[0], /`!env`, which hides the host/);
});

test('service-config-auth: a jwks_uri list that includes the project JWKS, audience with more than authenticated, in a second module', () => {
  assert.deepEqual(locations(lintFixture(`rules/${RULE}/pass-list`), RULE), []);
});
