import type { ReadResult, SourceTree } from './tree.js';

/** A SourceTree that remembers which files were read, so that later stages (suppressions)
 * look at exactly the files the lint used, whichever tree they came from. */
export class RecordingTree implements SourceTree {
  readonly root: string;
  private readonly read_ = new Set<string>();

  constructor(private readonly inner: SourceTree) {
    this.root = inner.root;
  }

  /** Files read successfully so far, in the order first read. */
  get filesRead(): ReadonlySet<string> {
    return this.read_;
  }

  kind(path: string): 'file' | 'dir' | undefined {
    return this.inner.kind(path);
  }

  read(path: string): ReadResult {
    const result = this.inner.read(path);
    if (result.ok) this.read_.add(path.replace(/^\.\//, ''));
    return result;
  }

  isExecutable(path: string): boolean {
    return this.inner.isExecutable(path);
  }

  list(path: string): string[] {
    return this.inner.list(path);
  }
}
