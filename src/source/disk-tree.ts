import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { posix, resolve, sep } from 'node:path';
import { MAX_FILE_BYTES, type ReadResult, type SourceTree } from './tree.js';

/** How much of a file is searched for a NUL byte to call it binary (git and grep do the same). */
const BINARY_PROBE_BYTES = 8 * 1024;

type Located = { ok: true; absolute: string; stats: Stats } | { ok: false; reason: string };

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
    if (found.stats.isFile()) return 'file';
    if (found.stats.isDirectory()) return 'dir';
    return undefined;
  }

  read(path: string): ReadResult {
    let result = this.reads.get(path);
    if (!result) {
      const key = posix.normalize(path);
      result = this.reads.get(key) ?? this.readUncached(path);
      this.reads.set(key, result);
      this.reads.set(path, result);
    }
    return result;
  }

  isExecutable(path: string): boolean {
    const found = this.locate(path);
    return found.ok && found.stats.isFile() && (found.stats.mode & 0o111) !== 0;
  }

  list(path: string): string[] {
    const found = this.locate(path);
    if (!found.ok || !found.stats.isDirectory()) return [];
    try {
      return readdirSync(found.absolute).sort();
    } catch {
      return [];
    }
  }

  private readUncached(path: string): ReadResult {
    const found = this.locate(path);
    if (!found.ok) return found;
    const { stats } = found;
    if (stats.isDirectory()) return { ok: false, reason: 'is a directory, not a file' };
    // A FIFO or a device would block or never end; only regular files are read.
    if (!stats.isFile()) return { ok: false, reason: 'not a regular file' };
    if (stats.size > MAX_FILE_BYTES) return { ok: false, reason: tooLarge(stats.size) };
    let bytes: Buffer;
    try {
      bytes = readFileSync(found.absolute);
    } catch (error) {
      return { ok: false, reason: describeFsError(error) };
    }
    if (bytes.subarray(0, BINARY_PROBE_BYTES).includes(0)) return { ok: false, reason: 'binary file' };
    return { ok: true, text: bytes.toString('utf8') };
  }

  /** Resolves a ROOT-relative POSIX path to a real path inside ROOT, or says why it cannot.
   * Answers are kept: a lint asks about the same paths and their directories many times, and
   * resolving a path component by component through the cached parent costs one lstat. */
  private locate(path: string): Located {
    // The same spelling is asked about again and again (kind, then read, by several callers).
    const known = this.located.get(path);
    if (known) return known;
    const found = this.locateNormal(path);
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
    if (!parent.stats.isDirectory()) return { ok: false, reason: 'no such file' };
    const candidate = `${parent.absolute}${sep}${normal.slice(slash + 1)}`;
    let stats: Stats;
    try {
      stats = lstatSync(candidate);
    } catch (error) {
      return { ok: false, reason: describeFsError(error) };
    }
    if (!stats.isSymbolicLink()) return { ok: true, absolute: candidate, stats };
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
      return { ok: true, absolute, stats: statSync(absolute) };
    } catch (error) {
      return { ok: false, reason: describeFsError(error) };
    }
  }
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
