/**
 * Hostile trees: the example host with one thing a linter can trip over. Each must end, in
 * time, as a finding (or a cannot-verify naming the unknown value) with a clear message —
 * never an internal error, a hang or a crash.
 */
import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO } from '../helpers/lint-fixture.js';
import { problemOf, runInWorker, type Outcome } from './harness.js';

/** Generous: the CI machine may be busy. The point is that nothing runs unbounded. */
const LIMIT_MS = 30_000;
const DEPTH = 10_000;
const HOST = 'hosts/web-arm/configuration.nix';
const VHOST = 'modules/powersync/nginx.nix';

interface Case {
  name: string;
  /** Builds the hostile part into a copy of the example. */
  build(root: string): void;
  /** The finding that must be reported: rule and message. */
  expect: { ruleId: string; message: RegExp };
  /** Run as an unprivileged user (permissions mean nothing to root). */
  unprivileged?: boolean;
}

function importInto(root: string, ...targets: string[]): void {
  const file = path.join(root, HOST);
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace('    ./networking.nix\n', `    ./networking.nix\n${targets.map((t) => `    ${t}\n`).join('')}`));
}

/** Makes the vhost's extraConfig (read by vhost-proxy-timeouts) the given expression. */
function extraConfig(root: string, expression: string): void {
  const file = path.join(root, VHOST);
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf("extraConfig = ''");
  const end = text.indexOf("'';", start) + 3;
  writeFileSync(file, `${text.slice(0, start)}extraConfig = ${expression};${text.slice(end + 1)}`);
}

const cases: Case[] = [
  {
    name: 'an import cycle',
    build(root) {
      writeFileSync(path.join(root, 'hosts/web-arm/a.nix'), '{ imports = [ ./b.nix ]; }\n');
      writeFileSync(path.join(root, 'hosts/web-arm/b.nix'), '{ imports = [ ./a.nix ]; }\n');
      importInto(root, './a.nix');
    },
    expect: { ruleId: 'import-cycle', message: /import cycle: .*a\.nix → .*b\.nix → .*a\.nix/ },
  },
  {
    name: 'an import of /etc/passwd',
    build: (root) => importInto(root, '/etc/passwd'),
    expect: { ruleId: 'nix-import', message: /import of `\/etc\/passwd` outside ROOT is not followed/ },
  },
  {
    name: 'an import of ../.. outside ROOT',
    build: (root) => importInto(root, '../../../..'),
    expect: { ruleId: 'nix-import', message: /outside ROOT is not followed/ },
  },
  {
    name: 'builtins.readFile of a file outside ROOT',
    build: (root) => extraConfig(root, 'builtins.readFile /etc/passwd'),
    expect: { ruleId: 'cannot-verify', message: /`\/etc\/passwd` is outside ROOT/ },
  },
  {
    name: 'a symlink that points outside ROOT',
    build(root) {
      symlinkSync('/etc/passwd', path.join(root, 'hosts/web-arm/escape.nix'));
      importInto(root, './escape.nix');
    },
    expect: { ruleId: 'nix-import', message: /escape\.nix` cannot be read: symlink points outside ROOT/ },
  },
  {
    name: 'a 50 MB file',
    build(root) {
      writeFileSync(path.join(root, 'hosts/web-arm/huge.nix'), '{ }\n');
      truncateSync(path.join(root, 'hosts/web-arm/huge.nix'), 50 * 1024 * 1024);
      importInto(root, './huge.nix');
    },
    expect: { ruleId: 'nix-import', message: /huge\.nix` cannot be read: file is 50\.0 MB; the limit is 4 MB/ },
  },
  {
    name: 'a binary file named .nix',
    build(root) {
      writeFileSync(path.join(root, 'hosts/web-arm/binary.nix'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
      importInto(root, './binary.nix');
    },
    expect: { ruleId: 'nix-import', message: /binary\.nix` cannot be read: binary file/ },
  },
  {
    name: 'a directory named x.nix',
    build(root) {
      mkdirSync(path.join(root, 'hosts/web-arm/x.nix'));
      importInto(root, './x.nix');
    },
    expect: { ruleId: 'nix-import', message: /`hosts\/web-arm\/x\.nix` is a directory without a default\.nix/ },
  },
  {
    name: `a ${DEPTH}-level nested attrset`,
    build(root) {
      writeFileSync(path.join(root, 'hosts/web-arm/deep.nix'), `${'{ a = '.repeat(DEPTH)}"proxy_read_timeout 3600s;"${'; }'.repeat(DEPTH)}\n`);
      extraConfig(root, `(import ../../hosts/web-arm/deep.nix)${'.a'.repeat(DEPTH)}`);
    },
    expect: { ruleId: 'cannot-verify', message: /nested deeper than \d+ levels/ },
  },
  {
    name: `a ${DEPTH}-level nested attrset written as one dotted path, merged as a module`,
    build(root) {
      writeFileSync(path.join(root, 'hosts/web-arm/dotted.nix'), `{ ${Array.from({ length: DEPTH }, () => 'a').join('.')} = 1; imports = [ ./missing.nix ]; }\n`);
      importInto(root, './dotted.nix');
    },
    expect: { ruleId: 'nix-import', message: /missing\.nix` cannot be read: no such file/ },
  },
  {
    name: `${DEPTH} nested parentheses`,
    build: (root) => extraConfig(root, `${'('.repeat(DEPTH)}"proxy_read_timeout 3600s;"${')'.repeat(DEPTH)}`),
    expect: { ruleId: 'cannot-verify', message: /nested deeper than \d+ levels/ },
  },
  {
    name: `${DEPTH} nested lists`,
    build: (root) => extraConfig(root, `toString ${'[ '.repeat(DEPTH)}"proxy_read_timeout 3600s;"${' ]'.repeat(DEPTH)}`),
    // Rendering nests deeper than evaluating; the stack's own limit is the last resort.
    expect: { ruleId: 'cannot-verify', message: /nested deeper than \d+ levels|evaluation ran out of resources/ },
  },
  {
    name: 'an unreadable file',
    unprivileged: true,
    build(root) {
      writeFileSync(path.join(root, 'hosts/web-arm/locked.nix'), '{ }\n');
      chmodSync(path.join(root, 'hosts/web-arm/locked.nix'), 0o000);
      importInto(root, './locked.nix');
    },
    expect: { ruleId: 'nix-import', message: /locked\.nix` cannot be read: permission denied/ },
  },
];

describe('hostile trees end as findings, in time', () => {
  let scratch: string;
  const outcomes = new Map<string, Outcome>();
  const asRoot = process.getuid?.() === 0;

  before(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'powersync-lint-hostile-'));
    // Readable by an unprivileged worker; only the files meant to be unreadable are not.
    chmodSync(scratch, 0o755);
    const roots = cases.map((c, i) => {
      const root = path.join(scratch, `case-${i}`);
      cpSync(`${REPO}fixtures/web-arm`, root, { recursive: true });
      c.build(root);
      return root;
    });
    const args = (root: string) => ({ args: ['--format', 'json', '--no-cache', '--host', 'web-arm', root], cwd: root });
    const env = { NO_COLOR: '1' };
    const plain = cases.map((c, i) => ({ c, root: roots[i] })).filter(({ c }) => !c.unprivileged);
    const results = await runInWorker({ kind: 'runs', runs: plain.map(({ root }) => args(root)), env, start: 0 }, { limitMs: LIMIT_MS });
    plain.forEach(({ c }, i) => outcomes.set(c.name, results[i]));
    const locked = cases.map((c, i) => ({ c, root: roots[i] })).filter(({ c }) => c.unprivileged);
    // As root, a worker that drops to nobody sees the permissions the case is about.
    const user = asRoot ? { uid: 65534, gid: 65534 } : {};
    const lockedResults = await runInWorker({ kind: 'runs', runs: locked.map(({ root }) => args(root)), env: { ...env, HOME: scratch }, start: 0 }, { limitMs: LIMIT_MS, ...user });
    locked.forEach(({ c }, i) => outcomes.set(c.name, lockedResults[i]));
  });

  after(() => rmSync(scratch, { recursive: true, force: true }));

  for (const c of cases) {
    it(c.name, () => {
      const outcome = outcomes.get(c.name)!;
      assert.equal(problemOf(outcome, { json: true }), undefined);
      assert.ok('status' in outcome && outcome.ms < LIMIT_MS);
      const report = JSON.parse('stdout' in outcome ? outcome.stdout : '{}') as { findings: { ruleId: string; message: string }[] };
      const matching = report.findings.filter((f) => f.ruleId === c.expect.ruleId && c.expect.message.test(f.message));
      assert.ok(matching.length > 0, `no ${c.expect.ruleId} finding matching ${c.expect.message}; findings:\n${report.findings.map((f) => `${f.ruleId}: ${f.message}`).join('\n')}`);
    });
  }
});
