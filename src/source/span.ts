/** A place in a file of the linted tree. Lines and columns are 1-based; columns count
 * UTF-16 code units, as editors and SARIF do. Indices are offsets into the file's text,
 * used by fixes to rewrite exactly the literal that was written. */
export interface Span {
  /** POSIX path relative to ROOT. */
  file: string;
  startIndex: number;
  endIndex: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Maps text offsets to 1-based line/column, built once per file. */
export class LineMap {
  /** Offset where each line starts. */
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    // An array grown by push keeps spare room; the map lives as long as its file.
    this.starts = starts.slice();
  }

  /** The 0-based line of an offset (binary search). */
  lineIndex(index: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(index: number): { line: number; column: number } {
    const line = this.lineIndex(index);
    return { line: line + 1, column: index - this.starts[line] + 1 };
  }

  span(file: string, startIndex: number, endIndex: number): Span {
    const line = this.lineIndex(startIndex);
    const endLine = endIndex === startIndex ? line : this.lineIndex(endIndex);
    const starts = this.starts;
    return { file, startIndex, endIndex, line: line + 1, column: startIndex - starts[line] + 1, endLine: endLine + 1, endColumn: endIndex - starts[endLine] + 1 };
  }
}
