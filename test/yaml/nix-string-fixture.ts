import { LineMap, type Span } from '../../src/source/span.js';
import type { StringPart, StringValue } from '../../src/nix/eval/value.js';

/** A .nix file's text, to build string values with real spans by hand, as the evaluator would. */
export class FakeNixFile {
  private readonly lines: LineMap;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.lines = new LineMap(text);
  }

  /** Offsets of the only occurrence of `needle` (fails loudly on none or several). */
  find(needle: string): { start: number; end: number } {
    const start = this.text.indexOf(needle);
    if (start === -1 || this.text.indexOf(needle, start + 1) !== -1) throw new Error(`expected exactly one ${JSON.stringify(needle)}`);
    return { start, end: start + needle.length };
  }

  span(start: number, end: number): Span {
    return this.lines.span(this.file, start, end);
  }

  /** A literal part: the source text between the offsets, mapping 1:1. */
  literal(start: number, end: number): StringPart {
    return { text: this.text.slice(start, end), origin: this.span(start, end) };
  }

  /**
   * The parts of a `''…''` body as the evaluator yields them: each line with the common
   * indentation stripped, one literal part per line (its newline included), and each `${name}`
   * replaced by `interpolations[name]`. `bodyStart` is the first content line's start and
   * `bodyEnd` the start of the line holding the closing `''`.
   */
  indentedStringParts(bodyStart: number, bodyEnd: number, interpolations: Record<string, StringPart> = {}): StringPart[] {
    const lineStarts: number[] = [];
    for (let i = bodyStart; i < bodyEnd; i = this.text.indexOf('\n', i) + 1) lineStarts.push(i);
    const indentOf = (start: number) => /^ */.exec(this.text.slice(start))![0].length;
    const isBlank = (start: number) => /^ *\n/.test(this.text.slice(start));
    const indent = Math.min(...lineStarts.filter((s) => !isBlank(s)).map(indentOf));
    const parts: StringPart[] = [];
    for (const lineStart of lineStarts) {
      const lineEnd = this.text.indexOf('\n', lineStart) + 1;
      const contentStart = lineStart + Math.min(indent, indentOf(lineStart));
      let cursor = contentStart;
      for (const match of this.text.slice(contentStart, lineEnd).matchAll(/\$\{(\w+)\}/g)) {
        const at = contentStart + match.index;
        parts.push(this.literal(cursor, at));
        parts.push(interpolations[match[1]]);
        cursor = at + match[0].length;
      }
      parts.push(this.literal(cursor, lineEnd));
    }
    return parts.filter((p) => p.text.length > 0);
  }
}

export function stringValue(parts: StringPart[], origin?: Span): StringValue {
  return { kind: 'string', value: parts.map((p) => p.text).join(''), parts, origin };
}
