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
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  position(index: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: index - this.starts[lo] + 1 };
  }

  span(file: string, startIndex: number, endIndex: number): Span {
    const start = this.position(startIndex);
    const end = this.position(endIndex);
    return { file, startIndex, endIndex, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }
}
