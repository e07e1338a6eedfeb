/**
 * A reader of Nix source text that makes the same syntax copies as lower.ts's `copyTree`
 * makes from tree-sitter-nix's tree, without crossing into native code for every node.
 *
 * tree-sitter stays the parser of record: every file is parsed by it, its errors are the
 * syntax errors reported, and only a file tree-sitter parsed without any error is read here.
 * The reader then follows tree-sitter-nix's grammar (grammar.js and its external scanner:
 * token rules, precedences, node types, fields) for valid input, and gives up — the caller
 * copies tree-sitter's tree instead — on anything it does not handle the same way for
 * certain. test/nix/read.test.ts holds it to equality with `copyTree` on every file of the
 * fixtures and generated repositories and on generated expressions.
 *
 * With `defer`, the value of a binding is read over but not built: it becomes a node whose
 * `deferred` reads it when the evaluator first needs it. Lowering a module then costs what
 * evaluating it uses.
 */
import type { SyntaxCopy } from './eval/lower.js';

/** The reader met something it does not read exactly as tree-sitter-nix does. */
export class ReaderGaveUp extends Error {}

/** The type a skipped value has until it is read (only whether it is an attrset literal is
 * known before: see skipValue). */
const SKIPPED = 'skipped_expression';
/** Binding values shorter than this are built at once: deferring them costs more than it saves. */
const DEFER_MIN_LENGTH = 24;
/** The reader recurses; deeper nesting is left to copyTree, which does not. */
const MAX_NESTING = 600;

const KEYWORDS = ['if', 'then', 'else', 'let', 'inherit', 'in', 'rec', 'with', 'assert'];

/** Binary operators: precedence and whether they associate to the right (grammar.js PREC). */
const BINARY: Record<string, [number, boolean]> = {
  '->': [1, true],
  '||': [2, false],
  '&&': [3, false],
  '==': [4, false],
  '!=': [4, false],
  '<': [5, false],
  '>': [5, false],
  '<=': [5, false],
  '>=': [5, false],
  '//': [6, true],
  '+': [8, false],
  '-': [8, false],
  '*': [9, false],
  '/': [9, false],
  '++': [10, true],
};
const PREC_NOT = 7;
const PREC_HAS_ATTR = 11;
const PREC_NEGATE = 12;

const NO_CHILDREN: SyntaxCopy[] = [];

const URI = /[a-zA-Z][a-zA-Z0-9+\-.]*:[a-zA-Z0-9%/?:@&=+$,\-_.!~*']+/y;
const FLOAT = /(([1-9][0-9]*\.[0-9]*)|(0?\.[0-9]+))([Ee][+-]?[0-9]+)?/y;
const INTEGER = /[0-9]+/y;
const SPATH = /<[a-zA-Z0-9._\-+]+(\/[a-zA-Z0-9._\-+]+)*>/y;
const HPATH_START = /~\/[a-zA-Z0-9._\-+/]+/y;

function match(pattern: RegExp, text: string, at: number): number {
  pattern.lastIndex = at;
  return pattern.test(text) ? pattern.lastIndex : -1;
}

function isPathChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 45 || c === 43 || c === 95 || c === 46 || c === 47;
}

function isIdentifierChar(c: number): boolean {
  return isIdentifierStart(c) || (c >= 48 && c <= 57) || c === 39 || c === 45;
}

function isIdentifierStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

/** The end of the identifier or keyword at `at` (`[a-zA-Z_][a-zA-Z0-9_'-]*`), or -1. A loop,
 * not a sticky regular expression: the reader asks at nearly every token. */
function identifierEnd(text: string, at: number): number {
  if (!isIdentifierStart(text.charCodeAt(at))) return -1;
  let end = at + 1;
  while (isIdentifierChar(text.charCodeAt(end))) end++;
  return end;
}

/** The keyword written exactly at [start, end), if it is one (without slicing the text). */
function keywordAt(text: string, start: number, end: number): string | undefined {
  const length = end - start;
  if (length < 2 || length > 7) return undefined;
  // Indexed loops here and in the lowering and evaluator: they run mostly before the JIT
  // optimizes them, where for…of allocates an iterator and a result per element.
  for (let i = 0; i < KEYWORDS.length; i++) {
    const keyword = KEYWORDS[i];
    if (keyword.length === length && text.startsWith(keyword, start)) return keyword;
  }
  return undefined;
}

function isOr(text: string, start: number, end: number): boolean {
  return end - start === 2 && text.startsWith('or', start);
}

function isSchemeChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
}

/** `pathStartEnd` found a path start followed by `*`, which tree-sitter reads otherwise. */
const PATH_FOLLOWED_BY_STAR = -2;

/**
 * tree-sitter-nix's external scanner for a path's start (scan_path_start) at `at`, which is
 * after trivia: the end of the path_start token, -1 when there is none, or
 * PATH_FOLLOWED_BY_STAR.
 */
function pathStartEnd(text: string, at: number): number {
  let haveSep = false;
  let haveAfterSep = false;
  for (let i = at; ; i++) {
    const c = text.charCodeAt(i);
    if (c === 47) haveSep = true;
    else if (isPathChar(c)) {
      if (haveSep) haveAfterSep = true;
    } else if (c === 36) {
      return haveSep ? i : -1;
    } else {
      if (!haveAfterSep) return -1;
      // `a/*` would be read differently by tree-sitter's lexer and the comment rule.
      if (c === 42 && text.charCodeAt(i - 1) === 47) return PATH_FOLLOWED_BY_STAR;
      return i;
    }
  }
}

/** The end of the URI at `at`, or -1. */
function uriEnd(text: string, at: number): number {
  // Only a scheme written right before a `:` can start one: most identifiers are told at
  // once, without the regular expression (its scheme part is greedy, so this is exact).
  const c = text.charCodeAt(at);
  if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90))) return -1;
  let i = at + 1;
  while (isSchemeChar(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 58) return -1;
  return match(URI, text, at);
}

/**
 * A binding's value skipped over: where it ends, and whether it is one attrset literal
 * (the lowering merges `a = { … }; a.b = …;`, so that much must be known before it is read).
 */
export interface Skipped {
  end: number;
  literal: 'attrset_expression' | 'rec_attrset_expression' | undefined;
}

const GIVE_UP = -1;

/** The skipper's stack of open brackets (see Skipper.code), shared: it is never reentered.
 * Nesting past MAX_NESTING is left to the reader, and a bracket costs 4 of it. */
const OPENED = new Int32Array(MAX_NESTING / 4 + 8);

/** What the previous token was, where it decides what may follow (Skipper.code). */
const OTHER = 0;
/** The `.` of a select or attrpath: an attribute name follows. */
const DOT = 1;
/** An attribute name after a `.`: `or` may follow. */
const DOTTED_NAME = 2;
/** `{` or `,`: `...` may follow, in formals. */
const FORMALS_SEPARATOR = 3;

/**
 * Finds where the value of a binding written at `start` ends — the end of its last token
 * before the `;` that closes the binding — without reading its syntax; undefined when the
 * reader should read it over instead, as it did before.
 *
 * A lint reads most of a fleet's text only to skip it (options, services, scripts: values
 * the evaluator reads later, if ever), and skipping needs only strings, comments, brackets,
 * and at the value's top level the keywords that take a `;` of their own (`with`, `assert`,
 * `let … in`): the value ends at the first other `;`. Tokens are cut as the reader cuts
 * them (paths first, then URIs, identifiers, numbers), so that no keyword is found inside
 * one.
 *
 * It must not accept a value the reader gives up on: the reader would then read a file that
 * used to be copied from tree-sitter's tree, and which parse-time errors (an attribute
 * defined twice) are found when could change. So it gives up on whatever the reader gives
 * up on, and on more: `?`, `@`, `or` but after `a.b`, `${` outside a string but after a
 * `.`, `...` but closing formals, a leading zero, any unusual character, and nesting that
 * could take the reader past MAX_NESTING from `depth`, where it would have read the value.
 * test/nix/read-skip.test.ts holds it to that.
 */
export function skipValue(text: string, start: number, depth: number): Skipped | undefined {
  const skipper = new Skipper(text, MAX_NESTING - depth - 8);
  const end = skipper.code(start, true, 0);
  return end === GIVE_UP || end === start ? undefined : { end, literal: skipper.literal };
}

class Skipper {
  literal: Skipped['literal'] = undefined;

  constructor(
    private readonly text: string,
    /** The nesting the reader may still enter (see `code`). */
    private readonly maxCost: number,
  ) {}

  /** Past whitespace and comments from `i` (as Reader.trivia), or GIVE_UP. */
  private trivia(i: number): number {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 9 || c === 13) i++;
      else if (c === 35) {
        const newline = text.indexOf('\n', i);
        i = newline < 0 ? text.length : newline;
      } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
        // `a/*`: see pathStartEnd.
        if (isPathChar(text.charCodeAt(i - 1))) return GIVE_UP;
        const close = text.indexOf('*/', i + 2);
        if (close < 0) return GIVE_UP;
        i = close + 2;
      } else return i;
    }
  }

  /**
   * Skips code from `i`: a binding's value up to (not including) its `;`, returning the end
   * of its last token, or an interpolation up to its `}`, returning the position after it.
   *
   * `cost` bounds the nesting the reader would enter: each bracket and interpolation counts
   * 4 (the reader enters at most 4 levels for one), each construct that nests without
   * brackets 2 (a function's `:`, `with`, `assert`, `let`, `if`, `++`, `//`, `->`, a unary
   * operator); a `;` between the bindings of a set ends what they nested.
   */
  code(i: number, value: boolean, cost: number, base = 0): number {
    const text = this.text;
    // The cost where each open bracket was opened: OPENED[base + depth] (an interpolation's
    // code continues above its string's brackets).
    const opened = OPENED;
    let depth = 0;
    /** Top-level `with` and `assert` waiting for their `;`, and open top-level `let`s. */
    let pending = 0;
    let lets = 0;
    let lastEnd = i;
    /** Whether the last token ends an operand (after which `.5` or `<` mean something else). */
    let operand = false;
    let first = true;
    let previous = OTHER;
    let afterRec = false;
    let literalEnd = -1;
    for (;;) {
      i = this.trivia(i);
      if (i === GIVE_UP || cost > this.maxCost) return GIVE_UP;
      const c = text.charCodeAt(i);
      const next = text.charCodeAt(i + 1);
      if (afterRec && c !== 123) return GIVE_UP;
      // After a `.`, only an attribute name: an identifier, a string or `${…}`.
      if (previous === DOT && !(isIdentifierStart(c) || c === 34 || (c === 36 && next === 123))) return GIVE_UP;
      let isOperand = false;
      let kind = OTHER;
      if (c === 59) {
        // `;`
        if (depth === 0) {
          if (!value) return GIVE_UP;
          if (lets === 0) {
            if (pending === 0) {
              this.literal = literalEnd === lastEnd ? this.literal : undefined;
              return lastEnd;
            }
            pending--;
          }
        } else cost = opened[base + depth - 1] + 4;
        i++;
      } else if (c === 123 || c === 40 || c === 91) {
        // `{` `(` `[`
        if (value && depth === 0 && c === 123 && (first || afterRec)) this.literal = afterRec ? 'rec_attrset_expression' : 'attrset_expression';
        afterRec = false;
        if (base + depth === OPENED.length) return GIVE_UP;
        opened[base + depth++] = cost;
        cost += 4;
        i++;
        if (c === 123) kind = FORMALS_SEPARATOR;
      } else if (c === 125 || c === 41 || c === 93) {
        // `}` `)` `]`
        if (depth === 0) return !value && c === 125 ? i + 1 : GIVE_UP;
        cost = opened[base + --depth];
        i++;
        if (depth === 0 && this.literal !== undefined && literalEnd < 0) literalEnd = i;
        isOperand = true;
      } else if (c === 34) {
        i = this.string(i, cost, base + depth);
        isOperand = true;
        if (previous === DOT) kind = DOTTED_NAME;
      } else if (c === 36) {
        // `${…}` as an attribute name after a `.` (checked above); elsewhere it is left to the reader.
        if (previous !== DOT) return GIVE_UP;
        i = this.code(i + 2, false, cost + 4, base + depth);
        isOperand = true;
        kind = DOTTED_NAME;
      } else if (c === 39) {
        if (next !== 39) return GIVE_UP;
        i = this.indentedString(i, cost, base + depth);
        isOperand = true;
      } else if (isPathChar(c)) {
        // Paths first, as the reader (and tree-sitter's external scanner) takes them.
        const pathEnd = this.pathStart(i);
        if (pathEnd === PATH_FOLLOWED_BY_STAR) return GIVE_UP;
        if (pathEnd >= 0) {
          i = this.pathRest(pathEnd, cost, base + depth);
          isOperand = true;
        } else if (isIdentifierStart(c)) {
          const wordEnd = identifierEnd(text, i);
          // A URI's scheme is letters, digits, `+`, `-` and `.` up to its `:`: only an
          // identifier followed by one of `:+.` may start one.
          const after = text.charCodeAt(wordEnd);
          const uri = after === 58 || after === 43 || after === 46 ? uriEnd(text, i) : -1;
          if (uri > wordEnd) {
            i = uri;
            isOperand = true;
          } else {
            const keyword = keywordAt(text, i, wordEnd);
            if (keyword === undefined) {
              if (isOr(text, i, wordEnd)) {
                // `a.b or c`: a select's default.
                if (previous !== DOTTED_NAME) return GIVE_UP;
                cost += 2;
              } else {
                isOperand = true;
                if (previous === DOT) kind = DOTTED_NAME;
              }
            } else if (previous === DOT) return GIVE_UP;
            else if (keyword === 'rec' || keyword === 'let' || keyword === 'inherit') {
              const next = this.trivia(wordEnd);
              if (next === GIVE_UP) return GIVE_UP;
              const brace = text.charCodeAt(next) === 123;
              if (keyword === 'rec') {
                // Only `rec { … }` is read; as a value's first token it may be a literal.
                if (!brace) return GIVE_UP;
                afterRec = value && depth === 0 && first;
              } else if (keyword === 'let') {
                // The legacy `let { … }` is left to the reader.
                if (brace) return GIVE_UP;
                cost += 2;
                if (value && depth === 0) lets++;
              } else if (text.charCodeAt(next) === 59) return GIVE_UP;
            } else if (keyword === 'in') {
              if (value && depth === 0) {
                if (lets === 0) return GIVE_UP;
                lets--;
              }
            } else if (keyword === 'with' || keyword === 'assert') {
              cost += 2;
              if (value && depth === 0 && lets === 0) pending++;
            } else if (keyword === 'if') cost += 2;
            i = wordEnd;
          }
        } else if (c >= 48 && c <= 57) {
          if (c === 48 && next >= 48 && next <= 57) return GIVE_UP;
          i = Math.max(match(FLOAT, text, i), match(INTEGER, text, i));
          isOperand = true;
        } else if (c === 46) {
          // `.`: a select, a float such as `.5`, or the `...` that ends formals.
          if (next === 46) {
            if (previous !== FORMALS_SEPARATOR || text.charCodeAt(i + 2) !== 46 || depth === 0) return GIVE_UP;
            i += 3;
            const after = this.trivia(i);
            if (after === GIVE_UP || text.charCodeAt(after) !== 125) return GIVE_UP;
          } else if (next >= 48 && next <= 57) {
            if (operand) return GIVE_UP;
            i = match(FLOAT, text, i);
            if (i < 0) return GIVE_UP;
            isOperand = true;
          } else if (!operand) return GIVE_UP;
          else {
            i++;
            kind = DOT;
          }
        } else if (c === 43) {
          // `+`, `++`
          if (next === 43) {
            cost += 2;
            i += 2;
          } else i++;
        } else if (c === 45) {
          // `-`, `->`, and `-x`
          if (next === 62) {
            cost += 2;
            i += 2;
          } else {
            if (!operand) cost += 2;
            i++;
          }
        } else if (c === 47) {
          // `/`, `//` (a path start is taken above)
          if (next === 47) {
            if (isPathChar(text.charCodeAt(i + 2))) return GIVE_UP;
            cost += 2;
            i += 2;
          } else i++;
        } else return GIVE_UP;
      } else if (c === 126) {
        // `~/…`
        const end = match(HPATH_START, text, i);
        if (end < 0) return GIVE_UP;
        i = this.pathRest(end, cost, base + depth);
        isOperand = true;
      } else if (c === 60) {
        // `<nixpkgs>`, or `<` and `<=` after an operand
        const end = match(SPATH, text, i);
        if (end >= 0) {
          i = end;
          isOperand = true;
        } else if (!operand) return GIVE_UP;
        else i += next === 61 ? 2 : 1;
      } else if (c === 58) {
        // A function's `:` (a URI's was taken with it).
        cost += 2;
        i++;
      } else if (c === 33) {
        if (next !== 61) cost += 2;
        i += next === 61 ? 2 : 1;
      } else if (c === 61 || c === 62) {
        i += next === 61 ? 2 : 1;
      } else if (c === 38 || c === 124) {
        // `&&`, `||` (a single one is left to the reader)
        if (next !== c) return GIVE_UP;
        i += 2;
      } else if (c === 42) {
        i++;
      } else if (c === 44) {
        // A trailing comma in formals is left to the reader.
        const after = this.trivia(i + 1);
        if (after === GIVE_UP || text.charCodeAt(after) === 125) return GIVE_UP;
        i++;
        kind = FORMALS_SEPARATOR;
      } else return GIVE_UP;
      if (i === GIVE_UP) return GIVE_UP;
      lastEnd = i;
      operand = isOperand;
      previous = kind;
      first = false;
    }
  }

  /**
   * pathStartEnd at `i`, remembering a stretch of path characters without a `/`: a dotted
   * name `a.b.c` is asked at each of its names, and has no path start in any of them.
   */
  private pathStart(i: number): number {
    if (i >= this.noPathFrom && i < this.noPathBefore) return -1;
    const text = this.text;
    let haveSep = false;
    let j = i;
    for (let c = text.charCodeAt(j); isPathChar(c); c = text.charCodeAt(++j)) if (c === 47) haveSep = true;
    if (!haveSep) {
      this.noPathFrom = i;
      this.noPathBefore = j;
      return -1;
    }
    return pathStartEnd(text, i);
  }

  private noPathFrom = -1;
  private noPathBefore = -1;

  /** A path's fragments and interpolations after its start token (as Reader.path). */
  private pathRest(i: number, cost: number, base: number): number {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(i);
      if (isPathChar(c)) i++;
      else if (c === 36) {
        if (text.charCodeAt(i + 1) !== 123) return GIVE_UP;
        i = this.code(i + 2, false, cost + 4, base);
        if (i === GIVE_UP) return GIVE_UP;
      } else return i;
    }
  }

  /** `"…"` from its opening quote (as Reader.string): the position after its closing quote. */
  private string(i: number, cost: number, base: number): number {
    const text = this.text;
    i++;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c !== c) return GIVE_UP;
      if (c === 34) return i + 1;
      if (c === 92) i += 2;
      else if (c === 36) {
        const next = text.charCodeAt(i + 1);
        if (next === 123) {
          i = this.code(i + 2, false, cost + 4, base);
          if (i === GIVE_UP) return GIVE_UP;
        } else i += next === 34 || next === 92 ? 1 : 2;
      } else i++;
    }
  }

  /** `''…''` from its opening quotes (as Reader.indentedString). */
  private indentedString(i: number, cost: number, base: number): number {
    const text = this.text;
    i += 2;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c !== c) return GIVE_UP;
      if (c === 39 && text.charCodeAt(i + 1) === 39) {
        const next = text.charCodeAt(i + 2);
        if (next === 39 || next === 36) i += 3;
        else if (next === 92) {
          if (text.charCodeAt(i + 3) === 36) return GIVE_UP;
          i += 4;
        } else return i + 2;
      } else if (c === 36) {
        const next = text.charCodeAt(i + 1);
        if (next === 123) {
          i = this.code(i + 2, false, cost + 4, base);
          if (i === GIVE_UP) return GIVE_UP;
        } else i += next === 39 ? 1 : 2;
      } else i++;
    }
  }
}

/** Reads a whole file (tree-sitter parsed it without an error). */
export function readNix(text: string, defer: boolean): SyntaxCopy {
  return bounded(() => readFile(text, defer));
}

function readFile(text: string, defer: boolean): SyntaxCopy {
  const reader = new Reader(text, defer);
  // The root starts at its first token or comment, and ends with the text.
  const first = text.search(/[^ \t\n\r]/);
  reader.trivia();
  const top: SyntaxCopy = { type: 'source_code', start: first < 0 ? text.length : first, end: text.length, children: NO_CHILDREN };
  if (reader.pos < text.length) {
    const expression = reader.expression();
    reader.trivia();
    if (reader.pos !== text.length) throw new ReaderGaveUp(`unexpected text at ${reader.pos}`);
    top.children = [withField(expression, 'expression')];
  }
  return top;
}

/** Reads the expression written at [start, end) of `text` (a deferred binding value). */
export function readExpression(text: string, start: number, end: number, defer: boolean): SyntaxCopy {
  return bounded(() => {
    const reader = new Reader(text, defer);
    reader.pos = start;
    const expression = reader.expression();
    if (expression.end !== end) throw new ReaderGaveUp(`the expression at ${start} ends at ${expression.end}, not ${end}`);
    return expression;
  });
}

/** A stack overflow, should nesting defeat MAX_NESTING, is giving up too. */
function bounded(read: () => SyntaxCopy): SyntaxCopy {
  try {
    return read();
  } catch (error) {
    if (error instanceof RangeError) throw new ReaderGaveUp(error.message);
    throw error;
  }
}

function withField(node: SyntaxCopy, field: string | undefined): SyntaxCopy {
  node.field = field;
  return node;
}

/**
 * A binding's value read over: `deferred()` reads it when the evaluator first needs it. A
 * class, so that each of the thousands a lint skips costs one object, not a node, a closure
 * and its context.
 */
class DeferredSyntax implements SyntaxCopy {
  field: string | undefined = undefined;
  children = NO_CHILDREN;

  constructor(
    readonly type: string,
    readonly start: number,
    readonly end: number,
    private readonly text: string,
  ) {}

  deferred(): SyntaxCopy {
    return readExpression(this.text, this.start, this.end, true);
  }
}

class Reader {
  pos = 0;
  /** Whether nodes are built; off while a deferred value is read over. */
  private building = true;
  /** End of the last token consumed: a node ends there, before any trivia. */
  private lastEnd = 0;

  constructor(
    private readonly text: string,
    private readonly defer: boolean,
  ) {}

  private fail(what: string): never {
    throw new ReaderGaveUp(`${what} at ${this.pos}`);
  }

  private code(at = this.pos): number {
    return this.text.charCodeAt(at);
  }

  /** Skips whitespace and comments (grammar.js `extras`). */
  trivia(): void {
    const text = this.text;
    // Most calls find a token at once (a printable character that starts no comment).
    const first = text.charCodeAt(this.pos);
    if (first > 32 && first < 127 && first !== 35 && first !== 47) return;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === 32 || c === 10 || c === 9 || c === 13) this.pos++;
      else if (c === 35) {
        const newline = text.indexOf('\n', this.pos);
        this.pos = newline < 0 ? text.length : newline;
      } else if (c === 47 && text.charCodeAt(this.pos + 1) === 42) {
        const close = text.indexOf('*/', this.pos + 2);
        if (close < 0) this.fail('unclosed comment');
        this.pos = close + 2;
      } else if (c === 12 || c === 11 || c === 0xa0 || c === 0xfeff || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 || c === 0x3000 || c === 0x1680 || c === 0x85) {
        // Whitespace tree-sitter's \s may or may not take: leave it to tree-sitter.
        this.fail('unusual whitespace');
      } else return;
    }
  }

  /** Reused while a value is read over: only its type and end are looked at, at once. */
  private readonly scratch: SyntaxCopy = { type: '', start: 0, end: 0, field: undefined, children: NO_CHILDREN };

  private node(type: string, start: number, end: number, children: SyntaxCopy[] = NO_CHILDREN): SyntaxCopy {
    if (this.building) return { type, start, end, field: undefined, children };
    const scratch = this.scratch;
    scratch.type = type;
    scratch.start = start;
    scratch.end = end;
    return scratch;
  }

  private token(length: number): void {
    this.pos += length;
    this.lastEnd = this.pos;
  }

  /** The punctuation at pos, after trivia. */
  private peek(): string {
    this.trivia();
    return this.text[this.pos] ?? '';
  }

  private expect(punctuation: string): void {
    this.trivia();
    if (!this.text.startsWith(punctuation, this.pos)) this.fail(`expected ${punctuation}`);
    this.token(punctuation.length);
  }

  /** Whether the word at pos (after trivia) is exactly `word` (`inherit-x` is not `inherit`). */
  private isKeyword(word: string): boolean {
    this.trivia();
    return this.text.startsWith(word, this.pos) && !isIdentifierChar(this.code(this.pos + word.length));
  }

  // --- expressions -------------------------------------------------------------------

  private depth = 0;

  /** `_expression`: functions, assert, with, let, if, operators. */
  expression(): SyntaxCopy {
    if (++this.depth > MAX_NESTING) this.fail('deep nesting');
    try {
      return this.expressionAt();
    } finally {
      this.depth--;
    }
  }

  private expressionAt(): SyntaxCopy {
    this.trivia();
    const start = this.pos;
    const wordEnd = identifierEnd(this.text, start);
    const word = wordEnd < 0 ? undefined : keywordAt(this.text, start, wordEnd);
    if (word === 'assert' || word === 'with') {
      this.token(word.length);
      const first = this.expression();
      this.expect(';');
      const body = this.expression();
      const fields = word === 'assert' ? ['condition', 'body'] : ['environment', 'body'];
      return this.node(`${word}_expression`, start, body.end, [withField(first, fields[0]), withField(body, fields[1])]);
    }
    if (word === 'let' && this.after(start + 3) !== '{') {
      this.token(3);
      const children: SyntaxCopy[] = [];
      if (!this.isKeyword('in')) children.push(this.bindingSet('in'));
      if (!this.isKeyword('in')) this.fail('expected in');
      this.token(2);
      const body = this.expression();
      children.push(withField(body, 'body'));
      return this.node('let_expression', start, body.end, children);
    }
    if (word === 'if') {
      this.token(2);
      const condition = this.expression();
      this.keyword('then');
      const consequence = this.expression();
      this.keyword('else');
      const alternative = this.expression();
      return this.node('if_expression', start, alternative.end, [withField(condition, 'condition'), withField(consequence, 'consequence'), withField(alternative, 'alternative')]);
    }
    if (wordEnd >= 0 && word === undefined && this.text.length > wordEnd) {
      // `x: body` and `x @ { … }: body` (a URI such as `x:y` is read as one by `simple`).
      const next = this.after(wordEnd);
      if ((next === ':' && this.uriEnd(start) < 0) || next === '@') return this.function(start);
    }
    if (this.code() === 123 && this.isFormals(start)) return this.function(start);
    return this.operators(0);
  }

  /** The first character after trivia from `at`, without moving. */
  private after(at: number): string {
    const saved = this.pos;
    this.pos = at;
    this.trivia();
    const c = this.text[this.pos] ?? '';
    this.pos = saved;
    return c;
  }

  private keyword(word: string): void {
    if (!this.isKeyword(word)) this.fail(`expected ${word}`);
    this.token(word.length);
  }

  /**
   * Whether the `{` at `start` opens formals (`{ a, b ? 1, ... }:` or `… }@x:`), not an
   * attrset, from its first tokens: an identifier then `,` `?` or `}` (an attrset has `=`
   * or `.` there), or `...`; `{ }` decides by what follows it.
   */
  private isFormals(start: number): boolean {
    const saved = this.pos;
    try {
      this.pos = start + 1;
      this.trivia();
      if (this.text[this.pos] === '}') {
        const next = this.after(this.pos + 1);
        return next === ':' || next === '@';
      }
      if (this.text.startsWith('...', this.pos)) return true;
      const end = identifierEnd(this.text, this.pos);
      if (end < 0) return false;
      if (keywordAt(this.text, this.pos, end) !== undefined) return false;
      const next = this.after(end);
      return next === ',' || next === '?' || next === '}';
    } finally {
      this.pos = saved;
    }
  }

  private function(start: number): SyntaxCopy {
    const children: SyntaxCopy[] = [];
    if (this.code() === 123) {
      children.push(withField(this.formals(), 'formals'));
      if (this.peek() === '@') {
        this.token(1);
        children.push(withField(this.identifier(), 'universal'));
      }
    } else {
      children.push(withField(this.identifier(), 'universal'));
      if (this.peek() === '@') {
        this.token(1);
        this.trivia();
        if (this.code() !== 123) this.fail('expected formals');
        children.push(withField(this.formals(), 'formals'));
      }
    }
    this.expect(':');
    const body = this.expression();
    children.push(withField(body, 'body'));
    return this.node('function_expression', start, body.end, children);
  }

  private formals(): SyntaxCopy {
    const start = this.pos;
    this.token(1);
    const children: SyntaxCopy[] = [];
    for (;;) {
      const c = this.peek();
      if (c === '}') break;
      if (this.text.startsWith('...', this.pos)) {
        const at = this.pos;
        this.token(3);
        children.push(withField(this.node('ellipses', at, at + 3), 'ellipses'));
        if (this.peek() !== '}') this.fail('expected } after ...');
        break;
      }
      const formalStart = this.pos;
      const name = this.identifier();
      const parts = [withField(name, 'name')];
      let end = name.end;
      if (this.peek() === '?') {
        this.token(1);
        const fallback = this.expression();
        parts.push(withField(fallback, 'default'));
        end = fallback.end;
      }
      children.push(withField(this.node('formal', formalStart, end, parts), 'formal'));
      const next = this.peek();
      if (next === ',') {
        this.token(1);
        // A trailing comma is tree-sitter-nix 0.0.2's error recovery: not read here.
        if (this.peek() === '}') this.fail('trailing comma in formals');
      } else if (next !== '}') this.fail('expected , or }');
    }
    this.token(1);
    return this.node('formals', start, this.pos, children);
  }

  private identifier(): SyntaxCopy {
    this.trivia();
    const start = this.pos;
    const end = identifierEnd(this.text, start);
    if (end < 0 || keywordAt(this.text, start, end) !== undefined || isOr(this.text, start, end)) this.fail('expected an identifier');
    this.token(end - start);
    return this.node('identifier', start, end);
  }

  /** Binary, unary and has-attr operators by precedence climbing (grammar.js PREC). */
  private operators(min: number): SyntaxCopy {
    if (++this.depth > MAX_NESTING) this.fail('deep nesting');
    try {
      return this.operatorsAt(min);
    } finally {
      this.depth--;
    }
  }

  private operatorsAt(min: number): SyntaxCopy {
    this.trivia();
    const start = this.pos;
    let left: SyntaxCopy;
    const c = this.code();
    // A path comes first: `-./x` and `+a/b` are paths (the path scanner runs before the lexer).
    if (this.pathEnd(start) >= 0) {
      left = this.apply();
    } else if (c === 33 && this.code(this.pos + 1) !== 61) {
      left = this.unary('!', PREC_NOT, start);
    } else if (c === 45 && this.code(this.pos + 1) !== 62) {
      left = this.unary('-', PREC_NEGATE, start);
    } else {
      left = this.apply();
    }
    for (;;) {
      this.trivia();
      const op = this.operator();
      if (op === undefined) return left;
      if (op === '?') {
        if (PREC_HAS_ATTR < min) return left;
        const at = this.pos;
        this.token(1);
        const operator = withField(this.node('?', at, at + 1), 'operator');
        const attrpath = this.attrpath();
        left = this.node('has_attr_expression', start, attrpath.end, [withField(left, 'expression'), operator, withField(attrpath, 'attrpath')]);
        // `a ? b ? c`: left to tree-sitter.
        this.trivia();
        if (this.operator() === '?') this.fail('chained ?');
        continue;
      }
      const [precedence, right] = BINARY[op];
      if (precedence < min) return left;
      const at = this.pos;
      this.token(op.length);
      const operator = withField(this.node(op, at, at + op.length), 'operator');
      const rhs = this.operators(right ? precedence : precedence + 1);
      left = this.node('binary_expression', start, rhs.end, [withField(left, 'left'), operator, withField(rhs, 'right')]);
    }
  }

  private unary(op: string, precedence: number, start: number): SyntaxCopy {
    this.token(1);
    const operator = withField(this.node(op, start, start + 1), 'operator');
    const argument = this.operators(precedence);
    return this.node('unary_expression', start, argument.end, [operator, withField(argument, 'argument')]);
  }

  /** The operator at pos, if one is there (pos is after trivia). */
  private operator(): string | undefined {
    const text = this.text;
    const c = text[this.pos];
    // The character after it, as a code: no two-character string per operand.
    const next = text.charCodeAt(this.pos + 1);
    switch (c) {
      case '=':
        return next === 61 ? '==' : undefined;
      case '!':
        return next === 61 ? '!=' : undefined;
      case '<':
        if (next === 61) return '<=';
        // `<nixpkgs>` after an operand is an argument, not a comparison.
        return match(SPATH, text, this.pos) < 0 ? '<' : undefined;
      case '>':
        return next === 61 ? '>=' : '>';
      case '&':
        return next === 38 ? '&&' : this.fail('&');
      case '|':
        return next === 124 ? '||' : this.fail('|');
      case '-':
        return next === 62 ? '->' : '-';
      case '+':
        return next === 43 ? '++' : '+';
      case '*':
        return '*';
      case '?':
        return '?';
      case '/':
        // `a //b` and `a /b` start a path in tree-sitter-nix; `/*` a comment (trivia took it).
        if (next === 47) return isPathChar(this.code(this.pos + 2)) ? this.fail('// before a path character') : '//';
        return isPathChar(this.code(this.pos + 1)) ? this.fail('/ before a path character') : '/';
      default:
        return undefined;
    }
  }

  private apply(): SyntaxCopy {
    const start = this.pos;
    let fn = this.select();
    for (;;) {
      this.trivia();
      if (!this.startsArgument()) return fn;
      const argument = this.select();
      fn = this.node('apply_expression', start, argument.end, [withField(fn, 'function'), withField(argument, 'argument')]);
    }
  }

  /** Whether what follows can start an application's argument (`_expr_select_expression`). */
  private startsArgument(): boolean {
    const c = this.code();
    if (Number.isNaN(c)) return false;
    if (this.pathEnd(this.pos) >= 0) return true;
    const ch = this.text[this.pos];
    if (ch === '"' || ch === '(' || ch === '[' || ch === '{' || ch === '~') return true;
    if (ch === "'" ) return this.text[this.pos + 1] === "'";
    if (ch === '<') return match(SPATH, this.text, this.pos) >= 0;
    if ((c >= 48 && c <= 57) || (ch === '.' && this.code(this.pos + 1) >= 48 && this.code(this.pos + 1) <= 57)) return true;
    if (isIdentifierStart(c)) {
      const end = identifierEnd(this.text, this.pos);
      if (isOr(this.text, this.pos, end)) this.fail('`or` outside a select');
      const keyword = keywordAt(this.text, this.pos, end);
      if (keyword === 'rec' || keyword === 'let') return this.after(end) === '{';
      return keyword === undefined;
    }
    return false;
  }

  private select(): SyntaxCopy {
    if (++this.depth > MAX_NESTING) this.fail('deep nesting');
    try {
      return this.selectAt();
    } finally {
      this.depth--;
    }
  }

  private selectAt(): SyntaxCopy {
    this.trivia();
    const start = this.pos;
    const subject = this.simple();
    // `import ./x.nix`: a path starting with `.` is an argument (the path scanner comes first).
    if (this.peek() !== '.' || this.pathEnd(this.pos) >= 0) return subject;
    if (this.text.startsWith('...', this.pos)) this.fail('... after an expression');
    const next = this.code(this.pos + 1);
    if (next >= 48 && next <= 57) this.fail('. before a digit');
    this.token(1);
    const attrpath = this.attrpath();
    const children = [withField(subject, 'expression'), withField(attrpath, 'attrpath')];
    let end = attrpath.end;
    if (this.isKeyword('or')) {
      this.token(2);
      const fallback = this.select();
      children.push(withField(fallback, 'default'));
      end = fallback.end;
    }
    return this.node('select_expression', start, end, children);
  }

  /** `_expr_simple`. */
  private simple(): SyntaxCopy {
    this.trivia();
    const start = this.pos;
    const text = this.text;
    const pathEnd = this.pathEnd(start);
    if (pathEnd >= 0) return this.path('path_expression', start, pathEnd);
    const c = this.code();
    const ch = text[start];
    if (isIdentifierStart(c)) {
      const wordEnd = identifierEnd(text, start);
      // Only an identifier followed by `:`, `+` or `.` may start a URI (see Skipper.code).
      const after = text.charCodeAt(wordEnd);
      const uriEnd = after === 58 || after === 43 || after === 46 ? this.uriEnd(start) : -1;
      if (uriEnd > wordEnd) {
        this.token(uriEnd - start);
        return this.node('uri_expression', start, uriEnd);
      }
      const keyword = keywordAt(text, start, wordEnd);
      if (keyword === 'rec' && this.after(start + 3) === '{') {
        this.token(3);
        return this.attrset('rec_attrset_expression', start);
      }
      if (keyword === 'let' && this.after(start + 3) === '{') {
        this.token(3);
        return this.attrset('let_attrset_expression', start);
      }
      const name = this.identifier();
      return this.node('variable_expression', start, name.end, [withField(name, 'name')]);
    }
    if ((c >= 48 && c <= 57) || ch === '.') {
      const floatEnd = match(FLOAT, text, start);
      const intEnd = match(INTEGER, text, start);
      if (floatEnd > intEnd) {
        // `01.5` and the like: tree-sitter's longest match is not obvious; leave it.
        if (ch === '0' && text[start + 1] !== '.') this.fail('float with a leading zero');
        this.token(floatEnd - start);
        return this.node('float_expression', start, floatEnd);
      }
      if (intEnd < 0) this.fail('expected an expression');
      this.token(intEnd - start);
      return this.node('integer_expression', start, intEnd);
    }
    switch (ch) {
      case '"':
        return this.string();
      case "'":
        if (text[start + 1] !== "'") this.fail("'");
        return this.indentedString();
      case '(': {
        this.token(1);
        const inner = this.expression();
        this.expect(')');
        return this.node('parenthesized_expression', start, this.pos, [withField(inner, 'expression')]);
      }
      case '{':
        return this.attrset('attrset_expression', start);
      case '[': {
        this.token(1);
        const elements: SyntaxCopy[] = [];
        while (this.peek() !== ']') {
          if (this.pos >= text.length) this.fail('unclosed list');
          elements.push(withField(this.select(), 'element'));
        }
        this.token(1);
        return this.node('list_expression', start, this.pos, elements);
      }
      case '~': {
        const end = match(HPATH_START, text, start);
        if (end < 0) this.fail('~');
        return this.path('hpath_expression', start, end);
      }
      case '<': {
        const end = match(SPATH, text, start);
        if (end < 0) this.fail('<');
        this.token(end - start);
        return this.node('spath_expression', start, end);
      }
      default:
        return this.fail('expected an expression');
    }
  }

  /** tree-sitter-nix's external scanner for a path's start (scan_path_start) at `at`, which
   * is after trivia: the end of the path_start token, or -1 when there is none. */
  private pathEnd(at: number): number {
    // Asked two or three times at each operand (operators, argument, simple): the last answer is kept.
    if (at === this.pathEndAt) return this.pathEndIs;
    const end = pathStartEnd(this.text, at);
    if (end === PATH_FOLLOWED_BY_STAR) this.fail('path followed by *');
    this.pathEndAt = at;
    this.pathEndIs = end;
    return end;
  }

  private pathEndAt = -1;
  private pathEndIs = -1;

  private uriEnd(at: number): number {
    return uriEnd(this.text, at);
  }

  /** A path or home path: its start token, then fragments and `${…}` written right after it. */
  private path(type: string, start: number, startEnd: number): SyntaxCopy {
    const text = this.text;
    const children: SyntaxCopy[] = [this.node('path_fragment', start, startEnd)];
    this.token(startEnd - start);
    for (;;) {
      const c = this.code();
      if (isPathChar(c)) {
        const at = this.pos;
        let end = at;
        while (isPathChar(text.charCodeAt(end))) end++;
        this.token(end - at);
        children.push(this.node('path_fragment', at, end));
      } else if (c === 36 && text.charCodeAt(this.pos + 1) === 123) {
        children.push(this.interpolation());
      } else if (c === 36) {
        this.fail('$ in a path');
      } else break;
    }
    return this.node(type, start, this.pos, children);
  }

  private interpolation(): SyntaxCopy {
    const start = this.pos;
    this.token(2);
    const inner = this.expression();
    this.expect('}');
    return this.node('interpolation', start, this.pos, [withField(inner, 'expression')]);
  }

  /** `"…"`: only its interpolations are copied (fragments and escapes are lexed from the text). */
  string(): SyntaxCopy {
    const text = this.text;
    const start = this.pos;
    this.pos++;
    const children: SyntaxCopy[] = [];
    for (;;) {
      const c = text[this.pos];
      if (c === undefined) this.fail('unclosed string');
      if (c === '"') break;
      if (c === '\\') {
        this.pos += 2;
      } else if (c === '$') {
        const next = text[this.pos + 1];
        if (next === '{') children.push(this.interpolation());
        else this.pos += next === '"' || next === '\\' ? 1 : 2;
      } else this.pos++;
    }
    this.token(1);
    return this.node('string_expression', start, this.pos, children);
  }

  /** `''…''`: escapes `'''`, `''$`, `''\x`; only interpolations are copied. */
  indentedString(): SyntaxCopy {
    const text = this.text;
    const start = this.pos;
    this.pos += 2;
    const children: SyntaxCopy[] = [];
    for (;;) {
      const c = text[this.pos];
      if (c === undefined) this.fail('unclosed indented string');
      if (c === "'" && text[this.pos + 1] === "'") {
        const next = text[this.pos + 2];
        if (next === "'" || next === '$') this.pos += 3;
        else if (next === '\\') {
          if (text[this.pos + 3] === '$') this.fail("''\\$");
          this.pos += 4;
        } else break;
      } else if (c === '$') {
        const next = text[this.pos + 1];
        if (next === '{') children.push(this.interpolation());
        else this.pos += next === "'" ? 1 : 2;
      } else this.pos++;
    }
    this.token(2);
    return this.node('indented_string_expression', start, this.pos, children);
  }

  private attrset(type: string, start: number): SyntaxCopy {
    this.expect('{');
    const children: SyntaxCopy[] = [];
    if (this.peek() !== '}') children.push(this.bindingSet('}'));
    this.expect('}');
    return this.node(type, start, this.pos, children);
  }

  /** Bindings up to `}` or the keyword `in`. */
  private bindingSet(until: '}' | 'in'): SyntaxCopy {
    this.trivia();
    const start = this.pos;
    const bindings: SyntaxCopy[] = [];
    for (;;) {
      this.trivia();
      if (this.pos >= this.text.length) this.fail('unclosed bindings');
      if (until === '}' ? this.text[this.pos] === '}' : this.isKeyword('in')) break;
      bindings.push(withField(this.binding(), 'binding'));
    }
    if (bindings.length === 0) this.fail('empty binding set');
    return this.node('binding_set', start, this.lastEnd, bindings);
  }

  private binding(): SyntaxCopy {
    const start = this.pos;
    if (this.isKeyword('inherit')) {
      this.token(7);
      if (this.peek() === '(') {
        this.token(1);
        const from = this.expression();
        this.expect(')');
        const attrs = this.inheritedAttrs();
        this.expect(';');
        return this.node('inherit_from', start, this.pos, [withField(from, 'expression'), withField(attrs, 'attrs')]);
      }
      const attrs = this.inheritedAttrs();
      this.expect(';');
      return this.node('inherit', start, this.pos, [withField(attrs, 'attrs')]);
    }
    const attrpath = this.attrpath();
    this.expect('=');
    const value = this.bindingValue();
    this.expect(';');
    return this.node('binding', start, this.pos, [withField(attrpath, 'attrpath'), withField(value, 'expression')]);
  }

  /** A binding's value: read over and deferred when it is worth it (see readNix). */
  private bindingValue(): SyntaxCopy {
    if (!this.defer || !this.building) return this.expression();
    this.trivia();
    const start = this.pos;
    const skipped = skipValue(this.text, start, this.depth);
    if (skipped) {
      const { end, literal } = skipped;
      if (end - start < DEFER_MIN_LENGTH && literal === undefined) return this.expression();
      this.pos = end;
      this.lastEnd = end;
      return new DeferredSyntax(literal ?? SKIPPED, start, end, this.text);
    }
    // Skipping gave up: read the value over to find its end.
    const saved = this.lastEnd;
    this.building = false;
    let skimmed: SyntaxCopy;
    try {
      skimmed = this.expression();
    } finally {
      this.building = true;
    }
    const { type, end } = skimmed;
    if (end - start < DEFER_MIN_LENGTH && type !== 'attrset_expression' && type !== 'rec_attrset_expression') {
      this.pos = start;
      this.lastEnd = saved;
      return this.expression();
    }
    return new DeferredSyntax(type, start, end, this.text);
  }

  private attrpath(): SyntaxCopy {
    this.trivia();
    const start = this.pos;
    const attrs = [withField(this.attr(), 'attr')];
    while (this.peek() === '.' && this.pathEnd(this.pos) < 0) {
      if (this.text.startsWith('...', this.pos)) this.fail('...');
      this.token(1);
      attrs.push(withField(this.attr(), 'attr'));
    }
    return this.node('attrpath', start, this.lastEnd, attrs);
  }

  private inheritedAttrs(): SyntaxCopy {
    this.trivia();
    const start = this.pos;
    const attrs: SyntaxCopy[] = [];
    while (this.peek() !== ';') {
      if (this.pos >= this.text.length) this.fail('unclosed inherit');
      attrs.push(withField(this.attr(), 'attr'));
    }
    if (attrs.length === 0) this.fail('empty inherit');
    return this.node('inherited_attrs', start, this.lastEnd, attrs);
  }

  /** An attribute name: identifier, string or `${…}`. */
  private attr(): SyntaxCopy {
    const c = this.peek();
    if (c === '"') return this.string();
    if (c === '$' && this.text[this.pos + 1] === '{') return this.interpolation();
    return this.identifier();
  }
}
