import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskTree } from '../src/source/disk-tree.js';
import { defaultPolicy } from '../src/engine/policy.js';
import { lintHost } from '../src/engine/lint.js';
import type { Finding } from '../src/engine/finding.js';
import { REPO } from './helpers/lint-fixture.js';

/**
 * Mutants of the bundled example for the host-wiring rules (mounts, secrets, nginx vhost,
 * PostgreSQL, probes, update helper): one edit breaks one rule at the literal to change; an
 * equivalent rewrite stays clean.
 */
const EXAMPLE = `${REPO}fixtures/web-arm`;
const MODULE = 'modules/powersync/default.nix';
const NGINX = 'modules/powersync/nginx.nix';
const STORAGE = 'modules/powersync/storage.nix';
const POSTGRES = 'modules/postgresql.nix';
const MONITORING = 'modules/monitoring.nix';
const HOST = 'hosts/web-arm/configuration.nix';
const SECRETS = 'hosts/web-arm/secrets.yaml';
const HELPER = 'utils/pkgs/powersync-service/update.sh';

type Edit = { file: string; from: string; to: string };

function lintMutant(edits: Edit[]): Finding[] {
  const root = mkdtempSync(join(tmpdir(), 'web-arm-'));
  cpSync(EXAMPLE, root, { recursive: true });
  for (const { file, from, to } of edits) {
    const text = readFileSync(join(root, file), 'utf8');
    assert.equal(text.split(from).length, 2, `${from} must occur once in ${file}`);
    writeFileSync(join(root, file), text.replace(from, to));
  }
  try {
    // The policy names the host: with the container gone, discovery could not pick web-arm over builder.
    return lintHost({ root, tree: new DiskTree(root), policy: { ...defaultPolicy(), host: 'web-arm' } }).findings;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const breaks: { name: string; edits: Edit[]; rule: string; at: string }[] = [
  { name: 'service config volume without :ro', edits: [{ file: MODULE, from: ':/config/service.yaml:ro"', to: ':/config/service.yaml"' }], rule: 'mounts-read-only', at: `${MODULE}:69:7` },
  { name: 'sync rules volume :rw', edits: [{ file: MODULE, from: ':/config/sync-rules.yaml:ro"', to: ':/config/sync-rules.yaml:rw"' }], rule: 'mounts-read-only', at: `${MODULE}:70:7` },
  { name: 'secret without restartUnits', edits: [{ file: MODULE, from: 'restartUnits = [ "podman-powersync.service" ];', to: 'restartUnits = [ ];' }], rule: 'secret-wiring', at: `${MODULE}:90:20` },
  { name: 'env file typed by hand', edits: [{ file: MODULE, from: 'config.sops.secrets."reptide-powersync-source-dsn".path\n', to: '"/run/secrets/reptide-powersync-source-dsn"\n' }], rule: 'secret-wiring', at: `${MODULE}:78:7` },
  { name: 'secret renamed in the sops file', edits: [{ file: SECRETS, from: 'reptide-powersync-source-dsn:', to: 'reptide-powersync-dsn:' }], rule: 'sops-secret-encrypted', at: `${MODULE}:89:16` },
  { name: 'sops value decrypted in place', edits: [{ file: SECRETS, from: /reptide-powersync-source-dsn: ENC\[[^\n]*/.exec(readFileSync(`${EXAMPLE}/${SECRETS}`, 'utf8'))![0], to: 'reptide-powersync-source-dsn: PS_SOURCE_DSN=changeme' }], rule: 'sops-secret-encrypted', at: `${SECRETS}:1:31` },
  { name: 'storage password literal', edits: [{ file: MODULE, from: 'password: !env PS_STORAGE_PASSWORD', to: 'password: fixture-mutant-pw' }], rule: 'no-plaintext-secrets', at: `${MODULE}:41:17` },
  { name: 'forceSSL off', edits: [{ file: NGINX, from: 'forceSSL = true;', to: 'forceSSL = false;' }], rule: 'vhost-tls', at: `${NGINX}:6:16` },
  { name: 'no ACME', edits: [{ file: NGINX, from: 'enableACME = true;', to: '' }], rule: 'vhost-tls', at: `${NGINX}:4:31` },
  { name: 'no websockets', edits: [{ file: NGINX, from: 'proxyWebsockets = true;', to: '' }], rule: 'vhost-websockets', at: `${NGINX}:8:15` },
  { name: 'proxyPass to the wrong port', edits: [{ file: NGINX, from: 'proxyPass = "http://127.0.0.1:8080";', to: 'proxyPass = "http://127.0.0.1:8081";' }], rule: 'vhost-upstream', at: `${NGINX}:9:37` },
  { name: 'forward auth', edits: [{ file: NGINX, from: 'client_max_body_size 10m;', to: 'client_max_body_size 10m;\n        auth_request /oauth2/auth;' }], rule: 'vhost-no-forward-auth', at: `${NGINX}:20:9` },
  { name: 'proxy buffering commented out', edits: [{ file: NGINX, from: '        proxy_buffering off;', to: '        # proxy_buffering off;' }], rule: 'vhost-proxy-buffering', at: `${NGINX}:8:15` },
  { name: 'role without ownership', edits: [{ file: STORAGE, from: 'ensureDBOwnership = true;', to: 'ensureDBOwnership = false;' }], rule: 'storage-database', at: `${STORAGE}:22:29` },
  { name: 'storage role as superuser', edits: [{ file: STORAGE, from: 'ensureDBOwnership = true;', to: 'ensureDBOwnership = true; ensureClauses.superuser = true;' }], rule: 'storage-database', at: `${STORAGE}:22:61` },
  { name: 'shared_buffers in pages', edits: [{ file: POSTGRES, from: 'shared_buffers = "1GB";', to: 'shared_buffers = 16384;' }], rule: 'shared-buffers', at: `${POSTGRES}:18:24` },
  { name: 'PowerSync module not imported', edits: [{ file: HOST, from: '    ../../modules/powersync\n', to: '' }], rule: 'module-imported', at: `${MODULE}:14:13` },
  { name: 'probe of the wrong URL', edits: [{ file: MONITORING, from: '/probes/liveness', to: '/probes/startup' }], rule: 'liveness-probe', at: `${MONITORING}:61:19` },
  { name: 'update helper that does nothing', edits: [{ file: HELPER, from: 'exec powersync-lint pin "$@"', to: 'echo "update ${1:?tag}"' }], rule: 'update-helper', at: `${HELPER}:1:1` },
];

for (const c of breaks) {
  test(`web-arm mutant: ${c.name} → ${c.rule} at ${c.at}`, () => {
    const findings = lintMutant(c.edits);
    const hits = findings.filter((f) => f.ruleId === c.rule).map((f) => `${f.file}:${f.line}:${f.column}`);
    assert.ok(hits.includes(c.at), `expected ${c.rule} at ${c.at}, got ${JSON.stringify(findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`))}`);
    assert.doesNotMatch(JSON.stringify(findings), /fixture-mutant-pw|changeme/);
  });
}

const equivalents: { name: string; edits: Edit[] }[] = [
  {
    name: 'dotted vhost attributes and proxy_buffering at vhost level',
    edits: [
      { file: NGINX, from: '    enableACME = true;\n    forceSSL = true;\n', to: '    extraConfig = "proxy_buffering off;";\n' },
      { file: NGINX, from: '        proxy_buffering off;\n', to: '' },
      { file: NGINX, from: '{\n  services.nginx', to: '{\n  services.nginx.virtualHosts."powersync.reptide.eu".enableACME = true;\n  services.nginx.virtualHosts."powersync.reptide.eu".forceSSL = true;\n  services.nginx' },
    ],
  },
  { name: 'shared_buffers as 131072 pages (1GB)', edits: [{ file: POSTGRES, from: 'shared_buffers = "1GB";', to: 'shared_buffers = 131072;' }] },
  {
    name: 'restartUnits through mkMerge and the container unit renamed consistently',
    edits: [
      { file: MODULE, from: 'sops.secrets."reptide-powersync-source-dsn" = {\n    restartUnits = [ "podman-powersync.service" ];\n  };', to: 'sops.secrets = lib.mkMerge [ { "reptide-powersync-source-dsn".restartUnits = [ "podman-powersync.service" ]; } ];' },
    ],
  },
  { name: 'probe target with a trailing slash', edits: [{ file: MONITORING, from: '/probes/liveness"', to: '/probes/liveness/"' }] },
];

for (const c of equivalents) {
  test(`web-arm equivalent: ${c.name} stays clean`, () => {
    const findings = lintMutant(c.edits);
    assert.deepEqual(findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`), []);
  });
}
