/**
 * Runs many lints in one process, for the robustness tests: `node --import tsx
 * lint-worker.ts JOB.json`. Each lint is the CLI's `main()` in-process, with its output
 * captured; after each one a line of JSON goes to stdout, so that the test (robustness.ts)
 * can time every run out on its own and tell which input hung or crashed the process.
 *
 * Jobs:
 * - `runs`: the given argument lists, each in its own working directory.
 * - `fuzz`: `cases` seeded corruptions of the files of `pristine`, applied one at a time to
 *   the copy in `work` and linted twice, with the cache and without: both must agree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import { mutate } from './mutations.js';

export interface Run {
  args: string[];
  cwd: string;
}

export type Job =
  | { kind: 'runs'; runs: Run[]; env: Record<string, string>; start: number }
  | { kind: 'fuzz'; pristine: string; work: string; files: string[]; seed: number; cases: number; start: number; deadline: number; env: Record<string, string> };

/** One line of output per run or case. */
export interface Report {
  index: number;
  status: number;
  stdout: string;
  stderr: string;
  ms: number;
  /** fuzz: what was done to which file. */
  mutation?: string;
  /** fuzz: the result without the cache, when it differs from the cached one. */
  uncached?: { status: number; stdout: string };
}

async function lint(args: string[], cwd: string, env: Record<string, string>): Promise<{ status: number; stdout: string; stderr: string; ms: number }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const started = performance.now();
  const status = await main(args, {
    cwd,
    env,
    stdout: { write: (text: string) => stdout.push(text) },
    stderr: { write: (text: string) => stderr.push(text) },
    stdoutIsTTY: false,
    readStdin: async () => '',
  });
  return { status, stdout: stdout.join(''), stderr: stderr.join(''), ms: performance.now() - started };
}

function emit(report: Report): void {
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

/** The JSON report without its duration, which differs between any two runs. */
function comparable(stdout: string): string {
  try {
    const report = JSON.parse(stdout) as { summary?: { durationMs?: number } };
    if (report.summary) report.summary.durationMs = 0;
    return JSON.stringify(report);
  } catch {
    return stdout;
  }
}

async function runJob(job: Job): Promise<void> {
  if (job.kind === 'runs') {
    for (let index = job.start; index < job.runs.length; index++) {
      const { args, cwd } = job.runs[index];
      emit({ index, ...(await lint(args, cwd, job.env)) });
    }
    return;
  }
  const originals = new Map(job.files.map((file) => [file, readFileSync(path.join(job.pristine, file))]));
  const args = ['--host', 'web-arm', '--format', 'json', '.'];
  for (let index = job.start; index < job.cases && Date.now() < job.deadline; index++) {
    for (const [file, bytes] of originals) writeFileSync(path.join(job.work, file), bytes);
    const mutation = mutate(job.seed + index, originals);
    for (const [file, bytes] of mutation.files) writeFileSync(path.join(job.work, file), bytes);
    const cached = await lint(args, job.work, job.env);
    // The lint without the cache also reads every file ahead of its parse (src/nix/syntax-checks.ts).
    const uncached = await lint([...args, '--no-cache'], job.work, { ...job.env, POWERSYNC_LINT_READ_AHEAD_AFTER: '0', POWERSYNC_LINT_SYNTAX_WORKER: 'off' });
    const same = cached.status === uncached.status && comparable(cached.stdout) === comparable(uncached.stdout);
    emit({ index, ...cached, mutation: mutation.description, uncached: same ? undefined : { status: uncached.status, stdout: uncached.stdout } });
  }
}

const job = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Job;
await runJob(job);
