import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations, messages } from '../helpers/lint-fixture.js';
import { unverified } from '../helpers/apply-fix.js';

const RULE = 'sops-secret-encrypted';
const fixture = (name: string) => lintFixture(`rules/${RULE}/${name}`);

test('sops-secret-encrypted: a plaintext value in a file with sops metadata is reported at the value, without printing it', () => {
  const result = fixture('fail-plaintext-value');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/secrets.yaml:2:31']);
  assert.doesNotMatch(JSON.stringify(result.findings), /not-encrypted-yet/);
  assert.match(messages(result, RULE)[0], /`reptide-powersync-source-dsn` .* is not encrypted/);
});

test('sops-secret-encrypted: a missing key (reported at the declaration in a second module) and a file without sops metadata', () => {
  const result = fixture('fail-missing-key-no-metadata');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/secrets.nix:5:7', 'hosts/web-arm/secrets.yaml:2:1']);
  assert.match(messages(result, RULE)[0], /has no key `reptide-powersync-source-dsn`/);
  assert.match(messages(result, RULE)[1], /no sops metadata/);
  assert.deepEqual(result.findings.find((f) => f.ruleId === RULE)?.related?.map((r) => `${r.file}:${r.line}:${r.column}`), ['hosts/web-arm/secrets.nix:3:23']);
});

test("sops-secret-encrypted: a secret's sopsFile that does not exist is reported at the path literal", () => {
  const result = fixture('fail-missing-file');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:8:16']);
  assert.match(messages(result, RULE)[0], /secrets\/powersync\.yaml .* cannot be read/);
});

test('sops-secret-encrypted: per-secret sopsFile through a let binding, a nested `key`, and a dotenv file pass', () => {
  const result = lintFixture(`rules/${RULE}/pass-sopsfile-nested-key-dotenv`, { secrets: ['reptide-powersync-source-dsn', 'storage-env'] });
  assert.deepEqual(locations(result, RULE), []);
  assert.deepEqual(unverified(result, RULE), []);
});

test('sops-secret-encrypted: a nested `key` that is not in the file is reported at the `key` value, the sops file as related', () => {
  const result = fixture('fail-wrong-nested-key');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:16:11']);
  assert.match(messages(result, RULE)[0], /has no key `powersync\/source-dsn`/);
  assert.deepEqual(result.findings.find((f) => f.ruleId === RULE)?.related?.map((r) => `${r.line}:${r.column}`), ['3:22']);
});
