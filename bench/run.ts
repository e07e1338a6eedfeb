/**
 * `npm run bench`: the performance targets of SPEC section 8, each a ratio measured side by
 * side in this one run on this machine. Commands are timed as whole processes (spawn to
 * exit) and interleaved — A, B, A, B … — so that a change in the machine's load affects both
 * sides of a ratio alike; each figure is the median of the runs.
 *
 * (a) the example repo against bare `node -e 0`: nothing changed since the last run (warm
 *     cache), and the first run (no cache);
 * (b) a generated host whose entry reaches 3,000 .nix files against bare node plus a raw
 *     tree-sitter parse of the same files in one process (bench/raw-parse.mjs), and the
 *     lint's peak RSS;
 * (c) web-arm linted with --host in a generated 200-host repo against web-arm alone.
 *
 * Environment: BENCH_RUNS (runs per command, default 15), BENCH_KEEP=1 keeps the generated
 * trees. Exit status 1 when a goal is missed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { exampleRepo, largeHost, manyHosts, REPO_ROOT } from './generate.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const BIN = path.join(REPO_ROOT, 'bin', 'powersync-lint');
const RAW_PARSE = path.join(REPO_ROOT, 'bench', 'raw-parse.mjs');

interface Command {
  name: string;
  argv: string[];
  env?: Record<string, string>;
  /** Runs before each timed run, not timed (clearing the cache for a first run). */
  before?: () => void;
}

/** Median wall time of each command in ms, the commands interleaved run by run. */
function timeInterleaved(commands: Command[], runs: number): number[] {
  const samples = commands.map(() => [] as number[]);
  // One untimed round: the file system cache and the lint cache start as in steady use.
  for (const command of commands) run(command);
  for (let i = 0; i < runs; i++) {
    commands.forEach((command, k) => {
      command.before?.();
      samples[k].push(run(command));
    });
  }
  return samples.map(median);
}

function run(command: Command): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command.argv[0], command.argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...command.env } });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${command.name}: exit ${result.status ?? result.signal}\n${result.stderr}`);
  return elapsed;
}

/** Peak resident set size of a command in MiB (the child reports its own at exit). */
function peakRss(command: Command): number {
  const probe = path.join(tmpdir(), `powersync-lint-rss-${process.pid}.mjs`);
  writeFileSync(probe, "import { writeSync } from 'node:fs';\nprocess.on('exit', () => writeSync(2, `\\nmaxRSS=${process.resourceUsage().maxRSS}\\n`));\n");
  try {
    const [node, ...rest] = command.argv;
    const result = spawnSync(node, ['--import', `file://${probe}`, ...rest], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...command.env } });
    const kb = Number(/maxRSS=(\d+)/.exec(result.stderr)?.[1]);
    return kb / 1024;
  } finally {
    rmSync(probe, { force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

interface Row {
  name: string;
  value: string;
  ratio?: number;
  goal?: string;
  ok?: boolean;
}

const rows: Row[] = [];
function row(name: string, ms: number, base?: number, goal?: number): void {
  const ratio = base === undefined ? undefined : ms / base;
  rows.push({ name, value: `${ms.toFixed(1)} ms`, ratio, goal: goal === undefined ? undefined : `≤ ${goal}×`, ok: goal === undefined || ratio === undefined ? undefined : ratio <= goal });
}

function print(): void {
  const width = Math.max(...rows.map((r) => r.name.length));
  const lines = rows.map((r) => {
    const ratio = r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`;
    const verdict = r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED';
    return `${r.name.padEnd(width)}  ${r.value.padStart(11)}  ${ratio.padStart(7)}  ${(r.goal ?? '').padEnd(9)} ${verdict}`.trimEnd();
  });
  process.stdout.write(`${lines.join('\n')}\n`);
}

const scratch = mkdtempSync(path.join(tmpdir(), 'powersync-lint-bench-'));
try {
  process.stdout.write(`powersync-lint bench: ${RUNS} runs per command, medians; ${availableParallelism()} × ${cpus()[0]?.model.trim() ?? 'CPU'}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n\n`);
  const node: Command = { name: 'node -e 0', argv: [process.execPath, '-e', '0'] };
  const lint = (root: string, ...args: string[]): string[] => [process.execPath, BIN, ...args, root];

  // (a) The example: warm (the untimed round filled the cache) and first run (cache cleared).
  const example = exampleRepo(path.join(scratch, 'example'));
  const warmCache = path.join(scratch, 'cache-warm');
  const coldCache = path.join(scratch, 'cache-cold');
  const [bare, warm, cold] = timeInterleaved(
    [
      node,
      { name: 'warm', argv: lint(example), env: { XDG_CACHE_HOME: warmCache } },
      { name: 'cold', argv: lint(example), env: { XDG_CACHE_HOME: coldCache }, before: () => rmSync(coldCache, { recursive: true, force: true }) },
    ],
    RUNS,
  );
  row('(a) node -e 0', bare);
  row('(a) example, cache warm', warm, bare, 2.5);
  row('(a) example, first run (no cache)', cold, bare, 6);

  // (b) 3,000 files reached from one host; the lint without its cache.
  const large = largeHost(path.join(scratch, 'large'), 3000);
  const list = path.join(scratch, 'large-files.txt');
  writeFileSync(list, `${large.reached.join('\n')}\n`);
  const raw: Command = { name: 'raw parse', argv: [process.execPath, RAW_PARSE, large.root, list] };
  const full: Command = { name: 'lint 3000', argv: lint(large.root, '--no-cache', '--host', 'web-arm', '--format', 'json') };
  const [rawMs, fullMs] = timeInterleaved([raw, full], Math.max(5, Math.round(RUNS / 2)));
  row(`(b) node + raw tree-sitter parse of ${large.reached.length} files`, rawMs);
  row(`(b) lint, host reaching ${large.reached.length} files, no cache`, fullMs, rawMs, 1.5);
  const rss = peakRss(full);
  rows.push({ name: '(b) lint peak RSS', value: `${rss.toFixed(0)} MiB`, goal: '< 200 MiB', ok: rss < 200 });

  // (c) The same host, alone and among 200 others; both without the cache.
  const fleet = manyHosts(path.join(scratch, 'fleet'), 200);
  const [alone, among] = timeInterleaved(
    [
      { name: 'alone', argv: lint(example, '--no-cache', '--host', 'web-arm') },
      { name: 'among', argv: lint(fleet.root, '--no-cache', '--host', 'web-arm') },
    ],
    RUNS,
  );
  row('(c) web-arm alone, no cache', alone);
  row(`(c) web-arm in a ${fleet.hosts.length + 2}-host repo, --host, no cache`, among, alone, 1.2);

  print();
  if (rows.some((r) => r.ok === false)) process.exitCode = 1;
} finally {
  if (process.env.BENCH_KEEP === '1') process.stdout.write(`\ntrees kept in ${scratch}\n`);
  else rmSync(scratch, { recursive: true, force: true });
}
