/**
 * Text edits on Nix source that keep it valid Nix, for `--fix`. Each builder returns
 * undefined when it cannot be sure of the result — the file has syntax errors, the place is
 * not the kind of syntax expected, a new attribute could collide with one already written —
 * and the rule then offers no fix: a fix that cannot be made safely is not offered.
 *
 * Builders work on the syntax of the file a value was written in (tree-sitter-nix), found
 * from the spans the evaluator records; they never guess from text alone.
 */
import type { TextEdit } from '../engine/finding.js';
import type { ParsedNix, SyntaxNode } from '../nix/parse.js';
import type { Span } from '../source/span.js';

/** Finds the syntax of a file in scope, as the lint parsed it. */
export type SyntaxLookup = (file: string) => ParsedNix | undefined;

/** The syntax of `file`, when it parsed without errors. */
function cleanSyntax(lookup: SyntaxLookup, file: string): ParsedNix | undefined {
  const parsed = lookup(file);
  return parsed && parsed.errors.length === 0 ? parsed : undefined;
}

/** The outermost node covering exactly [start, end). */
export function nodeAt(parsed: ParsedNix, start: number, end: number): SyntaxNode | undefined {
  let node: SyntaxNode | null = parsed.root.descendantForIndex(start, end);
  if (!node || node.startIndex !== start || node.endIndex !== end) return undefined;
  while (node.parent && node.parent.startIndex === start && node.parent.endIndex === end) node = node.parent;
  return node;
}

/** The attribute-path element (identifier, "string" or ${…}) written exactly at `at`. */
function attrNodeAt(parsed: ParsedNix, at: Span): SyntaxNode | undefined {
  let node: SyntaxNode | null = parsed.root.descendantForIndex(at.startIndex, at.endIndex);
  while (node && node.startIndex === at.startIndex && node.endIndex === at.endIndex) {
    if (node.parent?.type === 'attrpath') return node;
    node = node.parent;
  }
  return undefined;
}

const STRING_NODES = new Set(['string_expression', 'indented_string_expression']);

/**
 * Replaces the characters [start, end) of the file with `text`, where those characters are
 * plain text inside one string literal (no escape, no `${…}`): the edit changes the string's
 * value and nothing else. `text` must not contain `"`, `\`, `$`, `'` or a newline.
 */
export function replaceInStringLiteral(lookup: SyntaxLookup, at: { file: string; startIndex: number; endIndex: number }, text: string): TextEdit | undefined {
  if (/["\\$'\n]/.test(text)) return undefined;
  const parsed = cleanSyntax(lookup, at.file);
  if (!parsed) return undefined;
  // An insertion (empty range) must sit inside a fragment, or at its very start or end.
  const probeEnd = at.endIndex > at.startIndex ? at.endIndex : at.startIndex;
  const fragment = fragmentCovering(parsed, at.startIndex, probeEnd);
  if (!fragment) return undefined;
  return { file: at.file, startIndex: at.startIndex, endIndex: at.endIndex, text };
}

/** The string_fragment of a string literal that contains [start, end]. */
function fragmentCovering(parsed: ParsedNix, start: number, end: number): SyntaxNode | undefined {
  const candidates = [parsed.root.descendantForIndex(start, end)];
  // At the boundary between a fragment and the quote before or after it, tree-sitter can
  // answer with the quote token: look at the fragments on both sides too.
  if (start === end) candidates.push(parsed.root.descendantForIndex(Math.max(0, start - 1), start), parsed.root.descendantForIndex(start, start + 1));
  for (const node of candidates) {
    if (node?.type === 'string_fragment' && node.parent && STRING_NODES.has(node.parent.type) && node.startIndex <= start && end <= node.endIndex) return node;
  }
  return undefined;
}

/** The string literal written exactly at `at` (quotes included). */
export function stringLiteralAt(lookup: SyntaxLookup, at: Span): { parsed: ParsedNix; node: SyntaxNode } | undefined {
  const parsed = cleanSyntax(lookup, at.file);
  const node = parsed && nodeAt(parsed, at.startIndex, at.endIndex);
  return parsed && node && STRING_NODES.has(node.type) ? { parsed, node } : undefined;
}

/**
 * Inserts `text` right before the closing quote of the string literal at `at` (its end).
 * For a `"…"` string only; `text` must be plain (see replaceInStringLiteral).
 */
export function appendToStringLiteral(lookup: SyntaxLookup, at: Span, text: string): TextEdit | undefined {
  if (/["\\$'\n]/.test(text)) return undefined;
  const literal = stringLiteralAt(lookup, at);
  if (!literal || literal.node.type !== 'string_expression') return undefined;
  const close = literal.node.lastChild;
  if (!close || close.type !== '"') return undefined;
  return { file: at.file, startIndex: close.startIndex, endIndex: close.startIndex, text };
}

/**
 * Adds `line` as a new last line of an indented string `''…''` written at `at`, indented like
 * its other lines, when the closing `''` is on a line of its own. For an nginx extraConfig
 * that appends a directive; a comment on the last line cannot swallow it.
 */
export function appendLineToIndentedString(lookup: SyntaxLookup, at: Span, line: string): TextEdit | undefined {
  if (line.includes('\n') || line.includes("''") || line.includes('${')) return undefined;
  const literal = stringLiteralAt(lookup, at);
  if (!literal || literal.node.type !== 'indented_string_expression') return undefined;
  const { parsed, node } = literal;
  const close = node.lastChild;
  if (!close || close.type !== "''") return undefined;
  const closeLineStart = lineStart(parsed.text, close.startIndex);
  if (closeLineStart <= node.startIndex + 2 || parsed.text.slice(closeLineStart, close.startIndex).trim() !== '') return undefined;
  const indent = contentIndentation(parsed.text.slice(node.startIndex + 2, closeLineStart)) ?? `${indentationOf(parsed.text, close.startIndex)}  `;
  return { file: at.file, startIndex: closeLineStart, endIndex: closeLineStart, text: `${indent}${line}\n` };
}

/** The smallest indentation of the non-blank lines of an indented string's content (what Nix strips). */
function contentIndentation(content: string): string | undefined {
  let smallest: string | undefined;
  for (const line of content.split('\n').slice(1)) {
    if (line.trim() === '') continue;
    const indent = /^[ ]*/.exec(line)![0];
    if (smallest === undefined || indent.length < smallest.length) smallest = indent;
  }
  return smallest;
}

/**
 * Removes the binding whose value is written exactly at `valueAt` (`pull = "newer";`), when
 * the binding's attribute path is a plain path ending in `lastName`. The whole line goes when
 * the binding has it to itself (a trailing comment goes with it).
 */
export function removeBindingOfValue(lookup: SyntaxLookup, valueAt: Span, lastName: string): TextEdit | undefined {
  const parsed = cleanSyntax(lookup, valueAt.file);
  const value = parsed && nodeAt(parsed, valueAt.startIndex, valueAt.endIndex);
  const binding = value?.parent;
  if (!parsed || !value || binding?.type !== 'binding') return undefined;
  const attrpath = binding.namedChildren.find((child) => child.type === 'attrpath');
  const expression = binding.namedChildren.filter((child) => child.type !== 'comment' && child.type !== 'attrpath');
  if (!attrpath || expression.length !== 1 || expression[0].startIndex !== value.startIndex || expression[0].endIndex !== value.endIndex) return undefined;
  const names = attrNames(attrpath);
  if (!names || names[names.length - 1] !== lastName) return undefined;
  return { file: valueAt.file, ...removalRange(parsed.text, binding) };
}

/**
 * Removes a list element written exactly at `at`, when it is a direct element of a list
 * literal (`[ "--network=v6egress" "--pull=newer" ]`).
 */
export function removeListElement(lookup: SyntaxLookup, at: Span): TextEdit | undefined {
  const parsed = cleanSyntax(lookup, at.file);
  const element = parsed && nodeAt(parsed, at.startIndex, at.endIndex);
  if (!parsed || !element || element.parent?.type !== 'list_expression') return undefined;
  return { file: at.file, ...removalRange(parsed.text, element) };
}

/**
 * Removes several list elements at once (`"--pull" "newer"`): each as removeListElement does,
 * with removals that meet merged into one edit. Undefined when any of them cannot be removed.
 */
export function removeListElements(lookup: SyntaxLookup, sites: readonly Span[]): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  for (const site of sites) {
    const edit = removeListElement(lookup, site);
    if (!edit) return undefined;
    edits.push(edit);
  }
  // Removals that meet are one; one that leaves its line blank takes the line with it.
  const merged = mergeDeletions(edits).map((edit) => {
    const text = lookup(edit.file)!.text;
    const start = lineStart(text, edit.startIndex);
    const newline = text.indexOf('\n', edit.endIndex);
    const end = newline === -1 ? text.length : newline;
    const blankBefore = text.slice(start, edit.startIndex).trim() === '';
    const blankAfter = /^\s*(#.*)?$/.test(text.slice(edit.endIndex, end));
    return blankBefore && blankAfter && newline !== -1 ? { ...edit, startIndex: start, endIndex: newline + 1 } : edit;
  });
  return mergeDeletions(merged);
}

function mergeDeletions(edits: TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.startIndex - b.startIndex));
  const merged: TextEdit[] = [];
  for (const edit of sorted) {
    const last = merged[merged.length - 1];
    if (last && last.file === edit.file && edit.startIndex <= last.endIndex) last.endIndex = Math.max(last.endIndex, edit.endIndex);
    else merged.push({ ...edit });
  }
  return merged;
}

/** What to delete to remove a node: its line when it has the line to itself (bar a trailing
 * comment), else the node and the blanks before it. */
function removalRange(text: string, node: SyntaxNode): { startIndex: number; endIndex: number; text: '' } {
  const start = lineStart(text, node.startIndex);
  const newline = text.indexOf('\n', node.endIndex);
  const end = newline === -1 ? text.length : newline;
  const before = text.slice(start, node.startIndex);
  const after = text.slice(node.endIndex, end);
  if (before.trim() === '' && (after.trim() === '' || /^\s*#/.test(after))) {
    return { startIndex: start, endIndex: newline === -1 ? end : newline + 1, text: '' };
  }
  let from = node.startIndex;
  while (from > 0 && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
  // `[ "x" ]` → keep one blank between the brackets' neighbours.
  if (from === start || text[from - 1] === '[' || text[from - 1] === '{') from = node.startIndex;
  let to = node.endIndex;
  if (from === node.startIndex) while (to < end && (text[to] === ' ' || text[to] === '\t')) to++;
  return { startIndex: from, endIndex: to, text: '' };
}

/**
 * Appends an element to the list literal written exactly at `listAt`: on its own line when the
 * list has one element per line, else inline.
 */
export function appendListElement(lookup: SyntaxLookup, listAt: Span, element: string): TextEdit | undefined {
  const parsed = cleanSyntax(lookup, listAt.file);
  const list = parsed && nodeAt(parsed, listAt.startIndex, listAt.endIndex);
  if (!parsed || list?.type !== 'list_expression') return undefined;
  const { text } = parsed;
  const open = list.firstChild;
  const close = list.lastChild;
  if (open?.type !== '[' || close?.type !== ']') return undefined;
  const items = list.namedChildren.filter((child) => child.type !== 'comment');
  const last = items[items.length - 1];
  const edit = (at: number, insert: string, until = at): TextEdit => ({ file: listAt.file, startIndex: at, endIndex: until, text: insert });
  if (!last) {
    if (!text.slice(open.endIndex, close.startIndex).includes('\n')) return edit(open.endIndex, ` ${element} `, close.startIndex);
    const indent = indentationOf(text, close.startIndex);
    return edit(lineStart(text, close.startIndex), `${indent}  ${element}\n`);
  }
  if (sameLine(text, last.endIndex, close.startIndex)) return edit(last.endIndex, ` ${element}`);
  const lineEnd = text.indexOf('\n', last.endIndex);
  if (lineEnd === -1 || lineEnd > close.startIndex) return undefined;
  return edit(lineEnd, `\n${indentationOf(text, last.startIndex)}${element}`);
}

/**
 * Adds the binding `<prefix><name> = <value>;` next to the binding whose attribute path ends
 * with the key written at `keyAt`, where `prefix` is that path without its last attribute: for
 * `systemd.services.x.requires = …;` the new binding is `systemd.services.x.after = …;`, for
 * `requires = …;` inside `{ … }` it is `after = …;`. Not offered when an attribute in the same
 * attrset could collide with the new one.
 */
export function addSiblingBinding(lookup: SyntaxLookup, keyAt: Span, name: string, value: string): TextEdit | undefined {
  const parsed = cleanSyntax(lookup, keyAt.file);
  if (!parsed) return undefined;
  const key = attrNodeAt(parsed, keyAt);
  const attrpath = key?.parent;
  const binding = attrpath?.parent;
  if (!key || attrpath?.type !== 'attrpath' || binding?.type !== 'binding') return undefined;
  const elements = attrpath.namedChildren;
  if (elements[elements.length - 1]?.startIndex !== key.startIndex) return undefined;
  const names = attrNames(attrpath);
  if (!names) return undefined;
  const prefixText = parsed.text.slice(attrpath.startIndex, key.startIndex);
  return insertBindingAfter(parsed, binding, [...names.slice(0, -1), name], `${prefixText}${attrName(name)} = ${value};`);
}

/**
 * Adds `<path> = <value>;` after the binding that defines `definedAt`'s attribute, at the
 * level of the module's configuration: the binding's path must be `<configPrefix><setPath>.<name>`
 * with `configPrefix` empty or `config`, so that the new path is rooted where the container's
 * is. For creating `systemd.services.<unit>.after` next to the container definition.
 */
export function addBindingAtConfigRoot(lookup: SyntaxLookup, definedAt: Span, setPath: readonly string[], path: readonly string[], value: string): TextEdit | undefined {
  const parsed = cleanSyntax(lookup, definedAt.file);
  if (!parsed) return undefined;
  const key = attrNodeAt(parsed, definedAt);
  const attrpath = key?.parent;
  const binding = attrpath?.parent;
  if (!key || attrpath?.type !== 'attrpath' || binding?.type !== 'binding') return undefined;
  const names = attrNames(attrpath);
  if (!names) return undefined;
  const prefixLength = names.length - setPath.length - 1;
  if (prefixLength < 0 || names.slice(prefixLength, -1).join('\0') !== setPath.join('\0')) return undefined;
  const prefix = names.slice(0, prefixLength);
  if (!(prefix.length === 0 || (prefix.length === 1 && prefix[0] === 'config'))) return undefined;
  // The binding must sit in a module attrset, not in a `let`.
  if (binding.parent?.type !== 'binding_set' || binding.parent.parent?.type !== 'attrset_expression') return undefined;
  const fullPath = [...prefix, ...path];
  return insertBindingAfter(parsed, binding, fullPath, `${fullPath.map(attrName).join('.')} = ${value};`);
}

function insertBindingAfter(parsed: ParsedNix, binding: SyntaxNode, path: string[], bindingText: string): TextEdit | undefined {
  const set = binding.parent;
  if (set?.type !== 'binding_set' || collides(set, path)) return undefined;
  const { text } = parsed;
  const lineEnd = text.indexOf('\n', binding.endIndex);
  const rest = text.slice(binding.endIndex, lineEnd === -1 ? text.length : lineEnd);
  const ownsLine = text.slice(lineStart(text, binding.startIndex), binding.startIndex).trim() === '';
  if (ownsLine && lineEnd !== -1 && (rest.trim() === '' || /^\s*#/.test(rest))) {
    return { file: parsed.file, startIndex: lineEnd, endIndex: lineEnd, text: `\n${indentationOf(text, binding.startIndex)}${bindingText}` };
  }
  return { file: parsed.file, startIndex: binding.endIndex, endIndex: binding.endIndex, text: ` ${bindingText}` };
}

/**
 * Whether a new binding of `path` in this binding set would be an error or change the meaning
 * of another: the same path is written already, or a prefix of it (or a path under it) is
 * bound to something that is not an attrset literal Nix could merge with.
 */
function collides(set: SyntaxNode, path: readonly string[]): boolean {
  for (const child of set.namedChildren) {
    if (child.type === 'inherit' || child.type === 'inherit_from') {
      const inherited = child.namedChildren.find((c) => c.type === 'inherited_attrs')?.namedChildren ?? [];
      if (inherited.some((attr) => attr.text === path[0])) return true;
      continue;
    }
    if (child.type !== 'binding') continue;
    const attrpath = child.namedChildren.find((c) => c.type === 'attrpath');
    const names = attrpath && attrNames(attrpath);
    if (!names) return true;
    const shared = Math.min(names.length, path.length);
    if (names.slice(0, shared).join('\0') !== path.slice(0, shared).join('\0')) continue;
    if (names.length === path.length) return true;
    if (names.length < path.length) {
      const value = child.namedChildren.filter((c) => c !== attrpath && c.type !== 'comment')[0];
      if (value?.type !== 'attrset_expression' && value?.type !== 'rec_attrset_expression') return true;
      // The attrset literal must not already define the rest of the path.
      const inner = value.namedChildren.find((c) => c.type === 'binding_set');
      if (inner && collides(inner, path.slice(names.length))) return true;
    }
  }
  return false;
}

/** The names of a static attribute path (`a."b".c`); undefined when a part is interpolated. */
export function attrNames(attrpath: SyntaxNode): string[] | undefined {
  const names: string[] = [];
  for (const part of attrpath.namedChildren) {
    if (part.type === 'identifier') names.push(part.text);
    else if (part.type === 'string_expression' && part.namedChildren.every((c) => c.type === 'string_fragment')) names.push(part.namedChildren.map((c) => c.text).join(''));
    else return undefined;
  }
  return names;
}

/** An attribute name as Nix source: bare when it is an identifier, else quoted. */
export function attrName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_'-]*$/.test(name) && !['if', 'then', 'else', 'let', 'in', 'rec', 'with', 'inherit', 'assert', 'or'].includes(name) ? name : JSON.stringify(name).replace(/\$\{/g, '\\${');
}

/** A Nix string literal for plain text. */
export function nixString(text: string): string {
  return JSON.stringify(text).replace(/\$\{/g, '\\${');
}

function lineStart(text: string, index: number): number {
  return text.lastIndexOf('\n', index - 1) + 1;
}

function indentationOf(text: string, index: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart(text, index), index))![0];
}

function sameLine(text: string, from: number, to: number): boolean {
  return !text.slice(from, to).includes('\n');
}
