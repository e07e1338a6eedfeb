/**
 * nginx configuration text, as written in NixOS `extraConfig` strings, read the way nginx's
 * own tokenizer (`ngx_conf_read_token`) reads it: `#` starts a comment only where a new word
 * could start, quotes group words and take backslash escapes, `${var}` does not open a block.
 * All offsets are UTF-16 indices into the input, so a caller holding a Nix string value can
 * map them to spans in the `.nix` file through the string's parts.
 */

/** A word of a directive. `text` is what nginx sees (quotes removed, escapes applied);
 * `start`/`end` cover the word as written, quotes included. */
export interface NginxWord {
  text: string;
  start: number;
  end: number;
  quoted: boolean;
}

export interface NginxDirective {
  name: NginxWord;
  args: NginxWord[];
  /** From the name to the closing `;` or `}` inclusive. */
  start: number;
  end: number;
  /** The directives inside `{ … }`, for block directives such as `location` or `if`. */
  block?: NginxDirective[];
}

export interface NginxSyntaxError {
  message: string;
  start: number;
  end: number;
}

export interface NginxConfig {
  /** Everything that parsed, even around errors. */
  directives: NginxDirective[];
  errors: NginxSyntaxError[];
}

type Lexeme = { kind: 'word'; word: NginxWord } | { kind: ';' | '{' | '}'; start: number };

export function parseNginxConfig(text: string): NginxConfig {
  const errors: NginxSyntaxError[] = [];
  const lexemes = tokenize(text, errors);
  return { directives: assemble(lexemes, text.length, errors), errors };
}

function isSpace(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\r' || char === '\n';
}

function tokenize(text: string, errors: NginxSyntaxError[]): Lexeme[] {
  const lexemes: Lexeme[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (isSpace(char)) {
      i++;
    } else if (char === '#') {
      const newline = text.indexOf('\n', i);
      i = newline === -1 ? text.length : newline + 1;
    } else if (char === ';' || char === '{' || char === '}') {
      lexemes.push({ kind: char, start: i });
      i++;
    } else if (char === '"' || char === "'") {
      const word = readQuoted(text, i, errors);
      lexemes.push({ kind: 'word', word });
      i = word.end;
      const next = text[i];
      // nginx wants a separator after a closing quote: `"a"b` is an error, not one word.
      if (next !== undefined && !isSpace(next) && next !== ';' && next !== '{' && next !== ')') {
        errors.push({ message: `unexpected "${next}" after a quoted string`, start: i, end: i + 1 });
      }
    } else {
      const word = readBare(text, i);
      lexemes.push({ kind: 'word', word });
      i = word.end;
    }
  }
  return lexemes;
}

/** A word without quotes: ends at a space, `;` or `{` (but `${` belongs to a variable). A `}` or
 * `#` inside a word is part of it, as in nginx. */
function readBare(text: string, start: number): NginxWord {
  let i = start;
  while (i < text.length) {
    const char = text[i];
    if (char === '\\') {
      i += 2;
      continue;
    }
    if (isSpace(char) || char === ';' || (char === '{' && text[i - 1] !== '$')) break;
    i++;
  }
  const end = Math.min(i, text.length);
  return { text: unescape(text.slice(start, end)), start, end, quoted: false };
}

function readQuoted(text: string, start: number, errors: NginxSyntaxError[]): NginxWord {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length && text[i] !== quote) i += text[i] === '\\' ? 2 : 1;
  if (i >= text.length) {
    errors.push({ message: `unterminated ${quote === '"' ? 'double' : 'single'}-quoted string`, start, end: text.length });
    return { text: unescape(text.slice(start + 1)), start, end: text.length, quoted: true };
  }
  return { text: unescape(text.slice(start + 1, i)), start, end: i + 1, quoted: true };
}

const ESCAPES: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', t: '\t', r: '\r', n: '\n' };

/** nginx translates these escapes in every word; any other backslash stays as written. */
function unescape(raw: string): string {
  return raw.replace(/\\(["'\\trn])/g, (_, char: string) => ESCAPES[char]);
}

interface Frame {
  directives: NginxDirective[];
  words: NginxWord[];
  /** The `{` that opened this block; undefined for the top level. */
  open?: { head: NginxWord[]; start: number };
}

/** Groups words into directives and blocks with an explicit stack, so deep nesting cannot
 * overflow the call stack. */
function assemble(lexemes: Lexeme[], length: number, errors: NginxSyntaxError[]): NginxDirective[] {
  const top: Frame = { directives: [], words: [] };
  const stack: Frame[] = [top];
  const current = () => stack[stack.length - 1];
  // A directive cut short by `}` or the end of input is kept, so rules still see it.
  const flushUnterminated = (frame: Frame) => {
    if (frame.words.length === 0) return;
    const [name] = frame.words;
    const end = frame.words[frame.words.length - 1].end;
    errors.push({ message: `"${name.text}" is not terminated by ";"`, start: name.start, end });
    frame.directives.push(directive(frame.words, end));
    frame.words = [];
  };

  for (const lexeme of lexemes) {
    const frame = current();
    if (lexeme.kind === 'word') {
      frame.words.push(lexeme.word);
    } else if (lexeme.kind === ';') {
      if (frame.words.length === 0) errors.push({ message: 'unexpected ";"', start: lexeme.start, end: lexeme.start + 1 });
      else frame.directives.push(directive(frame.words, lexeme.start + 1));
      frame.words = [];
    } else if (lexeme.kind === '{') {
      if (frame.words.length === 0) errors.push({ message: 'unexpected "{"', start: lexeme.start, end: lexeme.start + 1 });
      stack.push({ directives: [], words: [], open: { head: frame.words, start: lexeme.start } });
      frame.words = [];
    } else if (!frame.open) {
      errors.push({ message: 'unexpected "}"', start: lexeme.start, end: lexeme.start + 1 });
    } else {
      flushUnterminated(frame);
      stack.pop();
      // A block without a name was already reported at its `{`; its content is dropped.
      if (frame.open.head.length > 0) current().directives.push({ ...directive(frame.open.head, lexeme.start + 1), block: frame.directives });
    }
  }

  // The input ended inside blocks: close them where it ended.
  while (stack.length > 1) {
    const frame = stack.pop()!;
    const open = frame.open!;
    flushUnterminated(frame);
    errors.push({ message: '"{" is not closed by "}"', start: open.start, end: open.start + 1 });
    if (open.head.length > 0) current().directives.push({ ...directive(open.head, length), block: frame.directives });
  }
  flushUnterminated(top);
  return top.directives;
}

function directive(words: NginxWord[], end: number): NginxDirective {
  const [name, ...args] = words;
  return { name, args, start: name.start, end };
}
