/** Finds the suppression directives of one file and what each covers (SPEC section 6):
 *
 * - in a `.nix` file, a `#` comment; `disable-next-line` covers the next line, and when that
 *   line starts a binding (`name = …;`, `inherit …;`) the whole binding — so a comment above
 *   `extraConfig = ''…'';` covers every finding inside the string;
 * - in a Nix string (YAML or nginx text written in a `.nix` file), a `#` comment of that text;
 *   it covers the next line of the string, and when the string is YAML and that line starts a
 *   key, the key with everything under it. Offsets map 1:1 from the string's source to the
 *   file, so the scope is a range of the `.nix` file, where findings in the string point;
 * - in a YAML file, a `#` comment; the next line, or the key that starts there.
 *
 * Comment lines right below a directive are skipped to find "the next line", so directives
 * can be stacked. Nothing here runs for a file without the text `powersync-lint-`. */
import { isMap, isNode, isScalar, isSeq, parseDocument } from 'yaml';
import type { ParsedNix, SyntaxNode } from '../nix/parse.js';
import { LineMap, type Span } from '../source/span.js';
import { DIRECTIVE_PREFIX, parseDirective, type DirectiveKind, type NamedRule } from './suppression-directives.js';

/** A range of a file, by offsets, with its 1-based positions. */
export interface Scope {
  start: { line: number; column: number };
  /** Exclusive. */
  end: { line: number; column: number };
  /** For messages: `on line 12`, `in the binding extraConfig (lines 10-24)`, `in the key storage (lines 3-9)`. */
  description: string;
}

export interface Directive {
  file: string;
  kind?: DirectiveKind;
  /** The whole comment. */
  at: Span;
  rules: (NamedRule & { at: Span })[];
  reason: string;
  problems: { message: string; at: Span }[];
  /** What a `disable-next-line` covers; undefined for `disable-file`, and when the comment is
   * the last line. */
  scope?: Scope;
}

/** How a file's text is to be read. */
export type FileSyntax = { language: 'nix'; parsed: ParsedNix } | { language: 'yaml' };

/** Every directive in the file, valid or not, in source order. */
export function scanDirectives(file: string, text: string, syntax: FileSyntax, knownRuleIds: readonly string[]): Directive[] {
  if (!text.includes(DIRECTIVE_PREFIX)) return [];
  const lines = syntax.language === 'nix' ? syntax.parsed.lines : new LineMap(text);
  const directives: Directive[] = [];
  const pattern = /#[ \t]*powersync-lint-/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const start = match.index;
    const context = commentContext(text, start, syntax);
    if (!context) continue;
    const end = endOfComment(text, start, context.end);
    const comment = text.slice(start, end);
    const parsed = parseDirective(comment, knownRuleIds);
    if (!parsed) continue;
    const spanAt = (from: number, to: number) => lines.span(file, start + from, start + to);
    directives.push({
      file,
      kind: parsed.kind,
      at: spanAt(0, comment.length),
      rules: parsed.rules.map((rule) => ({ ...rule, at: spanAt(rule.start, rule.end) })),
      reason: parsed.reason,
      problems: parsed.problems.map((problem) => ({ message: problem.message, at: spanAt(problem.start, problem.end) })),
      scope: parsed.kind === 'next-line' ? nextLineScope(text, lines, end, context) : undefined,
    });
  }
  return directives;
}

/** Where a `#` at `index` sits, when it starts a comment of the file's language or of text in a
 * Nix string; undefined when it is not a comment (inside a quoted string, say). */
type CommentContext =
  | { kind: 'nix-comment'; parsed: ParsedNix; end: number }
  | { kind: 'nix-string'; parsed: ParsedNix; string: SyntaxNode; end: number }
  | { kind: 'yaml'; end: number };

function commentContext(text: string, index: number, syntax: FileSyntax): CommentContext | undefined {
  if (syntax.language === 'yaml') return startsTextComment(text, index) ? { kind: 'yaml', end: text.length } : undefined;
  const { parsed } = syntax;
  const node = parsed.root.descendantForIndex(index);
  if (node.type === 'comment') return node.startIndex === index && text[index] === '#' ? { kind: 'nix-comment', parsed, end: node.endIndex } : undefined;
  for (let n: SyntaxNode | null = node; n; n = n.parent) {
    if (n.type === 'indented_string_expression' || n.type === 'string_expression') {
      return startsTextComment(text, index) ? { kind: 'nix-string', parsed, string: n, end: n.endIndex } : undefined;
    }
  }
  return undefined;
}

/** In YAML and nginx text, `#` starts a comment at the start of a line or after a blank. */
function startsTextComment(text: string, index: number): boolean {
  return index === 0 || /\s/.test(text[index - 1]);
}

function endOfComment(text: string, start: number, limit: number): number {
  const newline = text.indexOf('\n', start);
  let end = Math.min(newline === -1 ? text.length : newline, limit);
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}

/** The line after the directive, skipping comment lines, and the binding or key starting there. */
function nextLineScope(text: string, lines: LineMap, commentEnd: number, context: CommentContext): Scope | undefined {
  let lineStart = text.indexOf('\n', commentEnd);
  if (lineStart === -1) return undefined;
  lineStart++;
  for (;;) {
    const first = firstNonBlank(text, lineStart);
    if (first < text.length && text[first] === '#') {
      const next = text.indexOf('\n', first);
      if (next === -1) return undefined;
      lineStart = next + 1;
      continue;
    }
    // A directive on the last line of a string covers nothing of it.
    if (context.kind === 'nix-string' && lineStart >= context.string.endIndex) return undefined;
    const range = context.kind === 'nix-comment' ? nixBinding(context.parsed, first) : yamlKey(text, first, context);
    const line = lines.position(lineStart).line;
    if (range) {
      const start = lines.position(range.start);
      const end = lines.position(range.end);
      const extent = end.line === start.line ? `line ${start.line}` : `lines ${start.line}-${end.line}`;
      return { start, end, description: `in the ${range.what} ${range.name} (${extent})` };
    }
    return { start: { line, column: 1 }, end: { line: line + 1, column: 1 }, description: `on line ${line}` };
  }
}

function firstNonBlank(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r')) i++;
  return i;
}

interface Covered {
  start: number;
  end: number;
  what: 'binding' | 'key' | 'entry';
  name: string;
}

const BINDING_TYPES = new Set(['binding', 'inherit', 'inherit_from']);

/** The binding that starts at `index` (its attrpath or `inherit` is the line's first token). */
function nixBinding(parsed: ParsedNix, index: number): Covered | undefined {
  if (index >= parsed.text.length) return undefined;
  let found: SyntaxNode | undefined;
  for (let n: SyntaxNode | null = parsed.root.descendantForIndex(index); n && n.startIndex === index; n = n.parent) {
    if (BINDING_TYPES.has(n.type)) found = n;
  }
  if (!found) return undefined;
  const name = found.type === 'binding' ? (found.namedChildren.find((child) => child.type === 'attrpath')?.text ?? '') : 'inherit';
  return { start: found.startIndex, end: found.endIndex, what: 'binding', name: name.length > 40 ? `${name.slice(0, 39)}…` : name };
}

/** The YAML key that starts at `index` with everything under it; for a sequence entry
 * (`- type: postgresql`), the whole entry. The text is the file, or the source of the Nix string:
 * parsed as written, interpolations and all, so that offsets are offsets of the file. */
function yamlKey(text: string, index: number, context: CommentContext): Covered | undefined {
  let contentStart = index;
  while (text[contentStart] === '-' && (text[contentStart + 1] === ' ' || text[contentStart + 1] === '\t')) contentStart = firstNonBlank(text, contentStart + 1);
  const [from, to] = context.kind === 'nix-string' ? stringContent(context.string) : [0, text.length];
  if (contentStart < from || contentStart >= to) return undefined;
  const source = text.slice(from, to);
  const document = parseDocument(source, { prettyErrors: false, uniqueKeys: false });
  const found = nodeStartingAt(document.contents, contentStart - from, contentStart !== index);
  if (!found) return undefined;
  let end = from + found.end;
  while (end > index && /\s/.test(text[end - 1])) end--;
  const name = found.name.length > 40 ? `${found.name.slice(0, 39)}…` : found.name;
  return { start: index, end, what: found.entry ? 'entry' : 'key', name };
}

/** The source range of a string's text, without its quotes. */
function stringContent(string: SyntaxNode): [number, number] {
  const quote = string.type === 'indented_string_expression' ? 2 : 1;
  return [string.startIndex + quote, Math.max(string.startIndex + quote, string.endIndex - quote)];
}

interface Found {
  /** End offset in the parsed text. */
  end: number;
  name: string;
  /** A whole sequence entry rather than one key. */
  entry: boolean;
}

/** The key whose text starts at `offset`, or with `entry`, the sequence entry whose value does. */
function nodeStartingAt(root: unknown, offset: number, entry: boolean): Found | undefined {
  const stack: unknown[] = [root];
  let budget = 100_000;
  while (stack.length > 0 && budget-- > 0) {
    const current = stack.pop();
    if (isMap(current)) {
      for (const item of current.items) {
        const key = isNode(item.key) ? item.key : undefined;
        const value = isNode(item.value) ? item.value : undefined;
        if (!entry && key?.range && key.range[0] === offset) {
          return { end: Math.max(key.range[1], value?.range?.[1] ?? 0), name: String(isScalar(key) ? key.value : 'key'), entry: false };
        }
        if (value) stack.push(value);
      }
    } else if (isSeq(current)) {
      for (const item of current.items) {
        if (entry && isNode(item) && item.range && item.range[0] === offset) {
          const first = isMap(item) ? item.items[0]?.key : undefined;
          return { end: item.range[1], name: isScalar(first) ? `- ${String(first.value)}: …` : '-', entry: true };
        }
        stack.push(item);
      }
    }
  }
  return undefined;
}
