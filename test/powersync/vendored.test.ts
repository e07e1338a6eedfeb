/** The bundled sync-rules validator (scripts/vendor.mjs) is PowerSync's own, loaded faster:
 * same answers as the package, and its V8 code cache is used. `npm test` builds first. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadBundle } from '../../src/powersync/vendored.js';
import { polyfillObjectGroupBy } from '../../src/powersync/sync-rules.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bundle = path.join(repo, 'dist', 'vendor', 'service-sync-rules.cjs');

interface SyncRules {
  SqlSyncRules: { fromYaml(text: string, options: object): { errors: { message: string; type?: string; location?: unknown }[] } };
}

const samples = [
  'bucket_definitions:\n  global:\n    data:\n      - SELECT * FROM todos\n',
  'bucket_definitions:\n  global:\n    data: 3\n',
  'bucket_definitions:\n  b:\n    parameters: SELECT id FROM users WHERE id = request.user_id()\n    data:\n      - SELECT * FROM lists WHERE owner = bucket.id\n      - SELEC x\n',
  'streams:\n  s:\n    query: SELECT * FROM x\n',
  'config:\n  edition: 2\nstreams:\n  s:\n    query: SELECT * FROM lists WHERE owner_id = auth.user_id()\n',
  'nope: 1\n',
  'bucket_definitions:\n  a:\n    data:\n      - SELECT * FROM t WHERE x = bucket.missing\n    unknown_key: 1\n',
];

test('the vendored sync-rules bundle gives the same answers as the package, from its code cache', { skip: !existsSync(bundle) && 'dist/vendor is built by npm run build' }, () => {
  polyfillObjectGroupBy();
  const loaded = loadBundle(bundle);
  assert.equal(loaded.cacheAccepted, true, 'V8 rejected the code cache made at build time');
  const vendored = loaded.exports as SyncRules;
  const original = createRequire(import.meta.url)('@powersync/service-sync-rules') as SyncRules;
  for (const text of samples) {
    const answer = (rules: SyncRules) =>
      rules.SqlSyncRules.fromYaml(text, { defaultSchema: 'public', throwOnError: false }).errors.map((e) => [e.message, e.type, e.location]);
    assert.deepEqual(answer(vendored), answer(original), text);
  }
});
