/**
 * The lint cache (SPEC section 8): an unchanged tree is not linted twice.
 *
 * A lint is a deterministic function of the tool (its version and build), the policy, the
 * options that choose what to lint (--host, --entry) and the answers the SourceTree gave:
 * every file read (its text, or why it could not be read), every `kind` asked (what is a
 * file, what a directory — host discovery, directory imports, pathExists), every directory
 * listed, every executable bit. An ObservingTree records those answers while the lint runs;
 * the entry stores them with the result. A later run asks the tree the same questions, in
 * the same order; only when every answer is the same does it trust the stored result —
 * replaying the lint would have made the same queries and got the same answers.
 *
 * Everything goes through the SourceTree interface, so the same cache serves the working
 * tree and git's index (--staged). Texts are compared by SHA-256. The cache is best effort:
 * a missing, unreadable, corrupt or unwritable cache directory makes a lint uncached, never
 * wrong and never failed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../fix/atomic-write.js';
import type { ReadResult, SourceTree } from '../source/tree.js';
import { buildId } from './build-id.js';
import type { LintResult } from './lint.js';
import type { Policy } from './policy.js';

/** Bumped when the entry format changes. */
const ENTRY_FORMAT = 1;
/** Entries kept per cache directory; the least recently written go first. */
const MAX_ENTRIES = 200;
/** An entry larger than this is not worth reading back (a pathological tree). */
const MAX_ENTRY_BYTES = 32 * 1024 * 1024;

/** What the lint was asked to do, besides the tree: two lints with different keys never share an entry. */
export interface CacheKey {
  /** powersync-lint's version and build id (see toolIdentity). */
  tool: string;
  /** Absolute ROOT, as reported. */
  root: string;
  host?: string;
  entry?: string;
  /** Where the policy came from and a hash of its text; undefined when the defaults apply. */
  policy?: { source: string; sha256: string };
  /** Anything else that changes the result (`--staged`, …). */
  variant?: Record<string, string | boolean | number | undefined>;
}

/** One answer of the tree: operation, path, answer. */
type Observation = [op: 'r' | 'k' | 'l' | 'x', path: string, answer: string];

interface Entry {
  format: number;
  key: CacheKey;
  observations: Observation[];
  policy: Policy;
  result: LintResult;
}

export interface CachedLint {
  result: LintResult;
  /** The policy the result was computed with (parsed then; the key holds the text's hash). */
  policy: Policy;
}

/** Stands for the build id when running from source: no build vouches for the code, so
 * entries are trusted within this process only. */
const SOURCE_BUILD = `source-${process.pid}-${Date.now()}`;

/** The version and build of the running tool. */
export function toolIdentity(version: string): string {
  return `${version}+${buildId() ?? SOURCE_BUILD}`;
}

/**
 * Where entries live: `node_modules/.cache/powersync-lint` of the package that contains ROOT
 * (the nearest package.json above it, as other JavaScript tools do), else
 * `$XDG_CACHE_HOME/powersync-lint` (default `~/.cache`).
 */
export function defaultCacheDirectory(root: string, env: Readonly<Record<string, string | undefined>>): string {
  for (let dir = path.resolve(root); ; ) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'node_modules', '.cache', 'powersync-lint');
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const xdg = env.XDG_CACHE_HOME;
  // The XDG spec: a relative value is invalid and must be ignored.
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME || homedir(), '.cache');
  return path.join(base, 'powersync-lint');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

export class LintCache {
  private readonly file: string;

  constructor(
    readonly directory: string,
    readonly key: CacheKey,
  ) {
    this.file = path.join(directory, `${sha256(stableJson(key)).slice(0, 32)}.json`);
  }

  /** The stored result when every answer the tree gave for it is still the same. */
  lookup(tree: SourceTree): CachedLint | undefined {
    const entry = this.readEntry();
    if (!entry) return undefined;
    for (const [op, file, answer] of entry.observations) {
      if (observe(tree, op, file) !== answer) return undefined;
    }
    return { result: entry.result, policy: entry.policy };
  }

  /** A tree that records the answers `tree` gives, for `store`. */
  observe(tree: SourceTree): ObservingTree {
    return new ObservingTree(tree);
  }

  /** Stores the result; silently does nothing when the directory cannot be written or the
   * tree changed while it was linted. */
  store(tree: ObservingTree, policy: Policy, result: LintResult): void {
    const observations = tree.observations();
    if (!observations) return;
    const entry: Entry = { format: ENTRY_FORMAT, key: this.key, observations, policy, result };
    try {
      makeDirectories(this.directory);
      writeFileAtomic(this.file, JSON.stringify(entry));
      prune(this.directory, this.file);
    } catch {
      // A read-only or full disk, a directory we may not write: the lint stays uncached.
    }
  }

  private readEntry(): Entry | undefined {
    try {
      if (statSync(this.file).size > MAX_ENTRY_BYTES) return undefined;
      const entry = JSON.parse(readFileSync(this.file, 'utf8')) as Entry;
      const valid =
        entry?.format === ENTRY_FORMAT && stableJson(entry.key) === stableJson(this.key) && Array.isArray(entry.observations) && entry.result && entry.policy;
      return valid ? entry : undefined;
    } catch {
      // Missing (the first run) or unreadable or corrupt: a miss either way.
      return undefined;
    }
  }
}

/**
 * A SourceTree that passes every query through and remembers the answer. When the same
 * question gets two different answers (the tree changed while it was linted), the
 * observations are void and nothing is stored.
 */
export class ObservingTree implements SourceTree {
  readonly root: string;
  private readonly answers = new Map<string, Observation>();
  private inconsistent = false;

  constructor(private readonly inner: SourceTree) {
    this.root = inner.root;
  }

  kind(file: string): 'file' | 'dir' | undefined {
    const kind = this.inner.kind(file);
    this.record('k', file, kind ?? '');
    return kind;
  }

  read(file: string): ReadResult {
    const result = this.inner.read(file);
    this.record('r', file, readAnswer(result));
    return result;
  }

  isExecutable(file: string): boolean {
    const executable = this.inner.isExecutable(file);
    this.record('x', file, executable ? '1' : '0');
    return executable;
  }

  list(dir: string): string[] {
    const names = this.inner.list(dir);
    this.record('l', dir, listAnswer(names));
    return names;
  }

  /** The answers in the order first given; undefined when the tree contradicted itself. */
  observations(): Observation[] | undefined {
    return this.inconsistent ? undefined : [...this.answers.values()];
  }

  private record(op: Observation[0], file: string, answer: string): void {
    const id = `${op}\0${file}`;
    const earlier = this.answers.get(id);
    if (!earlier) this.answers.set(id, [op, file, answer]);
    else if (earlier[2] !== answer) this.inconsistent = true;
  }
}

function observe(tree: SourceTree, op: Observation[0], file: string): string {
  switch (op) {
    case 'r':
      return readAnswer(tree.read(file));
    case 'k':
      return tree.kind(file) ?? '';
    case 'x':
      return tree.isExecutable(file) ? '1' : '0';
    case 'l':
      return listAnswer(tree.list(file));
    default:
      return '\0unknown operation';
  }
}

function readAnswer(result: ReadResult): string {
  return result.ok ? `=${sha256(result.text)}` : `!${result.reason}`;
}

function listAnswer(names: readonly string[]): string {
  return sha256(names.join('\0'));
}

/** JSON with sorted keys, so that equal keys hash equally. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/**
 * `mkdir -p`, one component at a time, giving up at the first failure. (Node's recursive
 * mkdir retries forever where a parent exists but refuses children with ENOENT, as /proc does.)
 */
function makeDirectories(directory: string): void {
  const missing: string[] = [];
  let dir = path.resolve(directory);
  while (!existsSync(dir)) {
    missing.push(dir);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const each of missing.reverse()) mkdirSync(each);
}

/** Keeps the directory to MAX_ENTRIES entries, oldest first out; temporary files of writers
 * that died go too. */
function prune(directory: string, keep: string): void {
  const names = readdirSync(directory);
  if (names.length <= MAX_ENTRIES) return;
  const entries = names
    .map((name) => path.join(directory, name))
    .filter((file) => file !== keep)
    .map((file) => {
      try {
        return { file, mtime: statSync(file).mtimeMs };
      } catch {
        return { file, mtime: 0 };
      }
    })
    .sort((a, b) => a.mtime - b.mtime);
  for (const { file } of entries.slice(0, entries.length - MAX_ENTRIES + 1)) rmSync(file, { force: true });
}
