import { posix } from 'node:path';
import type { ReadResult, SourceTree } from '../source/tree.js';

/**
 * A SourceTree whose files can be replaced in memory: `--fix` and `pin` lint the edited text
 * before anything is written, and write only when every pass has succeeded. Only existing
 * files are replaced (fixes never create files), so kind, list and isExecutable are the
 * base tree's.
 */
export class OverlayTree implements SourceTree {
  private readonly replaced = new Map<string, string>();

  constructor(private readonly base: SourceTree) {}

  get root(): string {
    return this.base.root;
  }

  kind(path: string): 'file' | 'dir' | undefined {
    return this.base.kind(path);
  }

  read(path: string): ReadResult {
    const text = this.replaced.get(posix.normalize(path));
    return text === undefined ? this.base.read(path) : { ok: true, text };
  }

  isExecutable(path: string): boolean {
    return this.base.isExecutable(path);
  }

  list(path: string): string[] {
    return this.base.list(path);
  }

  /** Replaces the text of an existing file. */
  write(path: string, text: string): void {
    this.replaced.set(posix.normalize(path), text);
  }

  /** The original text of a file, before any write. */
  original(path: string): ReadResult {
    return this.base.read(path);
  }

  /** Files whose text differs from the base tree's, in the order they were first written. */
  changedFiles(): string[] {
    return [...this.replaced.keys()].filter((path) => {
      const before = this.base.read(path);
      return !before.ok || before.text !== this.replaced.get(path);
    });
  }
}
