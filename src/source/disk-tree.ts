import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { posix, resolve, sep } from 'node:path';
import { MAX_FILE_BYTES, type ReadResult, type SourceTree } from './tree.js';

/** How much of a file is searched for a NUL byte to call it binary (git and grep do the same). */
const BINARY_PROBE_BYTES = 8 * 1024;

const FILE = 0;
const DIR = 1;
/** A FIFO, socket or device: located, but never read. */
const OTHER = 2;

/** What the tree needs from a Stats, kept instead of the Stats (and its four Dates) for the run. */
type Found = { ok: true; absolute: string; type: typeof FILE | typeof DIR | typeof OTHER; executable: boolean; size: number };
type Located = Found | { ok: false; reason: string };

/** An empty, `.` or `..` segment; also matches '', a leading or a trailing `/`. A path without
 * one is left unchanged by posix.normalize and by the trailing-slash trim of locateNormal. */
const NOT_PLAIN = /(?:^|\/)(?:\.\.?)?(?:\/|$)/;

/**
 * The working tree under ROOT. Every path is resolved through realpath and must stay inside
 * ROOT, so neither `..` nor a symlink can reach a file the user did not mean to lint.
 * Reads and lookups are cached: a DiskTree answers as the tree was when first asked.
 */
export class DiskTree implements SourceTree {
  readonly root: string;
  private readonly realRoot: string;
  private readonly reads = new Map<string, ReadResult>();
  private readonly located = new Map<string, Located>();

  constructor(root: string) {
    this.root = resolve(root);
    this.realRoot = realpathSync.native(this.root);
  }

  kind(path: string): 'file' | 'dir' | undefined {
    const found = this.locate(path);
    if (!found.ok) return undefined;
    if (found.type === FILE) return 'file';
    if (found.type === DIR) return 'dir';
    return undefined;
  }

  read(path: string): ReadResult {
    let result = this.reads.get(path);
    if (!result) {
      if (!NOT_PLAIN.test(path)) {
        // Already normal: it is its own key.
        result = this.readUncached(path);
        this.reads.set(path, result);
        return result;
      }
      const key = posix.normalize(path);
      result = this.reads.get(key) ?? this.readUncached(path);
      this.reads.set(key, result);
      this.reads.set(path, result);
    }
    return result;
  }

  isExecutable(path: string): boolean {
    const found = this.locate(path);
    return found.ok && found.type === FILE && found.executable;
  }

  list(path: string): string[] {
    const found = this.locate(path);
    if (!found.ok || found.type !== DIR) return [];
    try {
      return readdirSync(found.absolute).sort();
    } catch {
      return [];
    }
  }

  private readUncached(path: string): ReadResult {
    const found = this.locate(path);
    if (!found.ok) return found;
    if (found.type === DIR) return { ok: false, reason: 'is a directory, not a file' };
    // A FIFO or a device would block or never end; only regular files are read.
    if (found.type !== FILE) return { ok: false, reason: 'not a regular file' };
    if (found.size > MAX_FILE_BYTES) return { ok: false, reason: tooLarge(found.size) };
    return readText(found.absolute, found.size);
  }

  /** Resolves a ROOT-relative POSIX path to a real path inside ROOT, or says why it cannot.
   * Answers are kept: a lint asks about the same paths and their directories many times, and
   * resolving a path component by component through the cached parent costs one lstat. */
  private locate(path: string): Located {
    // The same spelling is asked about again and again (kind, then read, by several callers).
    const known = this.located.get(path);
    if (known) return known;
    // A plain path is its own normal key, and was just looked up.
    const found = NOT_PLAIN.test(path) ? this.locateNormal(path) : this.locateUncached(path);
    this.located.set(path, found);
    return found;
  }

  private locateNormal(path: string): Located {
    if (posix.isAbsolute(path)) return { ok: false, reason: 'absolute paths are not allowed; paths are relative to ROOT' };
    const normal = posix.normalize(path);
    if (normal === '..' || normal.startsWith('../')) return { ok: false, reason: 'path points outside ROOT' };
    const key = normal === '.' || normal === './' ? '' : normal.replace(/\/+$/, '');
    let found = this.located.get(key);
    if (!found) {
      found = this.locateUncached(key);
      this.located.set(key, found);
    }
    return found;
  }

  private locateUncached(normal: string): Located {
    if (normal === '') return this.statOf(this.realRoot);
    const slash = normal.lastIndexOf('/');
    const parent = this.locate(slash < 0 ? '.' : normal.slice(0, slash));
    if (!parent.ok) return parent;
    if (parent.type !== DIR) return { ok: false, reason: 'no such file' };
    const candidate = `${parent.absolute}${sep}${normal.slice(slash + 1)}`;
    let stats: Stats | undefined;
    try {
      // A missing file is common (a lint probes for default.nix and the like): no exception for it.
      stats = lstatSync(candidate, { throwIfNoEntry: false });
    } catch (error) {
      return { ok: false, reason: describeFsError(error) };
    }
    if (stats === undefined) return { ok: false, reason: 'no such file' };
    if (!stats.isSymbolicLink()) return found(candidate, stats);
    // A symlink: where it really leads must be inside ROOT.
    let absolute: string;
    try {
      absolute = realpathSync.native(candidate);
    } catch (error) {
      return { ok: false, reason: describeFsError(error) };
    }
    if (absolute !== this.realRoot && !absolute.startsWith(this.realRoot + sep)) return { ok: false, reason: 'symlink points outside ROOT' };
    return this.statOf(absolute);
  }

  private statOf(absolute: string): Located {
    try {
      return found(absolute, statSync(absolute));
    } catch (error) {
      return { ok: false, reason: describeFsError(error) };
    }
  }
}

function found(absolute: string, stats: Stats): Found {
  const type = stats.isFile() ? FILE : stats.isDirectory() ? DIR : OTHER;
  return { ok: true, absolute, type, executable: (stats.mode & 0o111) !== 0, size: stats.size };
}

/** Reused by every read that fits in it: most sources are a few kilobytes. */
const SCRATCH_BYTES = 64 * 1024;
let scratch: Buffer | undefined;

/**
 * The text of a regular file whose lstat/stat said SIZE bytes (at most MAX_FILE_BYTES), or why
 * not. Open, read and close, and no more: the size is already known (readFileSync would fstat
 * the file again), and never more than SIZE bytes are read. Decoded as Buffer#toString('utf8')
 * does; binary when a NUL byte is among the first BINARY_PROBE_BYTES bytes.
 */
function readText(absolute: string, size: number): ReadResult {
  // A size of 0 may not be the truth (a procfs-like file): read to the end, as readFileSync does.
  if (size === 0) return readBytes(absolute);
  const bytes = size <= SCRATCH_BYTES ? (scratch ??= Buffer.allocUnsafeSlow(SCRATCH_BYTES)) : Buffer.allocUnsafe(size);
  let length = 0;
  try {
    const fd = openSync(absolute, 'r');
    try {
      while (length < size) {
        const count = readSync(fd, bytes, length, size - length, null);
        if (count === 0) break;
        length += count;
      }
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return { ok: false, reason: describeFsError(error) };
  }
  if (bytes.subarray(0, Math.min(length, BINARY_PROBE_BYTES)).includes(0)) return { ok: false, reason: 'binary file' };
  return { ok: true, text: bytes.toString('utf8', 0, length) };
}

/** The whole file, however long it turns out to be. */
function readBytes(absolute: string): ReadResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(absolute);
  } catch (error) {
    return { ok: false, reason: describeFsError(error) };
  }
  if (bytes.subarray(0, BINARY_PROBE_BYTES).includes(0)) return { ok: false, reason: 'binary file' };
  return { ok: true, text: bytes.toString('utf8') };
}

const MEGABYTE = 1024 * 1024;

function tooLarge(size: number): string {
  const shown = (size / MEGABYTE).toFixed(1);
  const limit = MAX_FILE_BYTES / MEGABYTE;
  // Just over the limit, one decimal would read "4.0 MB; the limit is 4 MB": count bytes instead.
  if (Number(shown) <= limit) return `file is ${size} bytes; the limit is ${MAX_FILE_BYTES} bytes`;
  return `file is ${shown} MB; the limit is ${limit} MB`;
}

function describeFsError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symlinks';
    case 'EISDIR':
      return 'is a directory, not a file';
    default:
      return (error as Error).message;
  }
}
