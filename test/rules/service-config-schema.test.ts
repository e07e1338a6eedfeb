import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { lintFixture, locations, messages, REPO } from '../helpers/lint-fixture.js';
import { parseYamlDocument } from '../../src/yaml/parse.js';
import { schemaProblems } from '../../src/powersync/config-schema.js';
import type { CheckSink } from '../../src/powersync/config-source.js';

const RULE = 'service-config-schema';
/** PowerSync's self-host-demo configs, beside the repository when the shared workspace is there. */
const CORPUS = `${REPO}../shared/corpus/powersync-self-host-demo`;

function schemaOf(text: string, file = 'service.yaml'): string[] {
  const found: string[] = [];
  const sink: CheckSink = { report: (at, message) => found.push(`${at.line}:${at.column} ${message}`), cannotVerify: () => {} };
  schemaProblems(parseYamlDocument(text, file, { dialect: 'service-config' }), sink);
  return found.sort((a, b) => parseInt(a) - parseInt(b));
}

test('service-config-schema: YAML in a writeText string — unknown type, misspelt and misplaced keys, enum, !env type, unknown tag — at the token in the .nix file', () => {
  const result = lintFixture(`rules/${RULE}/fail-nix-string`);
  assert.deepEqual(locations(result, RULE), [
    'hosts/web-arm/configuration.nix:6:17',
    'hosts/web-arm/configuration.nix:11:7',
    'hosts/web-arm/configuration.nix:12:16',
    'hosts/web-arm/configuration.nix:13:27',
    'hosts/web-arm/configuration.nix:15:7',
    'hosts/web-arm/configuration.nix:16:5',
    'hosts/web-arm/configuration.nix:19:17',
  ]);
  const [type, sslmod, sslmode, env, apiPort, syncRule, tag] = messages(result, RULE);
  assert.match(type, /`type: postgres` is not a connection type: PowerSync fails at startup with `Invalid connection types: "postgres"`.*did you mean `postgresql`/);
  assert.match(sslmod, /Unknown key `sslmod` in `storage`: PowerSync ignores it without a word; did you mean `sslmode`\?/);
  assert.match(sslmode, /`storage.sslmode: require` is not a value PowerSync accepts.*`verify-full`, `verify-ca` or `disable`/);
  assert.match(env, /`!env PS_POOL` substitutes a string; write `!env PS_POOL::number`/);
  assert.match(apiPort, /`api.port` is ignored by PowerSync.*top-level `port` \(default 8080\)/);
  assert.match(syncRule, /did you mean `sync_config`/);
  assert.match(tag, /Unknown tag `!envv` \(did you mean `!env`\?\)/);
});

test('service-config-schema: a mounted YAML file in ROOT — missing storage, misplaced connections, required key, port pattern, type', () => {
  const result = lintFixture(`rules/${RULE}/fail-yaml-file`);
  assert.deepEqual(locations(result, RULE), [
    'hosts/web-arm/powersync.yaml:2:1',
    'hosts/web-arm/powersync.yaml:2:1',
    'hosts/web-arm/powersync.yaml:5:1',
    'hosts/web-arm/powersync.yaml:6:20',
    'hosts/web-arm/powersync.yaml:8:3',
    'hosts/web-arm/powersync.yaml:9:13',
  ]);
  const text = messages(result, RULE).join('\n');
  assert.match(text, /The config has no `storage`: PowerSync does not start without bucket storage/);
  assert.match(text, /Unknown key `connections` at the top level.*belongs at `replication.connections`/);
  assert.match(text, /`telemetry` lacks `disable_telemetry_sharing`/);
  assert.match(text, /`telemetry.prometheus_port: 9464x` is not a port number/);
  assert.match(text, /did you mean `audience`/);
  assert.match(text, /`client_auth.jwks_uri` must be a string or a list, not `5`/);
});

test('service-config-schema: (pkgs.formats.yaml {}).generate — errors at the Nix attribute names and values', () => {
  const result = lintFixture(`rules/${RULE}/fail-formats-generate`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:7:7', 'hosts/web-arm/configuration.nix:9:9', 'hosts/web-arm/configuration.nix:10:28']);
  const [slotName, apiPort, level] = messages(result, RULE);
  assert.match(slotName, /`storage.slot_name` is ignored by PowerSync: .*set `slot_name_prefix` instead/);
  assert.match(apiPort, /`api.port` is ignored/);
  assert.match(level, /`system.logging.level: warning` is not a value PowerSync accepts.*did you mean `warn`/);
});

test('service-config-schema: a key interpolated from a let binding is reported where it was written', () => {
  const result = lintFixture(`rules/${RULE}/fail-let-interpolation`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:4:13']);
  assert.match(messages(result, RULE)[0], /Unknown key `ssl_mode` in `storage`.*did you mean `sslmode`/);
});

test('service-config-schema: a complete config in a second module passes (!env with suffixes, port as a string, free-form maps, JWK extra members)', () => {
  assert.deepEqual(locations(lintFixture(`rules/${RULE}/pass-second-module`), RULE), []);
});

test('service-config-schema: !env placeholders satisfy enums and their suffix decides their type', () => {
  const base = 'storage:\n  type: postgresql\n  hostname: h\n';
  assert.deepEqual(schemaOf(`${base}  sslmode: !env PS_SSLMODE\n  max_pool_size: !env PS_POOL::number\nport: !env PS_PORT\n`), []);
  assert.deepEqual(schemaOf(`${base}  max_pool_size: !env PS_POOL::boolean\n`).map((m) => m.slice(0, 5)), ['4:23 ']);
  // The storage type from the environment: its branch cannot be chosen, so nothing is claimed.
  assert.deepEqual(schemaOf('storage:\n  type: !env PS_STORAGE_TYPE\n  anything: 1\n'), []);
});

test('service-config-schema: the yaml layer reports !env prefix and suffix errors, the schema does not repeat them', () => {
  assert.deepEqual(schemaOf('storage:\n  type: postgresql\n  uri: !env STORAGE_URI\n  hostname: !env PS_HOST::int\n'), []);
});

test('service-config-schema: "did you mean" for misspelt, misplaced and suffixed keys', () => {
  const found = schemaOf('storage: { type: postgresql, hostnmae: h }\nhealthcheck: { probes: { http: true } }\nslot_name_prefix: x\n');
  assert.match(found[0], /did you mean `hostname`/);
  assert.match(found[1], /did you mean `use_http`/);
  assert.match(found[2], /`slot_name_prefix` belongs at `storage.slot_name_prefix` or `replication.connections\[…\].slot_name_prefix`/);
});

test('service-config-schema: every real config of the self-host-demo corpus validates', (t) => {
  if (!existsSync(CORPUS)) return t.skip('the shared corpus is not present');
  const files = readdirSync(CORPUS).filter((f) => /(powersync|service)\.yaml$/.test(f));
  assert.ok(files.length >= 10, `found ${files.length} configs`);
  for (const file of files) assert.deepEqual(schemaOf(readFileSync(`${CORPUS}/${file}`, 'utf8'), file), [], file);
});

test('service-config-schema: a container without any service config fails at startup; the other config rules stay silent', () => {
  const result = lintFixture(`rules/${RULE}/fail-no-config`);
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:2:44']);
  assert.match(messages(result, RULE)[0], /has no PowerSync service config.*PowerSyncConfig could not be collected/);
  assert.deepEqual(locations(result, 'cannot-verify'), []);
});

test('service-config-schema: without a config but with env files (POWERSYNC_CONFIG_B64 may be there): one cannot-verify naming every config rule', () => {
  const result = lintFixture(`rules/${RULE}/pass-config-from-env-files`);
  assert.deepEqual(locations(result, RULE), []);
  assert.deepEqual(locations(result, 'cannot-verify'), ['hosts/web-arm/configuration.nix:4:44']);
  assert.match(messages(result, 'cannot-verify')[0], /^service-config-schema, service-config-replication, .*sync-rules-valid cannot verify the service config: .*POWERSYNC_CONFIG_B64/);
});
