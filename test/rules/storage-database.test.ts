import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations, messages } from '../helpers/lint-fixture.js';
import { unverified } from '../helpers/apply-fix.js';

const RULE = 'storage-database';
const fixture = (name: string) => lintFixture(`rules/${RULE}/${name}`);

test('storage-database: the storage database and role are missing (other names are not the policy ones)', () => {
  const result = fixture('fail-missing');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:5:23', 'hosts/web-arm/configuration.nix:6:19']);
  assert.match(messages(result, RULE)[0], /does not create `powersync_storage`/);
  assert.match(messages(result, RULE)[1], /no role `powersync_storage`/);
});

test('storage-database: a let-named role added by mkAfter in a second module without ownership and with superuser and replication', () => {
  const result = fixture('fail-clauses-second-module');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/storage.nix:9:27', 'hosts/web-arm/storage.nix:11:21', 'hosts/web-arm/storage.nix:12:23']);
  assert.match(messages(result, RULE)[1], /`ensureClauses\.superuser = true`/);
  assert.match(messages(result, RULE)[2], /`ensureClauses\.replication = true`/);
});

test("storage-database: mkMerge + mkIf with let-bound names pass; another role's superuser is not its business", () => {
  const result = fixture('pass-let-mkmerge');
  assert.deepEqual(locations(result, RULE), []);
  assert.deepEqual(unverified(result, RULE), []);
});

test('storage-database: the policy names the database and the role', () => {
  const result = lintFixture(`rules/${RULE}/fail-missing`, { storage: { database: 'powersync', role: 'powersync' } });
  assert.deepEqual(locations(result, RULE), []);
});
