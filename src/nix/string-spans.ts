import { LineMap, type Span } from '../source/span.js';
import type { StringPart, StringValue } from './eval/value.js';

/** Maps the range [start, end) of a text to the place in a file where it was written. */
export type Locate = (start: number, end: number) => Span;

interface Position {
  index: number;
  line: number;
  column: number;
}

/** A part of the string with where its text sits in the string and where it was written. */
interface Piece {
  start: number;
  text: string;
  origin: Span;
  /** The text is the source between origin's ends, character for character. */
  verbatim: boolean;
  /** Built on first use: a YAML file read whole is one part, looked up many times. */
  lines?: LineMap;
}

/**
 * The text is a Nix string value: every offset goes back through the string's parts to the
 * file the part was written in. Inside a literal part that maps 1:1 (its text as long as its
 * source, per the evaluator's contract) each character lands on its own line and column, so
 * indentation stripped from a `''…''` string is accounted for; an escape or an interpolated
 * value maps to its whole origin. A part without an origin borrows the string's.
 */
export function locateInNixString(str: StringValue): Locate {
  const pieces = piecesOf(str);
  if (pieces.length === 0) {
    const origin = str.origin ?? str.parts.find((p) => p.origin)?.origin;
    if (!origin) throw new Error('locateInNixString: the string has no origin');
    return () => origin;
  }
  const pieceAt = (offset: number): Piece => {
    let lo = 0;
    let hi = pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (pieces[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return pieces[lo];
  };
  return (start, end) => {
    const first = pieceAt(start);
    const from = positionIn(first, start - first.start, 'start');
    if (end <= start) return spanOf(first.origin.file, from, from);
    const last = pieceAt(end - 1);
    const to = positionIn(last, end - last.start, 'end');
    // A range reaching into a part written elsewhere (another file, or a let binding above
    // the string) cannot be one span: keep the part where it starts.
    if (last.origin.file !== first.origin.file || to.index < from.index) return spanOf(first.origin.file, from, positionIn(first, first.text.length, 'end'));
    return spanOf(first.origin.file, from, to);
  };
}

function piecesOf(str: StringValue): Piece[] {
  const pieces: Piece[] = [];
  let offset = 0;
  for (const part of str.parts) {
    const start = offset;
    offset += part.text.length;
    // An empty part covers no character of the text, so no offset can land in it.
    if (part.text.length === 0) continue;
    const origin = part.origin ?? str.origin;
    if (!origin) throw new Error('locateInNixString: a part and its string have no origin');
    // Only literal text maps 1:1; an interpolated path or file renders as a store path.
    const literal = part.origin !== undefined && part.unknown === undefined && part.ref === undefined;
    pieces.push({ start, text: part.text, origin, verbatim: literal && part.text.length === origin.endIndex - origin.startIndex });
  }
  return pieces;
}

/** The position `at` characters into the piece; a piece that is not verbatim has only its
 * origin's start and end. */
function positionIn(piece: Piece, at: number, edge: 'start' | 'end'): Position {
  const { origin } = piece;
  if (!piece.verbatim) {
    return edge === 'start'
      ? { index: origin.startIndex, line: origin.line, column: origin.column }
      : { index: origin.endIndex, line: origin.endLine, column: origin.endColumn };
  }
  piece.lines ??= new LineMap(piece.text);
  const { line, column } = piece.lines.position(at);
  // Only the piece's first line starts at an offset column in the file.
  return { index: origin.startIndex + at, line: origin.line + line - 1, column: line === 1 ? origin.column + column - 1 : column };
}

function spanOf(file: string, from: Position, to: Position): Span {
  return { file, startIndex: from.index, endIndex: to.index, line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}

/** Whether any character in [start, end) comes from a part that is not statically known. */
export function rangeIsUnknown(str: StringValue, start: number, end: number): StringPart | undefined {
  let offset = 0;
  for (const part of str.parts) {
    const partEnd = offset + part.text.length;
    if (part.unknown !== undefined && partEnd > start && offset < end) return part;
    offset = partEnd;
  }
  return undefined;
}
