import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { lintFixture, locations, messages, REPO } from '../helpers/lint-fixture.js';
import { redactSecretText, secretSafeText } from '../../src/powersync/secrets.js';

const RULE = 'no-plaintext-secrets';
const fixture = (name: string) => lintFixture(`rules/${RULE}/${name}`);
/** Every secret value written in the fixtures contains this. */
const SECRET_MARK = /fixture-[a-z]+-pw|fixture-api-token|fixture-jwt-secret|Zml4dHVyZS1obWFjLWtleQ/;

test('no-plaintext-secrets: a service config with a let-bound password, a DSN password, an API token, a JWT secret and an HMAC k', () => {
  const result = fixture('fail-service-config');
  assert.deepEqual(locations(result, RULE), [
    'hosts/web-arm/configuration.nix:3:22',
    'hosts/web-arm/configuration.nix:8:38',
    'hosts/web-arm/configuration.nix:16:11',
    'hosts/web-arm/configuration.nix:18:28',
    'hosts/web-arm/configuration.nix:23:16',
  ]);
  const named = messages(result, RULE).map((m) => m.split(' is a secret')[0]);
  assert.deepEqual(named, ['`storage.password`', 'The password of a PostgreSQL DSN', '`api.tokens[0]`', '`client_auth.supabase_jwt_secret`', '`client_auth.jwks.keys[0].k`']);
  // the finding on the DSN covers exactly the password characters
  const dsn = result.findings.filter((f) => f.ruleId === RULE)[1];
  assert.equal(dsn.endColumn - dsn.column, 'fixture-dsn-pw'.length);
});

test('no-plaintext-secrets: a Nix `password` binding, a DSN in a second module, YAML in a Nix string and a YAML file the host uses', () => {
  const result = fixture('fail-nix-and-yaml-file');
  assert.deepEqual(locations(result, RULE), [
    'hosts/web-arm/configuration.nix:6:17',
    'modules/exporter.nix:5:45',
    'modules/exporter.nix:11:17',
    'modules/extra.yaml:4:81',
    'modules/extra.yaml:5:13',
  ]);
});

test('no-plaintext-secrets: findings never carry a secret value', () => {
  for (const name of ['fail-service-config', 'fail-nix-and-yaml-file']) {
    const json = JSON.stringify(fixture(name).findings);
    assert.doesNotMatch(json, SECRET_MARK, name);
  }
});

test('no-plaintext-secrets: !env values, interpolated secret paths, shell variables and sops-encrypted files pass', () => {
  assert.deepEqual(locations(fixture('pass-env-and-sops'), RULE), []);
});

test('redactSecretText masks DSN passwords, Nix password bindings and YAML secret keys for code frames', () => {
  assert.equal(redactSecretText('uri: postgresql://u:fixture-dsn-pw@h:5432/db'), 'uri: postgresql://u:****@h:5432/db');
  assert.equal(redactSecretText('    password = "fixture-grafana-pw";'), '    password = "****";');
  assert.equal(redactSecretText('  password: fixture-smtp-pw'), '  password: ****');
  assert.equal(redactSecretText('  password: !env PS_STORAGE_PASSWORD'), '  password: !env PS_STORAGE_PASSWORD');
});

test('secretSafeText masks every secret a run found in a file, for code frames and SARIF snippets', () => {
  const result = fixture('fail-service-config');
  const file = 'hosts/web-arm/configuration.nix';
  const text = readFileSync(`${REPO}fixtures/rules/${RULE}/fail-service-config/${file}`, 'utf8');
  const safe = secretSafeText(text, file, result.findings);
  assert.doesNotMatch(safe, SECRET_MARK);
  assert.equal(safe.split('\n').length, text.split('\n').length);
  assert.equal(safe.split('\n')[2], '  storagePassword = "******************";');
});
