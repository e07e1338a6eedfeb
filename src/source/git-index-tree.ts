/** The tree that `git commit` would record: the files in git's index (`--staged`), read with
 * git itself. `git ls-files -s -z` lists the index once; the blobs the linter reads (`.nix`,
 * YAML, JSON, shell scripts) come in one `git cat-file --batch` on the first read, anything
 * else on demand. A file deleted in the index is absent even when it is still on disk; a file
 * staged and then edited reads as staged. Works in a repository without commits. */
import { spawnSync } from 'node:child_process';
import { posix, resolve } from 'node:path';
import { UsageError } from '../engine/errors.js';
import { MAX_FILE_BYTES, type ReadResult, type SourceTree } from './tree.js';

const BINARY_PROBE_BYTES = 8 * 1024;
/** Blobs read in the first batch: what the linter reads (modules, YAML, the update helper). */
const PREFETCHED = /\.(nix|ya?ml|json|sh)$/;
const MAX_SYMLINK_HOPS = 40;
const GIT_PATH_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR'];

interface Entry {
  mode: string;
  oid: string;
  /** 0, or 1-3 for the sides of an unresolved merge conflict. */
  stage: number;
}

export class GitIndexTree implements SourceTree {
  readonly root: string;
  private readonly entries = new Map<string, Entry>();
  private readonly dirs = new Map<string, Set<string>>();
  private readonly blobs = new Map<string, ReadResult>();
  private prefetched = false;
  private readonly env: NodeJS.ProcessEnv;

  /** Throws UsageError when ROOT is not inside a git work tree. */
  constructor(root: string, env: NodeJS.ProcessEnv = process.env) {
    this.root = resolve(root);
    this.env = gitEnvironment(env);
    const listing = this.git(['ls-files', '--stage', '-z'], undefined);
    if (listing.status !== 0) {
      const message = listing.stderr.toString('utf8').trim().replace(/^fatal: /, '');
      throw new UsageError(`--staged: cannot read git's index for ${root}: ${message || `git exited with ${listing.status}`}`);
    }
    this.dirs.set('', new Set());
    for (const record of listing.stdout.toString('utf8').split('\0')) {
      if (record === '') continue;
      const tab = record.indexOf('\t');
      const [mode, oid, stage] = record.slice(0, tab).split(' ');
      this.add(record.slice(tab + 1), { mode, oid, stage: Number(stage) });
    }
  }

  kind(path: string): 'file' | 'dir' | undefined {
    const resolved = this.resolve(path);
    if (resolved === undefined) return undefined;
    if (this.dirs.has(resolved)) return 'dir';
    const entry = this.entries.get(resolved);
    return entry && entry.mode !== '160000' ? 'file' : undefined;
  }

  read(path: string): ReadResult {
    const outside = outsideRoot(path);
    if (outside) return { ok: false, reason: outside };
    const resolved = this.resolve(path);
    if (resolved === undefined) return { ok: false, reason: 'no such file in the index (or a symlink that leaves ROOT)' };
    if (this.dirs.has(resolved)) return { ok: false, reason: 'is a directory, not a file' };
    const entry = this.entries.get(resolved);
    if (!entry) return { ok: false, reason: 'no such file in the index' };
    if (entry.mode === '160000') return { ok: false, reason: 'a submodule, not a file' };
    if (entry.stage !== 0) return { ok: false, reason: 'unmerged in the index (resolve the conflict and stage the file)' };
    if (!this.prefetched) this.prefetch();
    let result = this.blobs.get(entry.oid);
    if (!result) {
      result = this.readBlobs([entry.oid]).get(entry.oid) ?? { ok: false, reason: 'git cat-file could not read the blob' };
      this.blobs.set(entry.oid, result);
    }
    return result;
  }

  isExecutable(path: string): boolean {
    const resolved = this.resolve(path);
    return resolved !== undefined && this.entries.get(resolved)?.mode === '100755';
  }

  list(path: string): string[] {
    const resolved = this.resolve(path);
    const names = resolved === undefined ? undefined : this.dirs.get(resolved);
    return names ? [...names].sort() : [];
  }

  private add(path: string, entry: Entry): void {
    const existing = this.entries.get(path);
    // During a conflict the index holds stages 1-3 of a path: keep one, marked unmerged.
    if (existing && existing.stage === 0) return;
    this.entries.set(path, entry);
    let child = path;
    for (let dir = posix.dirname(path); ; dir = posix.dirname(dir)) {
      const key = dir === '.' ? '' : dir;
      const names = this.dirs.get(key);
      if (names) {
        names.add(posix.basename(child));
        break;
      }
      this.dirs.set(key, new Set([posix.basename(child)]));
      if (key === '') break;
      child = dir;
    }
  }

  /** The index path a ROOT-relative path names, following symlinks that stay inside ROOT
   * (as DiskTree does on disk). */
  private resolve(path: string): string | undefined {
    if (outsideRoot(path)) return undefined;
    let current = normal(path);
    for (let hops = 0; hops <= MAX_SYMLINK_HOPS; hops++) {
      const link = this.symlinkPrefix(current);
      if (!link) return this.entries.has(current) || this.dirs.has(current) ? current : undefined;
      const target = this.symlinkTarget(link.oid);
      if (target === undefined || posix.isAbsolute(target)) return undefined;
      const replaced = posix.join(posix.dirname(link.path), target, current.slice(link.path.length));
      if (outsideRoot(replaced)) return undefined;
      current = normal(replaced);
    }
    return undefined;
  }

  /** The first component of `path` that is a symlink in the index. */
  private symlinkPrefix(path: string): { path: string; oid: string } | undefined {
    if (path === '') return undefined;
    const parts = path.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      const entry = this.entries.get(prefix);
      if (entry?.mode === '120000') return { path: prefix, oid: entry.oid };
      if (!this.dirs.has(prefix)) return undefined;
    }
    return undefined;
  }

  private symlinkTarget(oid: string): string | undefined {
    let result = this.blobs.get(oid);
    if (!result) {
      result = this.readBlobs([oid]).get(oid) ?? { ok: false, reason: 'unreadable' };
      this.blobs.set(oid, result);
    }
    return result.ok ? result.text : undefined;
  }

  /** Every blob the linter is likely to read, in one git process. */
  private prefetch(): void {
    this.prefetched = true;
    const wanted = new Set<string>();
    for (const [path, entry] of this.entries) {
      if (entry.stage === 0 && (entry.mode === '100644' || entry.mode === '100755') && PREFETCHED.test(path) && !this.blobs.has(entry.oid)) wanted.add(entry.oid);
    }
    if (wanted.size === 0) return;
    for (const [oid, result] of this.readBlobs([...wanted])) this.blobs.set(oid, result);
  }

  /** `git cat-file --batch` over the ids: `<oid> blob <size>\n<content>\n` each. */
  private readBlobs(oids: string[]): Map<string, ReadResult> {
    const results = new Map<string, ReadResult>();
    const batch = this.git(['cat-file', '--batch'], `${oids.join('\n')}\n`);
    if (batch.status !== 0) {
      for (const oid of oids) results.set(oid, { ok: false, reason: `git cat-file failed: ${batch.stderr.toString('utf8').trim()}` });
      return results;
    }
    const out = batch.stdout;
    let at = 0;
    while (at < out.length) {
      const newline = out.indexOf(10, at);
      if (newline === -1) break;
      const header = out.toString('utf8', at, newline).split(' ');
      at = newline + 1;
      if (header[1] === 'missing' || header.length < 3) {
        results.set(header[0], { ok: false, reason: 'the blob is missing from the object database' });
        continue;
      }
      const size = Number(header[2]);
      const content = out.subarray(at, at + size);
      at += size + 1;
      results.set(header[0], decode(content, size));
    }
    return results;
  }

  private git(args: string[], input: string | undefined) {
    const result = spawnSync('git', ['-c', 'core.quotePath=false', ...args], {
      cwd: this.root,
      env: this.env,
      input,
      maxBuffer: 1024 * 1024 * 1024,
      windowsHide: true,
    });
    if (result.error) throw new UsageError(`--staged needs git: ${result.error.message}`);
    return result;
  }
}

function decode(content: Buffer, size: number): ReadResult {
  if (size > MAX_FILE_BYTES) return { ok: false, reason: `file is ${size} bytes; the limit is ${MAX_FILE_BYTES} bytes` };
  if (content.subarray(0, BINARY_PROBE_BYTES).includes(0)) return { ok: false, reason: 'binary file' };
  return { ok: true, text: content.toString('utf8') };
}

function normal(path: string): string {
  const normalised = posix.normalize(path);
  return normalised === '.' ? '' : normalised.replace(/\/$/, '');
}

function outsideRoot(path: string): string | undefined {
  if (posix.isAbsolute(path)) return 'absolute paths are not allowed; paths are relative to ROOT';
  const normalised = posix.normalize(path);
  if (normalised === '..' || normalised.startsWith('../')) return 'path points outside ROOT';
  return undefined;
}

/** git inside a hook runs with GIT_DIR, GIT_INDEX_FILE and others set, possibly relative to the
 * hook's working directory (the top of the work tree). git is run in ROOT, which may be a
 * subdirectory: make them absolute so they keep naming the same files. */
function gitEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const fixed: NodeJS.ProcessEnv = { ...env };
  for (const name of GIT_PATH_VARIABLES) {
    const value = fixed[name];
    if (value) fixed[name] = resolve(process.cwd(), value);
  }
  // With GIT_DIR alone, git takes the working directory as the top of the work tree: say so,
  // since git will run elsewhere.
  if (fixed.GIT_DIR && !fixed.GIT_WORK_TREE) fixed.GIT_WORK_TREE = process.cwd();
  return fixed;
}
