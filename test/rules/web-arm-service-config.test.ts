/**
 * The behaviours verified against the running PowerSync service (issue 3, REFERENCE.md), each
 * broken in a copy of the bundled example and caught at the literal to change; and spellings
 * of the same config that must stay clean.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskTree } from '../../src/source/disk-tree.js';
import { defaultPolicy } from '../../src/engine/policy.js';
import { lintHost } from '../../src/engine/lint.js';
import type { Finding } from '../../src/engine/finding.js';
import { REPO } from '../helpers/lint-fixture.js';

const EXAMPLE = `${REPO}fixtures/web-arm`;
const MODULE = 'modules/powersync/default.nix';

/** A copy of the example with text edits, each applied exactly once; extra files added. */
function lintMutant(edits: [file: string, from: string, to: string][], add: Record<string, string> = {}): Finding[] {
  const root = mkdtempSync(join(tmpdir(), 'web-arm-config-'));
  cpSync(EXAMPLE, root, { recursive: true });
  try {
    for (const [file, from, to] of edits) {
      const text = readFileSync(join(root, file), 'utf8');
      assert.equal(text.split(from).length, 2, `${JSON.stringify(from)} must occur once in ${file}`);
      writeFileSync(join(root, file), text.replace(from, to));
    }
    for (const [file, text] of Object.entries(add)) writeFileSync(join(root, file), text);
    return lintHost({ root, tree: new DiskTree(root), policy: defaultPolicy() }).findings;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const at = (findings: Finding[], rule: string) => findings.filter((f) => f.ruleId === rule).map((f) => `${f.file}:${f.line}:${f.column}`);

test('verified: slot_name is accepted without a word and ignored → service-config-replication at the key', () => {
  const findings = lintMutant([[MODULE, 'slot_name_prefix: powersync_selfhost_', 'slot_name: powersync_selfhost']]);
  assert.deepEqual(at(findings, 'service-config-replication'), [`${MODULE}:31:11`]);
});

test('verified: unix-socket storage exits at startup with PSYNC_S1106 → service-config-storage at ?host=', () => {
  const findings = lintMutant([[MODULE, 'hostname: 10.89.1.1', 'uri: postgresql://powersync_storage@/powersync_storage?host=/var/run/postgresql']]);
  assert.deepEqual(at(findings, 'service-config-storage'), [`${MODULE}:37:62`]);
  assert.match(findings.find((f) => f.ruleId === 'service-config-storage')!.message, /PSYNC_S1106/);
});

test('verified: hostname: /var/run/postgresql is taken for a TCP host and fails → service-config-storage', () => {
  const findings = lintMutant([[MODULE, 'hostname: 10.89.1.1', 'hostname: /var/run/postgresql']]);
  assert.deepEqual(at(findings, 'service-config-storage'), [`${MODULE}:37:17`]);
});

test('verified: ?sslmode= in the URI changes nothing → reported at the parameter, and the default verify-full against no TLS', () => {
  const findings = lintMutant([
    [MODULE, 'hostname: 10.89.1.1', 'uri: postgresql://powersync_storage@10.89.1.1:5432/powersync_storage?sslmode=disable'],
    [MODULE, '      sslmode: disable\n', ''],
  ]);
  assert.deepEqual(at(findings, 'service-config-storage'), [`${MODULE}:35:5`, `${MODULE}:37:76`]);
});

test('verified: ?replication= in the URI changes nothing → dsn-no-replication-param, not repeated by the storage rule', () => {
  const findings = lintMutant([[MODULE, 'hostname: 10.89.1.1', 'uri: postgresql://powersync_storage@10.89.1.1:5432/powersync_storage?replication=database']]);
  assert.deepEqual(at(findings, 'dsn-no-replication-param'), [`${MODULE}:37:76`]);
  assert.deepEqual(at(findings, 'service-config-storage'), []);
});

test('verified: api.port is ignored (the service stays on 8080) → service-config-schema; with the mapping moved, service-config-port too', () => {
  const findings = lintMutant([
    [MODULE, '    port: 8080\n', '    api:\n      port: 9000\n'],
    [MODULE, '"127.0.0.1:8080:8080"', '"127.0.0.1:8080:9000"'],
  ]);
  assert.deepEqual(at(findings, 'service-config-schema'), [`${MODULE}:45:7`]);
  assert.deepEqual(at(findings, 'service-config-port'), [`${MODULE}:67:31`]);
});

test('verified: verify-full against PostgreSQL without TLS (probes 200, replication failing) → service-config-storage at sslmode', () => {
  const findings = lintMutant([[MODULE, 'sslmode: disable', 'sslmode: verify-full']]);
  assert.deepEqual(at(findings, 'service-config-storage'), [`${MODULE}:42:16`]);
  assert.match(findings.find((f) => f.ruleId === 'service-config-storage')!.message, /probes answer 200/);
});

test('a sync rules query PowerSync rejects → sync-rules-valid in the mounted file', () => {
  const findings = lintMutant([['modules/powersync/sync-rules.yaml', 'WHERE user_id = bucket.user_id\n      - SELECT * FROM workout_sets', 'WHERE user_id = bucket.owner\n      - SELECT * FROM workout_sets']]);
  assert.deepEqual(at(findings, 'sync-rules-valid'), ['modules/powersync/sync-rules.yaml:19:9']);
});

const MINE = ['service-config-schema', 'service-config-replication', 'service-config-storage', 'storage-reachable', 'service-config-auth', 'service-config-port', 'sync-rules-valid', 'cannot-verify'];
const mine = (findings: Finding[]) => findings.filter((f) => MINE.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.file}:${f.line}`);

test('equivalent: a static service.yaml in ROOT instead of writeText stays clean', () => {
  const text = readFileSync(`${EXAMPLE}/${MODULE}`, 'utf8');
  const yaml = /writeText "powersync-service.yaml" ''\n([\s\S]*?)\n  '';/.exec(text)![1].replace(/^ {4}/gm, '').replace('${supabaseRef}', 'majxbigjafpzayzboxsf');
  const findings = lintMutant([[MODULE, '"${serviceConfig}:/config/service.yaml:ro"', '"${./service.yaml}:/config/service.yaml:ro"']], { [`modules/powersync/service.yaml`]: `${yaml}\n` });
  assert.deepEqual(mine(findings), []);
});

test('equivalent: the config through -c in cmd, the sync rules by the deprecated sync_rules key, stays clean', () => {
  const findings = lintMutant([
    [MODULE, 'POWERSYNC_CONFIG_PATH = "/config/service.yaml";', ''],
    [MODULE, 'autoStart = true;', 'autoStart = true;\n    cmd = [ "start" "-c" "/config/service.yaml" ];'],
    [MODULE, 'sync_config:', 'sync_rules:'],
  ]);
  assert.deepEqual(mine(findings), []);
});

test('equivalent: enableTCPIP replaced by listen_addresses with the bridge gateway stays clean', () => {
  const findings = lintMutant([['modules/postgresql.nix', 'enableTCPIP = true;', 'settings.listen_addresses = "localhost,10.89.1.1";']]);
  assert.deepEqual(mine(findings), []);
});
