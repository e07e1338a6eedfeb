import { randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Default mode of a file that does not exist yet, before the process umask. */
const NEW_FILE_MODE = 0o666;
/** Symlinks followed before giving up (a loop is an error, as for open(2)). */
const MAX_SYMLINKS = 40;

/**
 * Replaces `file` with `text` atomically: the text is written to a temporary file in the same
 * directory, which is then renamed over `file`, so that a reader (an editor, a CI step
 * uploading a report, a concurrent `git add`) sees the old content or the new one, never half
 * of it. An existing file keeps its permission bits (an executable stays executable); a
 * symlink keeps pointing where it did — its target is what gets replaced. This is the one
 * implementation of atomic writes: reports (`--output`), `--fix` and `pin` all use it.
 */
export function writeFileAtomic(file: string, text: string): void {
  const target = resolveSymlinks(path.resolve(file));
  const mode = existingMode(target);
  // Unique per call: two writers of one file (two processes, or one process twice in a
  // millisecond) never share a temporary file.
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  writeFileSync(temporary, text, { flag: 'wx', mode: mode ?? NEW_FILE_MODE });
  try {
    // writeFileSync's mode goes through the umask; an existing file's mode must not.
    if (mode !== undefined) chmodSync(temporary, mode);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Permission bits (including setuid/setgid/sticky) of an existing file, else undefined. */
function existingMode(file: string): number | undefined {
  try {
    return statSync(file).mode & 0o7777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The file a chain of symlinks ends at (which may not exist yet). */
function resolveSymlinks(file: string): string {
  let current = file;
  for (let i = 0; i < MAX_SYMLINKS; i++) {
    let isLink: boolean;
    try {
      isLink = lstatSync(current).isSymbolicLink();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return current;
      throw error;
    }
    if (!isLink) return current;
    current = path.resolve(path.dirname(current), readlinkSync(current));
  }
  throw Object.assign(new Error(`too many levels of symbolic links: ${file}`), { code: 'ELOOP' });
}
