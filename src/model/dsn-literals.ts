import type { Span } from '../source/span.js';
import type { ParsedNix } from '../nix/parse.js';
import { findDsns, parseDsn, type Dsn } from '../powersync/dsn.js';
import type { DsnProblem } from '../powersync/dsn-checks.js';
import type { ConfigDocument } from './nix-document.js';
import type { YamlPath } from '../yaml/path.js';

/** A PostgreSQL DSN written in plain text somewhere the host uses. */
export interface DsnLiteral {
  text: string;
  at: Span;
  /** Whether the DSN contains `${…}`: its parts may not be what is written. */
  interpolated: boolean;
}

const STRING_NODES = ['string_expression', 'indented_string_expression'];

/** DSNs inside Nix string literals (comments are not scanned: they configure nothing). */
export function nixDsnLiterals(files: Iterable<ParsedNix>): DsnLiteral[] {
  const found: DsnLiteral[] = [];
  for (const parsed of files) {
    if (!/postgres(ql)?:\/\//i.test(parsed.text)) continue;
    for (const node of parsed.root.descendantsOfType(STRING_NODES)) {
      if (node.parent && STRING_NODES.includes(node.parent.type)) continue;
      for (const match of findDsns(node.text)) {
        const start = node.startIndex + match.start;
        found.push({ text: match.text, at: parsed.lines.span(parsed.file, start, start + match.text.length), interpolated: match.text.includes('${') });
      }
    }
  }
  return found;
}

/** DSNs among the string values of a configuration document. */
export function documentDsnLiterals(document: ConfigDocument): DsnLiteral[] {
  const found: DsnLiteral[] = [];
  const visit = (value: unknown, path: (string | number)[]): void => {
    if (typeof value === 'string') {
      for (const match of findDsns(value)) {
        const at = document.spanOf(path as YamlPath);
        if (at) found.push({ text: match.text, at, interpolated: false });
      }
    } else if (Array.isArray(value)) value.forEach((item, i) => visit(item, [...path, i]));
    else if (value && typeof value === 'object' && value.constructor === Object) {
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
    }
  };
  visit(document.value, []);
  return found;
}

/** The span of characters [start, end) of the DSN, when its span maps 1:1 onto its text; else the whole DSN. */
export function spanWithin(literal: DsnLiteral, start: number, end: number): Span {
  const { at, text } = literal;
  if (at.line !== at.endLine || at.endIndex - at.startIndex !== text.length) return at;
  return { ...at, startIndex: at.startIndex + start, endIndex: at.startIndex + end, column: at.column + start, endColumn: at.column + end };
}

/** What `check` finds in each DSN literal that parses, placed on the characters it names. */
export function dsnLiteralProblems(literals: DsnLiteral[], check: (dsn: Dsn, text: string) => DsnProblem[]): { at: Span; message: string }[] {
  const found: { at: Span; message: string }[] = [];
  for (const literal of literals) {
    const dsn = parseDsn(literal.text);
    if (!dsn.ok) continue;
    for (const problem of check(dsn, literal.text)) found.push({ at: spanWithin(literal, problem.start, problem.end), message: `${problem.message}.` });
  }
  return found;
}
