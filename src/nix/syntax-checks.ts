/**
 * Where tree-sitter parses the files a lint reads, and when its verdict is needed.
 *
 * The evaluator reads a file's syntax from its text (src/nix/read.ts), and trusts that
 * reading only for a file tree-sitter parses without an error. Parsing is the largest single
 * cost of linting a big host, and nothing but that verdict depends on it; so past the first
 * few files (a small host is parsed at once, as always) a lint reads ahead: each file is
 * evaluated from its text while a worker thread parses it on the other core, and `settle`
 * collects the verdicts when the lint is done. Should a file read ahead turn out to have a
 * syntax error, what was evaluated from it cannot be trusted, and the caller lints again,
 * parsing every file before it is evaluated (`inlineChecks`). Correctness never depends on
 * the worker: a verdict it did not give (it could not start, it stalled) is parsed here.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { parseNix, pendingNix, type ParsedNix, type PendingNix } from './parse.js';

export interface SyntaxChecks {
  /** `text` parsed, or handed out with its verdict to come. */
  parse(text: string, file: string): ParsedNix;
  /**
   * Collects every verdict still to come. True when a file whose syntax was read before its
   * verdict has errors in tree-sitter's tree: what was evaluated from it must be evaluated
   * again.
   */
  settle(): boolean;
}

/** Every file parsed before it is evaluated. */
export const inlineChecks: SyntaxChecks = {
  parse: parseNix,
  settle: () => false,
};

export interface ReadAheadOptions {
  /** Files parsed at once before reading ahead starts: a small host never starts a worker. */
  inlineFirst: number;
  /** Parse in a worker thread; false parses the files read ahead here, in `settle` (tests). */
  worker: boolean;
}

/** Defaults, adjustable for tests: POWERSYNC_LINT_READ_AHEAD_AFTER, POWERSYNC_LINT_SYNTAX_WORKER=off. */
export function readAheadOptions(env: NodeJS.ProcessEnv = process.env): ReadAheadOptions {
  const after = Number(env.POWERSYNC_LINT_READ_AHEAD_AFTER);
  return { inlineFirst: Number.isInteger(after) && after >= 0 ? after : 64, worker: env.POWERSYNC_LINT_SYNTAX_WORKER !== 'off' };
}

export class ReadAheadChecks implements SyntaxChecks {
  private parsedInline = 0;
  private readonly handedOut: PendingNix[] = [];
  private worker: SyntaxWorker | null | undefined;

  constructor(private readonly options: ReadAheadOptions) {}

  parse(text: string, file: string): ParsedNix {
    if (this.parsedInline < this.options.inlineFirst) {
      this.parsedInline++;
      return parseNix(text, file);
    }
    const parsed = pendingNix(text, file);
    if (this.options.worker) {
      if (this.worker === undefined) this.worker = SyntaxWorker.start();
      this.worker?.post(this.handedOut.length, text);
    }
    this.handedOut.push(parsed);
    return parsed;
  }

  settle(): boolean {
    const verdicts = this.worker?.collect(this.handedOut.length);
    this.worker = undefined;
    this.handedOut.forEach((parsed, id) => {
      const verdict = verdicts?.[id];
      // 0: no verdict from the worker; parsing here gives it (and the errors to report).
      if (verdict === CLEAN || verdict === ERRORS) parsed.settle(verdict === ERRORS);
      else void parsed.root;
    });
    return this.handedOut.some((parsed) => parsed.readAhead === true && parsed.treeHasErrors === true);
  }
}

const CLEAN = 1;
const ERRORS = 2;
/** Files read ahead beyond this many are parsed here, in `settle`. */
const CAPACITY = 1 << 20;
const BATCH = 16;
/** The worker is given up when it has answered nothing for this long. */
const STALL_MS = 5_000;

/**
 * The worker's program (CommonJS): parse each text posted and record whether the tree has
 * an error in the shared verdicts (one byte per file), then move the count of answers on.
 * The main thread reads the bytes after waiting on the count: no message to receive.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs'), os = require('node:os'), path = require('node:path'), Module = require('node:module');
const { port, shared, base } = workerData;
const answered = new Int32Array(shared, 0, 1);
const verdicts = new Uint8Array(shared, 4);
const give = (count) => { Atomics.store(answered, 0, count); Atomics.notify(answered, 0); };
// tree-sitter's addons are not context-aware: each file registers once per process, and the
// main thread may have loaded them. A private copy is another file: the worker loads copies
// (from a fresh directory only this user can write) in place of the originals.
function loadCopies(load) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'powersync-lint-addon-'));
  try {
    for (const [name, addon] of [['tree-sitter', 'tree_sitter_runtime_binding'], ['tree-sitter-nix', 'tree_sitter_nix_binding']]) {
      const original = path.join(path.dirname(load.resolve(name + '/package.json')), 'build', 'Release', addon + '.node');
      const copy = path.join(dir, addon + '.node');
      fs.copyFileSync(original, copy);
      const module = new Module(original);
      process.dlopen(module, copy);
      module.filename = original;
      module.loaded = true;
      Module._cache[original] = module;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
let parser;
try {
  const load = Module.createRequire(base);
  loadCopies(load);
  const Parser = load('tree-sitter');
  parser = new Parser();
  parser.setLanguage(load('tree-sitter-nix'));
} catch {
  give(-1);
}
port.on('message', ({ first, texts }) => {
  if (!parser) return;
  texts.forEach((text, i) => {
    verdicts[first + i] = parser.parse(text).rootNode.hasError() ? ${ERRORS} : ${CLEAN};
    give(first + i + 1);
  });
});
`;

class SyntaxWorker {
  private readonly answered: Int32Array;
  private readonly verdicts: Uint8Array;

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    shared: SharedArrayBuffer,
  ) {
    this.answered = new Int32Array(shared, 0, 1);
    this.verdicts = new Uint8Array(shared, 4);
  }

  /** undefined when no worker can be started here (the verdicts are then parsed in `settle`). */
  static start(): SyntaxWorker | null {
    try {
      const shared = new SharedArrayBuffer(4 + CAPACITY);
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { port: port2, shared, base: import.meta.url },
        transferList: [port2],
        stdout: true,
        stderr: true,
        // A tree's memory is native, freed when the GC collects its small JS object: a small
        // young generation collects them promptly (measured: 12 MB less peak RSS, 3,000 files).
        resourceLimits: { maxYoungGenerationSizeMb: 1 },
      });
      // Neither keeps the process alive.
      worker.unref();
      port1.unref();
      return new SyntaxWorker(worker, port1, shared);
    } catch {
      return null;
    }
  }

  /** Texts posted in batches: a message costs more than a short text in it. */
  private batch: string[] = [];
  private batchFirst = 0;

  post(id: number, text: string): void {
    if (id >= CAPACITY) return;
    if (this.batch.length === 0) this.batchFirst = id;
    this.batch.push(text);
    if (this.batch.length === BATCH) this.flush();
  }

  private flush(): void {
    if (this.batch.length > 0) this.port.postMessage({ first: this.batchFirst, texts: this.batch });
    this.batch = [];
  }

  /** Waits until the worker has answered `count` files, gave up, or stalled; then stops it. */
  collect(count: number): Uint8Array {
    this.flush();
    const wanted = Math.min(count, CAPACITY);
    let seen = Atomics.load(this.answered, 0);
    let progressAt = Date.now();
    while (seen >= 0 && seen < wanted && Date.now() - progressAt < STALL_MS) {
      Atomics.wait(this.answered, 0, seen, 100);
      const now = Atomics.load(this.answered, 0);
      if (now !== seen) progressAt = Date.now();
      seen = now;
    }
    void this.worker.terminate();
    this.port.close();
    return this.verdicts;
  }
}
