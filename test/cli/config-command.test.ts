import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { main } from '../../src/cli/main.js';
import { REPO } from '../helpers/lint-fixture.js';
import { capturedContext } from './captured-context.js';

/** PowerSync's self-host-demo configs, beside the repository when the shared workspace is there. */
const CORPUS = `${REPO}../shared/corpus/powersync-self-host-demo`;

async function run(args: string[], cwd = REPO) {
  const context = capturedContext({ cwd });
  const code = await main(args, context);
  return { code, out: context.out(), err: context.err() };
}

function located(out: string): string[] {
  return JSON.parse(out).findings.map((f: { ruleId: string; file: string; line: number; column: number }) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`);
}

test('config: every pitfall of a standalone compose config, with the ids of the rules whose checks found them; exit 1', async () => {
  const { code, out } = await run(['config', '--format', 'json', 'fixtures/commands/compose-powersync.yaml']);
  assert.equal(code, 1);
  const file = 'fixtures/commands/compose-powersync.yaml';
  assert.deepEqual(located(out), [
    `service-config-replication ${file}:5:12`,
    `dsn-direct-endpoint ${file}:5:42`,
    `dsn-direct-endpoint ${file}:5:81`,
    `dsn-no-replication-param ${file}:5:95`,
    `service-config-replication ${file}:6:7`,
    `service-config-storage ${file}:9:58`,
    `service-config-storage ${file}:10:13`,
    `service-config-schema ${file}:11:12`,
    `service-config-schema ${file}:13:3`,
    `service-config-auth ${file}:15:53`,
    `service-config-auth ${file}:16:13`,
  ]);
  const report = JSON.parse(out);
  assert.equal(report.version, 1);
  assert.equal(report.summary.errors, 11);
  assert.match(out, /PSYNC_S1106/);
  assert.match(out, /`api.port` is ignored by PowerSync/);
});

test('config: no password in any output, code frames included', async () => {
  for (const format of ['json', 'stylish']) {
    const { out, err } = await run(['config', '--format', format, '--no-color', 'fixtures/commands/compose-powersync.yaml']);
    assert.doesNotMatch(out + err, /hunter2|s3cr3t/, format);
  }
});

test('config: a clean config (inline sync rules validated) exits 0 with an empty report', async () => {
  const { code, out } = await run(['config', '--format', 'json', 'fixtures/commands/clean-powersync.yaml']);
  assert.equal(code, 0);
  assert.deepEqual(JSON.parse(out).findings, []);
});

test('config: usage errors exit 2 — no FILE, a missing FILE, a directory, an unknown format', async () => {
  assert.equal((await run(['config'])).code, 2);
  const missing = await run(['config', 'nope.yaml']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /cannot read nope.yaml: no such file/);
  assert.equal((await run(['config', 'fixtures'])).code, 2);
  const format = await run(['config', '--format', 'sarf', 'fixtures/commands/clean-powersync.yaml']);
  assert.equal(format.code, 2);
  assert.match(format.err, /unknown format "sarf"/);
});

test('config: --help', async () => {
  const { code, out } = await run(['config', '--help']);
  assert.equal(code, 0);
  assert.match(out, /Usage: powersync-lint config \[options\] FILE\.\.\./);
});

test('config: every service config of the self-host-demo corpus has no service-config-schema finding', async (t) => {
  if (!existsSync(CORPUS)) return t.skip('the shared corpus is not present');
  const files = readdirSync(CORPUS).filter((f) => /(powersync|service)\.yaml$/.test(f));
  const { out } = await run(['config', '--format', 'json', ...files], CORPUS);
  const schema = JSON.parse(out).findings.filter((f: { ruleId: string }) => f.ruleId === 'service-config-schema');
  assert.deepEqual(schema, []);
  assert.equal(JSON.parse(out).summary.files, files.length);
});

test('sync-rules: PowerSync parser errors at their line and column; exit 1', async () => {
  const { code, out } = await run(['sync-rules', '--format', 'json', 'fixtures/commands/bad-sync-rules.yaml']);
  assert.equal(code, 1);
  assert.deepEqual(located(out), ['sync-rules-valid fixtures/commands/bad-sync-rules.yaml:5:9', 'sync-rules-valid fixtures/commands/bad-sync-rules.yaml:6:20']);
});

test('sync-rules: a YAML syntax error is a yaml-parse-error finding, not a crash', async () => {
  const { code, out } = await run(['sync-rules', '--format', 'json', 'fixtures/rules/sync-rules-valid/fail-yaml-syntax/hosts/web-arm/sync-rules.yaml']);
  assert.equal(code, 1);
  assert.deepEqual(located(out).map((l) => l.split(' ')[0]), ['yaml-parse-error']);
});

test('sync-rules: every sync rules file of the self-host-demo corpus validates (warnings only), edition 3 included', async (t) => {
  if (!existsSync(CORPUS)) return t.skip('the shared corpus is not present');
  const files = readdirSync(CORPUS).filter((f) => /(sync_rules|sync-config)\.yaml$/.test(f));
  const { code, out } = await run(['sync-rules', '--format', 'json', ...files], CORPUS);
  assert.equal(code, 0);
  assert.equal(JSON.parse(out).summary.errors, 0);
  assert.equal(JSON.parse(out).summary.files, files.length);
});

test('sync-rules: --max-warnings 0 turns warnings into exit 1, --quiet drops them', async (t) => {
  if (!existsSync(CORPUS)) return t.skip('the shared corpus is not present');
  const file = 'sync-config--demos_nodejs-mongodb_powersync_sync-config.yaml';
  assert.equal((await run(['sync-rules', '--max-warnings', '0', file], CORPUS)).code, 1);
  const quiet = await run(['sync-rules', '--quiet', '--format', 'json', file], CORPUS);
  assert.equal(quiet.code, 0);
  assert.deepEqual(JSON.parse(quiet.out).findings, []);
});
