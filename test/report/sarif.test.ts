/** The sarif format: its shape, fingerprints that survive unrelated edits, and acceptance by the
 * official SARIF Multitool (`validate`, with its GitHub code scanning rules). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import type { Finding } from '../../src/engine/finding.js';
import { lintHost } from '../../src/engine/lint.js';
import { defaultPolicy } from '../../src/engine/policy.js';
import { toSarif } from '../../src/report/sarif.js';
import { DiskTree } from '../../src/source/disk-tree.js';
import { capturedContext } from '../cli/captured-context.js';
import { REPO } from '../helpers/lint-fixture.js';

type Sarif = { version: string; $schema: string; runs: { tool: { driver: { rules: Record<string, any>[] } }; results: Record<string, any>[] }[] };

const scratch = () => mkdtempSync(path.join(tmpdir(), 'powersync-lint-sarif-'));

/** The CLI's SARIF for ROOT, run in-process from `cwd`. */
async function sarifOf(root: string, cwd = root): Promise<{ status: number; log: Sarif; file: string }> {
  const file = path.join(scratch(), 'report.sarif');
  const context = capturedContext({ cwd });
  const status = await main([root, '--format', 'sarif', '--output', file], context);
  assert.ok(status === 0 || status === 1, context.err());
  return { status, log: JSON.parse(readFileSync(file, 'utf8')) as Sarif, file };
}

/** web-arm with a --pull=newer (one of them suppressed with a reason) and a port open to the LAN. */
function webArmMutant(): string {
  const root = scratch();
  cpSync(`${REPO}fixtures/web-arm`, root, { recursive: true });
  const module = path.join(root, 'modules/powersync/default.nix');
  const text = readFileSync(module, 'utf8');
  const mutated = text
    .replace('extraOptions = [ "--network=v6egress" ];', 'extraOptions = [ "--network=v6egress" "--pull=newer" ];')
    .replace('autoStart = true;', 'autoStart = true;\n    # powersync-lint-disable-next-line no-pull-newer -- staging tag on purpose (OPS-1)\n    pull = "newer";');
  assert.notEqual(mutated, text);
  writeFileSync(module, mutated);
  return root;
}

describe('sarif report', () => {
  it('SARIF 2.1.0 with every rule described (helpUri, the doc as help) and results present when clean', async () => {
    const { status, log } = await sarifOf(`${REPO}fixtures/web-arm`);
    assert.equal(status, 0);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    const [run] = log.runs;
    assert.deepEqual(run.results, []);
    const { rules } = await import('../../src/engine/registry.js');
    assert.deepEqual(run.tool.driver.rules.map((r) => r.id), rules.map((r) => r.id));
    const pinned = run.tool.driver.rules.find((r) => r.id === 'image-digest-pinned')!;
    assert.match(pinned.helpUri, /^file:\/\/.*\/docs\/rules\/image-digest-pinned\.md$/);
    assert.equal(pinned.help.markdown, readFileSync(`${REPO}docs/rules/image-digest-pinned.md`, 'utf8'));
    assert.equal(pinned.defaultConfiguration.level, 'error');
  });

  it('results located with startLine ≥ 1, relative to the checkout, with suppressions and their reason', async () => {
    const root = webArmMutant();
    const { status, log } = await sarifOf(root);
    assert.equal(status, 1);
    const results = log.runs[0].results;
    const pull = results.filter((r) => r.ruleId === 'no-pull-newer');
    assert.equal(pull.length, 2);
    const [suppressed, open] = [pull.find((r) => r.suppressions), pull.find((r) => !r.suppressions)];
    assert.deepEqual(suppressed!.suppressions[0].kind, 'inSource');
    assert.equal(suppressed!.suppressions[0].justification, 'staging tag on purpose (OPS-1)');
    assert.deepEqual(open!.locations[0].physicalLocation.artifactLocation, { uri: 'modules/powersync/default.nix', uriBaseId: '%SRCROOT%' });
    assert.equal(open!.locations[0].physicalLocation.region.snippet.text, '"--pull=newer"');
    for (const result of results) {
      assert.ok(result.locations[0].physicalLocation.region.startLine >= 1);
      assert.equal(log.runs[0].tool.driver.rules[result.ruleIndex].id, result.ruleId);
      assert.match(result.partialFingerprints['powersyncLint/v1'], /^[0-9a-f]{32}:\d+$/);
    }
  });

  it('clamps a location before line 1 and keeps related locations in other files', () => {
    const finding: Finding = {
      ruleId: 'vhost-proxy-timeouts',
      severity: 'error',
      message: 'too short',
      file: 'hosts/web-arm/nginx.nix',
      line: 0,
      column: 0,
      endLine: 0,
      endColumn: 0,
      related: [{ file: 'hosts/web-arm/configuration.nix', line: 4, column: 82, message: 'the value is used in this extraConfig' }],
    };
    const log = toSarif({ findings: [finding], suppressed: [] }, { root: '/repo', baseDir: '/repo', toolVersion: '1.0.0', readFile: () => undefined }) as Sarif;
    const [result] = log.runs[0].results;
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
    assert.deepEqual(result.relatedLocations, [
      {
        id: 1,
        physicalLocation: { artifactLocation: { uri: 'hosts/web-arm/configuration.nix', uriBaseId: '%SRCROOT%' }, region: { startLine: 4, startColumn: 82 } },
        message: { text: 'the value is used in this extraConfig.' },
      },
    ]);
    assert.equal(result.message.text, 'too short.');
  });

  it('fingerprints survive unrelated edits (lines added above, another line changed) and differ per finding', () => {
    const root = webArmMutant();
    const fingerprints = () => {
      const result = lintHost({ root, tree: new DiskTree(root), policy: defaultPolicy() });
      const log = toSarif(result, { root, baseDir: root, toolVersion: '1', readFile: (file) => readFileSync(path.join(root, file), 'utf8') }) as Sarif;
      return log.runs[0].results.map((r) => `${r.ruleId} ${r.partialFingerprints['powersyncLint/v1']} line ${r.locations[0].physicalLocation.region.startLine}`);
    };
    const before = fingerprints();
    const module = path.join(root, 'modules/powersync/default.nix');
    writeFileSync(module, `# a comment\n# another\n\n${readFileSync(module, 'utf8').replace('autoStart = true;', 'autoStart = true; # always')}`);
    const after = fingerprints();
    const strip = (entries: string[]) => entries.map((e) => e.replace(/ line \d+$/, ''));
    assert.deepEqual(strip(after), strip(before));
    assert.notDeepEqual(after, before, 'the lines moved');
    assert.equal(new Set(strip(before)).size, before.length);
  });

  it('the SARIF Multitool validates the output (its SARIF and GitHub rules) without errors', async () => {
    const dir = scratch();
    const logs = [
      await sarifOf(`${REPO}fixtures/web-arm`, REPO),
      await sarifOf(webArmMutant()),
      await sarifOf(`${REPO}fixtures/rules/vhost-proxy-timeouts/fail-second-module-lines`),
      await sarifOf(`${REPO}fixtures/rules/invalid-suppression/fail-directives`),
    ];
    logs.forEach(({ file }, i) => cpSync(file, path.join(dir, `log-${i}.sarif`)));
    const multitool = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
    assert.ok(existsSync(multitool), `SARIF Multitool missing at ${multitool} (npm ci installs it)`);
    const output = path.join(scratch(), 'validation.sarif');
    const run = spawnSync(multitool, ['validate', path.join(dir, '*.sarif'), '--rule-kind', 'Sarif;Gh', '--level', 'Error;Warning;Note', '--output', output, '--log', 'ForceOverwrite'], {
      encoding: 'utf8',
      env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
      timeout: 120_000,
    });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    const validation = JSON.parse(readFileSync(output, 'utf8')) as { runs: { results?: { level?: string; ruleId: string; message: { text?: string; arguments?: string[] } }[] }[] };
    const results = validation.runs.flatMap((r) => r.results ?? []);
    const errors = results.filter((r) => r.level === 'error');
    assert.deepEqual(errors, [], run.stdout);
    // The one warning: no informationUri, as the package has no home page to point to yet.
    assert.deepEqual([...new Set(results.filter((r) => r.level === 'warning' || r.level === undefined).map((r) => r.ruleId))], ['SARIF2005']);
    assert.match(run.stdout, /4 files scanned/);
  });
});
