import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskTree } from '../src/source/disk-tree.js';
import { defaultPolicy } from '../src/engine/policy.js';
import { lintHost } from '../src/engine/lint.js';
import { REPO } from './helpers/lint-fixture.js';

const EXAMPLE = `${REPO}fixtures/web-arm`;
const MODULE = 'modules/powersync/default.nix';
const NGINX = 'modules/powersync/nginx.nix';

test('the bundled example lints clean, host discovered', () => {
  const result = lintHost({ root: EXAMPLE, tree: new DiskTree(EXAMPLE), policy: defaultPolicy() });
  assert.equal(result.host, 'web-arm');
  assert.deepEqual(result.findings, []);
  assert.ok(result.files >= 10, `read ${result.files} files`);
});

/** A copy of the example with one text edit; the edit must apply exactly once. */
function mutant(file: string, from: string, to: string) {
  const root = mkdtempSync(join(tmpdir(), 'web-arm-'));
  cpSync(EXAMPLE, root, { recursive: true });
  const text = readFileSync(join(root, file), 'utf8');
  assert.equal(text.split(from).length, 2, `${from} must occur once in ${file}`);
  writeFileSync(join(root, file), text.replace(from, to));
  try {
    return lintHost({ root, tree: new DiskTree(root), policy: defaultPolicy() }).findings.filter((f) => f.severity === 'error');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const cases: { name: string; file: string; from: string; to: string; rule: string; at: string }[] = [
  { name: 'latest tag', file: MODULE, from: 'tag = "1.25.0";', to: 'tag = "latest";', rule: 'image-digest-pinned', at: `${MODULE}:15:12` },
  { name: 'X.Y tag', file: MODULE, from: 'tag = "1.25.0";', to: 'tag = "1.25";', rule: 'image-digest-pinned', at: `${MODULE}:15:12` },
  { name: 'short digest', file: MODULE, from: 'digest = "sha256:e2591aa1', to: 'digest = "sha256:e2591aa1"; x = "', rule: 'image-digest-pinned', at: `${MODULE}:16:15` },
  { name: 'pull = "newer"', file: MODULE, from: 'autoStart = true;', to: 'autoStart = true; pull = "newer";', rule: 'no-pull-newer', at: `${MODULE}:65:30` },
  { name: '--pull=newer', file: MODULE, from: '"--network=v6egress" ]', to: '"--network=v6egress" "--pull=newer" ]', rule: 'no-pull-newer', at: `${MODULE}:67:43` },
  { name: '"--pull" "always"', file: MODULE, from: '"--network=v6egress" ]', to: '"--network=v6egress" "--pull" "always" ]', rule: 'no-pull-newer', at: `${MODULE}:67:52` },
  { name: 'port on all interfaces', file: MODULE, from: '"127.0.0.1:8080:8080"', to: '"8080:8080"', rule: 'port-loopback-only', at: `${MODULE}:66:15` },
  { name: 'port on 0.0.0.0', file: MODULE, from: '"127.0.0.1:8080:8080"', to: '"0.0.0.0:8080:8080"', rule: 'port-loopback-only', at: `${MODULE}:66:15` },
  { name: '--network=host', file: MODULE, from: '"--network=v6egress" ]', to: '"--network=v6egress" "--network=host" ]', rule: 'port-loopback-only', at: `${MODULE}:67:43` },
  { name: 'wrong network', file: MODULE, from: '"--network=v6egress"', to: '"--network=podman"', rule: 'egress-network', at: `${MODULE}:67:20` },
  { name: 'network as one word with a space', file: MODULE, from: '"--network=v6egress"', to: '"--network v6egress"', rule: 'egress-network', at: `${MODULE}:67:22` },
  { name: 'unit not after the network', file: MODULE, from: 'after = [ "init-v6egress-network.service" ];', to: 'after = [ ];', rule: 'egress-network-ordering', at: `${MODULE}:85:13` },
  { name: 'unit without requires', file: MODULE, from: 'requires = [ "init-v6egress-network.service" ];', to: 'wants = [ "init-v6egress-network.service" ];', rule: 'egress-network-ordering', at: `${MODULE}:63:44` },
  { name: 'low read timeout', file: NGINX, from: 'proxy_read_timeout 3600s;', to: 'proxy_read_timeout 60s;', rule: 'vhost-proxy-timeouts', at: `${NGINX}:14:28` },
  { name: 'send timeout commented out', file: NGINX, from: 'proxy_send_timeout 1h;', to: '# proxy_send_timeout 1h;', rule: 'vhost-proxy-timeouts', at: `${NGINX}:8:15` },
  { name: 'nix syntax error', file: NGINX, from: 'forceSSL = true;', to: 'forceSSL = true', rule: 'nix-parse-error', at: `${NGINX}:8:19` },
];

for (const c of cases) {
  test(`web-arm mutant: ${c.name} → ${c.rule} at ${c.at}`, () => {
    const findings = mutant(c.file, c.from, c.to);
    const hits = findings.filter((f) => f.ruleId === c.rule).map((f) => `${f.file}:${f.line}:${f.column}`);
    assert.ok(hits.includes(c.at), `expected ${c.rule} at ${c.at}, got ${JSON.stringify(findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`))}`);
  });
}
