/**
 * The text of string literals, as Nix's lexer and parser compute it, with every piece of
 * text tied to the source characters it came from.
 *
 * The input is the literal's content cut at its interpolations (tree-sitter finds those);
 * the raw text between them is lexed here rather than taken from tree-sitter's fragments,
 * whose escapes split oddly (`''$` arrives as `''` and `$`).
 *
 * A piece of unescaped text maps 1:1 onto `source.slice(start, end)`; an escape is its own
 * piece whose text differs from its source (`\n` → newline).
 */
export interface LiteralPiece {
  text: string;
  start: number;
  end: number;
}

export type Segment<T> = { start: number; end: number } | { interpolation: T };

export type Pieces<T> = (LiteralPiece | { interpolation: T })[];

/** `"…"` strings: backslash escapes, CR and CR LF read as LF. */
export function plainStringPieces<T>(source: string, segments: Segment<T>[]): Pieces<T> {
  const out: Pieces<T> = [];
  for (const segment of segments) {
    if ('interpolation' in segment) out.push(segment);
    else lexPlain(source, segment.start, segment.end, out);
  }
  return out;
}

function lexPlain<T>(source: string, start: number, end: number, out: Pieces<T>): void {
  let run = start;
  let i = start;
  const special = (length: number, text: string) => {
    if (i > run) out.push({ text: source.slice(run, i), start: run, end: i });
    out.push({ text, start: i, end: i + length });
    i += length;
    run = i;
  };
  while (i < end) {
    const c = source[i];
    if (c === '\\' && i + 1 < end) special(2, unescape(source[i + 1]));
    else if (c === '\r') special(source[i + 1] === '\n' && i + 1 < end ? 2 : 1, '\n');
    else i++;
  }
  if (end > run) out.push({ text: source.slice(run, end), start: run, end });
}

function unescape(c: string): string {
  if (c === 'n') return '\n';
  if (c === 'r') return '\r';
  if (c === 't') return '\t';
  return c;
}

type Token<T> =
  | { kind: 'text'; start: number; end: number }
  | { kind: 'escape'; text: string; start: number; end: number }
  | { kind: 'interpolation'; interpolation: T };

/**
 * `''…''` strings. Nix (2.8, the differential oracle) strips the smallest indentation of
 * the lines, counting spaces only; escapes and interpolations end a line's indentation
 * when measuring it, but escapes are then trimmed like text. Lines holding only spaces do
 * not count, the last line is dropped when it holds only spaces, and the opening `''`
 * swallows spaces up to the first newline.
 */
export function indentedStringPieces<T>(source: string, segments: Segment<T>[]): Pieces<T> {
  const tokens = indentedTokens(source, segments);
  const indent = minimumIndentation(source, tokens);
  const out: Pieces<T> = [];
  let atLineStart = true;
  let dropped = 0;
  tokens.forEach((token, index) => {
    if (token.kind === 'interpolation') {
      atLineStart = false;
      dropped = 0;
      out.push({ interpolation: token.interpolation });
      return;
    }
    const text = token.kind === 'text' ? source.slice(token.start, token.end) : token.text;
    const kept: boolean[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (!atLineStart) {
        kept.push(true);
        if (c === '\n') atLineStart = true;
      } else if (c === ' ') {
        kept.push(dropped++ >= indent);
      } else {
        kept.push(true);
        if (c !== '\n') atLineStart = false;
        dropped = 0;
      }
    }
    if (index === tokens.length - 1) dropTrailingBlankLine(text, kept);
    if (token.kind === 'text') emitKeptRuns(text, token.start, kept, out);
    else {
      let result = '';
      for (let i = 0; i < text.length; i++) if (kept[i]) result += text[i];
      if (result !== '') out.push({ text: result, start: token.start, end: token.end });
    }
  });
  return out;
}

function indentedTokens<T>(source: string, segments: Segment<T>[]): Token<T>[] {
  const tokens: Token<T>[] = [];
  segments.forEach((segment, index) => {
    if ('interpolation' in segment) {
      tokens.push({ kind: 'interpolation', interpolation: segment.interpolation });
      return;
    }
    let start = segment.start;
    if (index === 0) {
      const opener = /^ *\n/.exec(source.slice(start, segment.end));
      if (opener) start += opener[0].length;
    }
    let run = start;
    for (let i = start; i < segment.end; ) {
      const escape = source.startsWith("''", i) ? indentedEscape(source, i) : undefined;
      if (!escape) {
        i++;
        continue;
      }
      if (i > run) tokens.push({ kind: 'text', start: run, end: i });
      tokens.push({ kind: 'escape', text: escape.text, start: i, end: i + escape.length });
      i += escape.length;
      run = i;
    }
    if (segment.end > run) tokens.push({ kind: 'text', start: run, end: segment.end });
  });
  return tokens;
}

/** `'''` → `''`, `''$` → `$`, `''\x` → as in plain strings. Inside the content a `''` is always an escape. */
function indentedEscape(source: string, at: number): { text: string; length: number } | undefined {
  const next = source[at + 2];
  if (next === "'") return { text: "''", length: 3 };
  if (next === '$') return { text: '$', length: 3 };
  if (next === '\\' && at + 3 < source.length) return { text: unescape(source[at + 3]), length: 4 };
  return undefined;
}

function minimumIndentation<T>(source: string, tokens: Token<T>[]): number {
  let atLineStart = true;
  let current = 0;
  let minimum = Infinity;
  for (const token of tokens) {
    if (token.kind !== 'text') {
      if (atLineStart) minimum = Math.min(minimum, current);
      atLineStart = false;
      continue;
    }
    for (let i = token.start; i < token.end; i++) {
      const c = source[i];
      if (!atLineStart) {
        if (c === '\n') {
          atLineStart = true;
          current = 0;
        }
      } else if (c === ' ') current++;
      else if (c === '\n') current = 0;
      else {
        atLineStart = false;
        minimum = Math.min(minimum, current);
      }
    }
  }
  return minimum;
}

function dropTrailingBlankLine(text: string, kept: boolean[]): void {
  let lastNewline = -1;
  for (let i = 0; i < text.length; i++) if (kept[i] && text[i] === '\n') lastNewline = i;
  if (lastNewline < 0) return;
  for (let i = lastNewline + 1; i < text.length; i++) if (kept[i] && text[i] !== ' ') return;
  for (let i = lastNewline + 1; i < text.length; i++) kept[i] = false;
}

/** One piece per run of kept characters within a line, so each maps 1:1 onto its source. */
function emitKeptRuns<T>(text: string, start: number, kept: boolean[], out: Pieces<T>): void {
  let run = -1;
  const close = (end: number) => {
    if (run >= 0) out.push({ text: text.slice(run, end), start: start + run, end: start + end });
    run = -1;
  };
  for (let i = 0; i < text.length; i++) {
    if (!kept[i]) {
      close(i);
      continue;
    }
    if (run < 0) run = i;
    if (text[i] === '\n') close(i + 1);
  }
  close(text.length);
}
