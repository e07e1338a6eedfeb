/** Every file the linter reads goes through a SourceTree, so that the same analysis can run
 * on the working tree or on git's index (--staged). Paths are POSIX, relative to ROOT;
 * nothing outside ROOT is reachable. */
export type ReadResult =
  | { ok: true; text: string }
  | { ok: false; reason: string };

export interface SourceTree {
  /** Absolute path of ROOT on disk, for messages only. */
  readonly root: string;
  /** 'file' | 'dir' | undefined (missing, outside ROOT, or not readable). */
  kind(path: string): 'file' | 'dir' | undefined;
  /** Reads a text file; refuses binary, huge (> MAX_FILE_BYTES), missing, outside-ROOT files with a reason. */
  read(path: string): ReadResult;
  /** Whether the file has an executable bit. */
  isExecutable(path: string): boolean;
  /** Names in a directory (not recursive); empty when missing. */
  list(path: string): string[];
}

export const MAX_FILE_BYTES = 4 * 1024 * 1024;
