/**
 * `--fix` on mutants of the bundled example: each fixable mistake is fixed, the example lints
 * clean afterwards, and the files are byte-identical to the expected text — every other byte as
 * it was. The fixes are applied in memory (runFixPasses), as the CLI does before writing.
 */
import { strict as assert } from 'node:assert';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { defaultPolicy } from '../../src/engine/policy.js';
import { lintHost } from '../../src/engine/lint.js';
import { runFixPasses } from '../../src/fix/passes.js';
import { DiskTree } from '../../src/source/disk-tree.js';
import type { SourceTree } from '../../src/source/tree.js';
import { REPO } from '../helpers/lint-fixture.js';
import { capturedContext } from '../cli/captured-context.js';

const EXAMPLE = `${REPO}fixtures/web-arm`;
const MODULE = 'modules/powersync/default.nix';
const NGINX = 'modules/powersync/nginx.nix';
const STORAGE = 'modules/powersync/storage.nix';
const POSTGRES = 'modules/postgresql.nix';
const NET = 'init-v6egress-network.service';

const roots: string[] = [];
after(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

type Edit = { file: string; from: string; to: string };

/** A copy of the example with the edits made (each must apply exactly once). */
function mutant(edits: Edit[]): string {
  const root = mkdtempSync(path.join(tmpdir(), 'powersync-lint-fix-'));
  roots.push(root);
  cpSync(EXAMPLE, root, { recursive: true });
  for (const { file, from, to } of edits) {
    const text = readFileSync(path.join(root, file), 'utf8');
    assert.equal(text.split(from).length, 2, `${JSON.stringify(from)} must occur once in ${file}`);
    writeFileSync(path.join(root, file), text.replace(from, to));
  }
  return root;
}

const lint = (root: string) => (tree: SourceTree) => lintHost({ root, tree, policy: defaultPolicy() });

function original(file: string): string {
  return readFileSync(path.join(EXAMPLE, file), 'utf8');
}

interface Case {
  name: string;
  rule: string;
  mutate: Edit[];
  /** The text of each changed file after --fix; unlisted changed files must equal the example. */
  expect?: Record<string, (example: string) => string>;
}

const cases: Case[] = [
  { name: 'pull = "newer" after another binding', rule: 'no-pull-newer', mutate: [{ file: MODULE, from: 'autoStart = true;', to: 'autoStart = true; pull = "newer";' }] },
  { name: 'pull = "always" on its own line, with a comment', rule: 'no-pull-newer', mutate: [{ file: MODULE, from: '    autoStart = true;\n', to: '    autoStart = true;\n    pull = "always"; # stay current\n' }] },
  { name: '"--pull=newer" in extraOptions', rule: 'no-pull-newer', mutate: [{ file: MODULE, from: '"--network=v6egress" ]', to: '"--network=v6egress" "--pull=newer" ]' }] },
  { name: '"--pull" "always" split over two elements', rule: 'no-pull-newer', mutate: [{ file: MODULE, from: '"--network=v6egress" ]', to: '"--network=v6egress" "--pull" "always" ]' }] },
  {
    name: '"--pull" "newer" on lines of their own',
    rule: 'no-pull-newer',
    mutate: [{ file: MODULE, from: 'extraOptions = [ "--network=v6egress" ];', to: 'extraOptions = [\n      "--pull"\n      "newer"\n      "--network=v6egress"\n    ];' }],
    expect: { [MODULE]: (t) => t.replace('extraOptions = [ "--network=v6egress" ];', 'extraOptions = [\n      "--network=v6egress"\n    ];') },
  },
  { name: 'a port on every interface', rule: 'port-loopback-only', mutate: [{ file: MODULE, from: '"127.0.0.1:8080:8080"', to: '"8080:8080"' }] },
  { name: 'an empty after list', rule: 'egress-network-ordering', mutate: [{ file: MODULE, from: `after = [ "${NET}" ];`, to: 'after = [ ];' }] },
  {
    name: 'requires replaced by wants',
    rule: 'egress-network-ordering',
    mutate: [{ file: MODULE, from: `requires = [ "${NET}" ];`, to: `wants = [ "${NET}" ];` }],
    expect: { [MODULE]: (t) => t.replace(`requires = [ "${NET}" ];`, `requires = [ "${NET}" ];\n    wants = [ "${NET}" ];`) },
  },
  {
    name: 'no after and no requires in the module (another module configures the unit)',
    rule: 'egress-network-ordering',
    mutate: [{ file: MODULE, from: `    after = [ "${NET}" ];\n    requires = [ "${NET}" ];\n`, to: '' }],
    expect: {
      [MODULE]: (t) => t.replace(`    after = [ "${NET}" ];\n    requires = [ "${NET}" ];\n`, ''),
      [STORAGE]: (t) => t.replace('after = [ "powersync-storage-password.service" ];', `after = [ "powersync-storage-password.service" "${NET}" ];\n    requires = [ "${NET}" ];`),
    },
  },
  { name: 'a low proxy_read_timeout', rule: 'vhost-proxy-timeouts', mutate: [{ file: NGINX, from: 'proxy_read_timeout 3600s;', to: 'proxy_read_timeout 60s;' }] },
  {
    name: 'a low proxy_send_timeout in minutes',
    rule: 'vhost-proxy-timeouts',
    mutate: [{ file: NGINX, from: 'proxy_send_timeout 1h;', to: 'proxy_send_timeout 30m;' }],
    expect: { [NGINX]: (t) => t.replace('proxy_send_timeout 1h;', 'proxy_send_timeout 3600s;') },
  },
  {
    name: 'proxy_send_timeout only in a comment',
    rule: 'vhost-proxy-timeouts',
    mutate: [{ file: NGINX, from: 'proxy_send_timeout 1h;', to: '# proxy_send_timeout 1h;' }],
    expect: { [NGINX]: (t) => t.replace('proxy_send_timeout 1h;', '# proxy_send_timeout 1h;').replace('        client_max_body_size 10m;\n', '        client_max_body_size 10m;\n        proxy_send_timeout 3600s;\n') },
  },
  { name: 'the service config mounted read-write', rule: 'mounts-read-only', mutate: [{ file: MODULE, from: '"${serviceConfig}:/config/service.yaml:ro"', to: '"${serviceConfig}:/config/service.yaml"' }] },
  { name: 'the sync rules mounted rw', rule: 'mounts-read-only', mutate: [{ file: MODULE, from: '"${./sync-rules.yaml}:/config/sync-rules.yaml:ro"', to: '"${./sync-rules.yaml}:/config/sync-rules.yaml:rw"' }] },
  {
    name: 'shared_buffers too small',
    rule: 'shared-buffers',
    mutate: [{ file: POSTGRES, from: 'shared_buffers = "1GB";', to: 'shared_buffers = "128MB";' }],
    expect: { [POSTGRES]: (t) => t.replace('shared_buffers = "1GB";', 'shared_buffers = "512MB";') },
  },
];

describe('--fix on mutants of the example', () => {
  for (const c of cases) {
    it(`${c.rule}: ${c.name}`, () => {
      const root = mutant(c.mutate);
      const tree = new DiskTree(root);
      const before = lint(root)(tree).findings.filter((f) => f.ruleId === c.rule);
      assert.ok(before.length > 0, `the mutant has a ${c.rule} finding`);
      assert.ok(before.every((f) => f.fix), `every ${c.rule} finding offers a fix: ${JSON.stringify(before.map((f) => f.message))}`);
      const run = runFixPasses(tree, lint(root));
      assert.deepEqual(run.result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}: ${f.message}`), [], 'clean after --fix');
      const changed = new Map(run.changes.map((change) => [change.file, change.after]));
      for (const file of new Set([...c.mutate.map((m) => m.file), ...Object.keys(c.expect ?? {})])) {
        const expected = c.expect?.[file]?.(original(file)) ?? original(file);
        assert.equal(changed.get(file) ?? readFileSync(path.join(root, file), 'utf8'), expected, `${file} after --fix`);
      }
    });
  }

  it('several mistakes at once, fixed over several passes', () => {
    const all: Edit[] = [
      { file: MODULE, from: 'autoStart = true;', to: 'autoStart = true; pull = "newer";' },
      { file: MODULE, from: '"--network=v6egress" ]', to: '"--network=v6egress" "--pull" "always" ]' },
      { file: MODULE, from: '"127.0.0.1:8080:8080"', to: '"8080:8080"' },
      { file: MODULE, from: `after = [ "${NET}" ];`, to: 'after = [ ];' },
      { file: NGINX, from: 'proxy_read_timeout 3600s;', to: 'proxy_read_timeout 60s;' },
      { file: MODULE, from: '"${serviceConfig}:/config/service.yaml:ro"', to: '"${serviceConfig}:/config/service.yaml"' },
    ];
    const root = mutant(all);
    const run = runFixPasses(new DiskTree(root), lint(root));
    assert.deepEqual(run.result.findings, []);
    assert.equal(run.applied, 6);
    for (const change of run.changes) assert.equal(change.after, original(change.file), change.file);
  });
});

describe('powersync-lint --fix', () => {
  it('writes the fixed files atomically with their modes, prints what is left, and exits by what is left', async () => {
    const root = mutant([
      { file: MODULE, from: '"127.0.0.1:8080:8080"', to: '"8080:8080"' },
      // Not fixable: a LAN address is not replaced.
      { file: MODULE, from: 'extraOptions = [ "--network=v6egress" ];', to: 'extraOptions = [ "--network=v6egress" "-p" "8081:8081" ];' },
    ]);
    chmodSync(path.join(root, MODULE), 0o600);
    const context = capturedContext({ cwd: root });
    const status = await main(['--fix', '--format', 'json', '.'], context);
    assert.equal(status, 1, context.err());
    assert.equal(readFileSync(path.join(root, MODULE), 'utf8'), original(MODULE).replace('extraOptions = [ "--network=v6egress" ];', 'extraOptions = [ "--network=v6egress" "-p" "8081:8081" ];'));
    assert.equal(statSync(path.join(root, MODULE)).mode & 0o777, 0o600);
    const report = JSON.parse(context.out()) as { findings: { ruleId: string; line: number }[] };
    assert.deepEqual(report.findings.map((f) => f.ruleId), ['port-loopback-only']);
    assert.equal(context.err(), `powersync-lint: fixed 1 problem in ${MODULE}\n`);
  });

  it('a clean tree is left untouched and --fix exits 0 silently', async () => {
    const root = mutant([]);
    const context = capturedContext({ cwd: root });
    assert.equal(await main(['--fix', root], context), 0);
    assert.equal(context.out(), '');
    assert.equal(context.err(), '');
  });
});

describe('--fix on the failing rule fixtures', () => {
  const FIXABLE = ['no-pull-newer', 'port-loopback-only', 'egress-network-ordering', 'vhost-proxy-timeouts', 'mounts-read-only', 'shared-buffers'];
  for (const rule of FIXABLE) {
    const dir = `${REPO}fixtures/rules/${rule}`;
    const cases = existsSync(dir) ? readdirSync(dir).filter((name) => name.startsWith('fail-')) : [];
    for (const name of cases) {
      it(`${rule}/${name}: every fix offered applies, keeps the files valid Nix, and is not offered again`, () => {
        const root = `${dir}/${name}`;
        const before = lint(root)(new DiskTree(root)).findings;
        const run = runFixPasses(new DiskTree(root), lint(root));
        const after = run.result.findings;
        assert.deepEqual(after.filter((f) => f.fix).map((f) => `${f.ruleId} ${f.line}:${f.column}`), [], 'no fix left to apply');
        assert.deepEqual(after.filter((f) => f.ruleId === 'nix-parse-error'), []);
        const fixable = before.filter((f) => f.ruleId === rule && f.fix).length;
        assert.equal(after.filter((f) => f.ruleId === rule).length, before.filter((f) => f.ruleId === rule).length - fixable, `the ${fixable} fixable ${rule} findings are gone, the others stay`);
      });
    }
  }

  it('egress-network-ordering: a unit nobody configures gets after and requires next to the container', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'powersync-lint-fix-'));
    roots.push(root);
    mkdirSync(path.join(root, 'hosts/web-arm'), { recursive: true });
    const text = '{ ... }:\n{\n  virtualisation.oci-containers.containers.powersync = {\n    image = "journeyapps/powersync-service:1.25.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";\n    extraOptions = [ "--network=v6egress" ];\n  };\n}\n';
    writeFileSync(path.join(root, 'hosts/web-arm/configuration.nix'), text);
    const run = runFixPasses(new DiskTree(root), lint(root));
    assert.deepEqual(run.result.findings.filter((f) => f.ruleId === 'egress-network-ordering'), []);
    assert.equal(
      run.changes[0].after,
      text.replace('  };\n}\n', `  };\n  systemd.services.podman-powersync.after = [ "${NET}" ];\n  systemd.services.podman-powersync.requires = [ "${NET}" ];\n}\n`),
    );
  });
});

describe('fixable rules', () => {
  it('the rules marked fixable are the ones with --fix tests here, and their docs say so', async () => {
    const { rules } = await import('../../src/engine/registry.js');
    const fixable = rules.filter((rule) => rule.fixable).map((rule) => rule.id).sort();
    assert.deepEqual(fixable, [...new Set(cases.map((c) => c.rule))].sort());
    // test/docs.test.ts checks that every rule has a doc; here, what the docs say.
    for (const rule of rules.filter((r) => existsSync(`${REPO}docs/rules/${r.id}.md`))) {
      const doc = readFileSync(`${REPO}docs/rules/${rule.id}.md`, 'utf8');
      const line = /^\*\*Fixable:\*\* (yes|no)\b/m.exec(doc)?.[1];
      assert.equal(line, rule.fixable ? 'yes' : 'no', `docs/rules/${rule.id}.md: Fixable`);
    }
  });
});
