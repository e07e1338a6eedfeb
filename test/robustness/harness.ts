/**
 * Drives test/robustness/lint-worker.ts: sends it a job, reads one report per run, and
 * holds every run to a time limit. A run that exceeds it (a hang) or ends the process (a
 * crash: a stack overflow, the native parser) is recorded against that run, and a fresh
 * worker carries on with the next one.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Job, Report } from './lint-worker.js';

const WORKER = fileURLToPath(new URL('./lint-worker.ts', import.meta.url));

export type Outcome = Report | { index: number; failure: 'hang' | 'crash'; detail: string };

export interface HarnessOptions {
  /** Time limit of one run (for fuzz cases: of the two lints of a case). */
  limitMs: number;
  /** Run the worker as this user and group (to test permissions when running as root). */
  uid?: number;
  gid?: number;
}

/** Runs `job` to its end; one outcome per run, in order. */
export async function runInWorker(job: Job, options: HarnessOptions): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const scratch = mkdtempSync(path.join(tmpdir(), 'powersync-lint-worker-'));
  try {
    let start = job.start;
    for (;;) {
      const jobFile = path.join(scratch, `job-${start}.json`);
      writeFileSync(jobFile, JSON.stringify({ ...job, start }), { mode: 0o644 });
      // A worker run as another user must be able to read its job.
      if (options.uid !== undefined) chmodSync(scratch, 0o755);
      const ended = await oneWorker(jobFile, options, (report) => outcomes.push(report));
      if (ended.kind === 'done') return outcomes;
      const index = outcomes.length === 0 ? start : outcomes[outcomes.length - 1].index + 1;
      outcomes.push({ index, failure: ended.kind, detail: ended.detail });
      start = index + 1;
      if (job.kind === 'runs' && start >= job.runs.length) return outcomes;
      if (job.kind === 'fuzz' && (start >= job.cases || Date.now() >= job.deadline)) return outcomes;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

type Ended = { kind: 'done' } | { kind: 'hang' | 'crash'; detail: string };

function oneWorker(jobFile: string, options: HarnessOptions, onReport: (report: Report) => void): Promise<Ended> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, jobFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
      uid: options.uid,
      gid: options.gid,
    });
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    let hung = false;
    // The first run also pays for starting the worker (tsx, the parser).
    const arm = (limit: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        hung = true;
        child.kill('SIGKILL');
      }, limit);
    };
    arm(options.limitMs + 30_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      arm(options.limitMs);
      onReport(JSON.parse(line) as Report);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (hung) resolve({ kind: 'hang', detail: `no answer within ${options.limitMs} ms` });
      else if (code === 0) resolve({ kind: 'done' });
      else resolve({ kind: 'crash', detail: `worker exited with ${signal ?? code}: ${stderr.trim()}` });
    });
  });
}

/** What is wrong with a run's result: not exit 0-2, an internal error, or (with --format json
 * and exit 0 or 1) a report that is not the JSON report; undefined when nothing is. */
export function problemOf(outcome: Outcome, { json }: { json: boolean }): string | undefined {
  if ('failure' in outcome) return `${outcome.failure}: ${outcome.detail}`;
  if (outcome.status === 3 || /internal error/.test(outcome.stderr)) return `internal error (exit ${outcome.status}): ${outcome.stderr.trim()}`;
  if (![0, 1, 2].includes(outcome.status)) return `exit ${outcome.status}`;
  if (outcome.status === 2) return outcome.stdout === '' ? undefined : `exit 2 with output on stdout: ${outcome.stdout.slice(0, 200)}`;
  if (!json) return undefined;
  try {
    const report = JSON.parse(outcome.stdout) as { version?: unknown; findings?: unknown; summary?: unknown };
    if (report.version !== 1 || !Array.isArray(report.findings) || typeof report.summary !== 'object') return `not the JSON report: ${outcome.stdout.slice(0, 200)}`;
  } catch {
    return `stdout is not JSON: ${outcome.stdout.slice(0, 200)}`;
  }
  return undefined;
}
