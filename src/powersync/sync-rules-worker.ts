/**
 * PowerSync's sync-rules validator runs in a worker thread, for two reasons:
 *
 * - Loading it is a fixed cost of tens of milliseconds. Started when a lint starts
 *   (`startSyncRulesWorker`), it loads on another core while the lint evaluates the host's
 *   Nix, and is ready when the sync-rules rule needs it.
 * - Its SQL parser is an Earley parser: a pathological file could keep it busy for minutes.
 *   The wait has a time limit; past it the worker is stopped and the rule says so, instead
 *   of the linter hanging.
 *
 * The rules are synchronous, so the main thread waits for the answer with Atomics.wait on a
 * shared flag the worker raises after posting it. When no worker can be started, the caller
 * validates in-process.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { vendoredFile } from './vendored.js';

/** What PowerSync's `SqlSyncRules.fromYaml` said, as plain data. */
export type WorkerOutcome =
  | { kind: 'errors'; errors: { message: string; type?: 'warning' | 'fatal'; location?: { start: number; end: number } }[] }
  /** fromYaml threw (it does on input it cannot make sense of at all). */
  | { kind: 'thrown'; message: string }
  | { kind: 'timeout'; seconds: number };

/** Long enough for any real sync rules on a busy machine; short enough not to be a hang. */
export const SYNC_RULES_TIME_LIMIT_MS = 15_000;

interface Running {
  worker: Worker;
  port: MessagePort;
  /** The id of the last answer posted (requests are answered in order); -1 when the worker failed. */
  flag: Int32Array;
  nextId: number;
  /** Requests posted ahead (prevalidateSyncRules), by text. */
  posted: Map<string, number>;
  /** Answers received for requests not asked for yet. */
  answers: Map<number, WorkerOutcome>;
}

/** undefined: not started yet; null: cannot be started here (validate in-process). */
let running: Running | null | undefined;

/**
 * The worker's program (CommonJS): load the validator — the bundle with its code cache the
 * way src/powersync/vendored.ts does, or the package when running from source — then answer
 * each request on the port.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { port, signal, bundle, specifier, base } = workerData;
const flag = new Int32Array(signal);
const raise = (value) => { Atomics.store(flag, 0, value); Atomics.notify(flag, 0); };
process.on('uncaughtException', () => raise(-1));
if (typeof Object.groupBy !== 'function') {
  Object.defineProperty(Object, 'groupBy', { configurable: true, writable: true, value(items, keyOf) {
    const groups = Object.create(null);
    let index = 0;
    for (const item of items) (groups[keyOf(item, index++)] ??= []).push(item);
    return groups;
  } });
}
let rules, loadError;
try {
  const { createRequire } = require('node:module');
  if (bundle) {
    const fs = require('node:fs'), path = require('node:path'), vm = require('node:vm');
    let cachedData;
    try { cachedData = fs.readFileSync(bundle + '.cache'); } catch {}
    const script = new vm.Script('(function (exports, require, module, __filename, __dirname) {' + fs.readFileSync(bundle, 'utf8') + '\\n})', { filename: bundle, cachedData });
    const module = { exports: {} };
    script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
    rules = module.exports;
  } else {
    rules = createRequire(base)(specifier);
  }
} catch (error) {
  loadError = String(error && error.message || error);
}
port.on('message', ({ id, text }) => {
  let reply;
  try {
    if (!rules) throw new Error(loadError);
    const { errors } = rules.SqlSyncRules.fromYaml(text, { defaultSchema: 'public', throwOnError: false });
    reply = { id, kind: 'errors', errors: errors.map((e) => ({ message: String(e.message), type: e.type, location: e.location && { start: e.location.start, end: e.location.end } })) };
  } catch (error) {
    reply = { id, kind: 'thrown', message: String(error && error.message || error) };
  }
  port.postMessage(reply);
  raise(id);
});
`;

/** Starts the worker (once per process); the lint calls it first, so that loading overlaps. */
export function startSyncRulesWorker(): void {
  if (running !== undefined) return;
  try {
    const { port1, port2 } = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { port: port2, signal, bundle: vendoredFile('service-sync-rules.cjs'), specifier: '@powersync/service-sync-rules', base: import.meta.url },
      transferList: [port2],
      // A runaway parse fails the worker, not the linter.
      resourceLimits: { maxOldGenerationSizeMb: 1024 },
      stdout: true,
      stderr: true,
    });
    // Neither keeps the process alive: a lint that never validates sync rules exits at once.
    worker.unref();
    port1.unref();
    const flag = new Int32Array(signal);
    worker.on('error', () => Atomics.store(flag, 0, -1));
    running = { worker, port: port1, flag, nextId: 1, posted: new Map(), answers: new Map() };
  } catch {
    running = null;
  }
}

/**
 * Posts the text to the worker without waiting for the answer: the host model calls this as
 * soon as it has found the sync rules, so that they are validated while the other rules run.
 */
export function prevalidateSyncRules(text: string): void {
  startSyncRulesWorker();
  if (!running || running.posted.has(text)) return;
  const id = running.nextId++;
  running.port.postMessage({ id, text });
  running.posted.set(text, id);
}

/** Validates in the worker; undefined when there is no worker (validate in-process). */
export function validateInWorker(text: string, timeLimitMs = SYNC_RULES_TIME_LIMIT_MS): WorkerOutcome | undefined {
  startSyncRulesWorker();
  if (!running) return undefined;
  const current = running;
  let id = current.posted.get(text);
  current.posted.delete(text);
  if (id === undefined) {
    id = current.nextId++;
    current.port.postMessage({ id, text });
  }
  const deadline = Date.now() + timeLimitMs;
  for (;;) {
    const seen = Atomics.load(current.flag, 0);
    if (seen >= id) break;
    if (seen === -1) {
      // The worker died (out of memory, say) on this input: next time, start a fresh one.
      stop(current);
      return { kind: 'thrown', message: 'the validator stopped on this file (out of memory)' };
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      stop(current);
      return { kind: 'timeout', seconds: Math.round(timeLimitMs / 1000) };
    }
    Atomics.wait(current.flag, 0, seen, left);
  }
  for (let received = receiveMessageOnPort(current.port); received; received = receiveMessageOnPort(current.port)) {
    const answer = received.message as WorkerOutcome & { id: number };
    current.answers.set(answer.id, answer);
  }
  const answer = current.answers.get(id);
  current.answers.delete(id);
  return answer;
}

function stop(current: Running): void {
  void current.worker.terminate();
  current.port.close();
  if (running === current) running = undefined;
}
