import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { lintFixture, locations, messages, REPO } from '../helpers/lint-fixture.js';
import { validateSyncRules } from '../../src/powersync/sync-rules.js';

const RULE = 'sync-rules-valid';
/** PowerSync's self-host-demo configs, beside the repository when the shared workspace is there. */
const CORPUS = `${REPO}../shared/corpus/powersync-self-host-demo`;

test("sync-rules-valid: PowerSync's parser errors in a sync rules file in ROOT, at their line and column", () => {
  const result = lintFixture(`rules/${RULE}/fail-sql-in-file`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/sync-rules.yaml:6:9', 'hosts/web-arm/sync-rules.yaml:7:20']);
  const [parameters, syntax] = messages(result, RULE);
  assert.match(parameters, /Query must cover all bucket parameters. Expected: \["bucket.user_id"\] Got: \["bucket.owner"\]/);
  assert.equal(syntax, 'SQL syntax error: unexpected `from`.');
  const finding = result.findings.find((f) => f.ruleId === RULE)!;
  assert.deepEqual([finding.endLine, finding.endColumn], [6, 60]);
});

test('sync-rules-valid: sync rules in a writeText string are located in the .nix file', () => {
  const result = lintFixture(`rules/${RULE}/fail-nix-string`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:8:13']);
  assert.match(messages(result, RULE)[0], /SQL syntax error: the query ends too early/);
});

test('sync-rules-valid: inline content in a block scalar, inside a Nix string, maps to its own line', () => {
  const result = lintFixture(`rules/${RULE}/fail-inline-content`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:21:17']);
});

test('sync-rules-valid: formats.yaml generate — the error lands on the Nix string of the query', () => {
  const result = lintFixture(`rules/${RULE}/fail-formats-generate`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:5:73']);
});

test('sync-rules-valid: sync_config and sync_rules both present (PowerSync refuses to start)', () => {
  const result = lintFixture(`rules/${RULE}/fail-both-keys`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:21:5']);
  assert.match(messages(result, RULE)[0], /Both `sync_config` and its deprecated alias `sync_rules` are present/);
});

test('sync-rules-valid: the path resolves (relative to the config directory) to no volume', () => {
  const result = lintFixture(`rules/${RULE}/fail-not-mounted`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:17:13']);
  assert.match(messages(result, RULE)[0], /resolves to \/config\/rules\/sync-rules.yaml in the container/);
});

test('sync-rules-valid: the mounted file does not exist in ROOT', () => {
  const result = lintFixture(`rules/${RULE}/fail-missing-file`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:35:60']);
  assert.match(messages(result, RULE)[0], /mounted from hosts\/web-arm\/sync-rules.yaml, which cannot be read/);
});

test('sync-rules-valid: a YAML syntax error is yaml-parse-error, not repeated by the validator', () => {
  const result = lintFixture(`rules/${RULE}/fail-yaml-syntax`);
  assert.deepEqual(locations(result, RULE), []);
  assert.deepEqual(locations(result, 'yaml-parse-error'), ['hosts/web-arm/sync-rules.yaml:4:1']);
});

test('sync-rules-valid: a directory mount with an edition-3 sync config (Object.groupBy on Node 20) passes', () => {
  assert.deepEqual(locations(lintFixture(`rules/${RULE}/pass-directory-edition-3`), RULE), []);
});

test('sync-rules-valid: sync rules rendered by formats.yaml pass', () => {
  assert.deepEqual(locations(lintFixture(`rules/${RULE}/pass-formats-generate`), RULE), []);
});

test('sync-rules-valid: every sync rules file of the self-host-demo corpus validates without errors', (t) => {
  if (!existsSync(CORPUS)) return t.skip('the shared corpus is not present');
  const files = readdirSync(CORPUS).filter((f) => /(sync_rules|sync-config)\.yaml$/.test(f));
  assert.ok(files.length >= 10, `found ${files.length} sync rules files`);
  for (const file of files) {
    const errors = validateSyncRules(readFileSync(`${CORPUS}/${file}`, 'utf8')).filter((i) => i.severity === 'error');
    assert.deepEqual(errors, [], file);
  }
});
