import type { Span } from '../source/span.js';

export type Severity = 'error' | 'warning';

export interface RelatedLocation {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** A text replacement in one file, targeting the literal a value was written at. */
export interface TextEdit {
  file: string;
  startIndex: number;
  endIndex: number;
  text: string;
}

export interface Fix {
  description: string;
  edits: TextEdit[];
}

/** How a finding listed under `suppressed` was silenced: a directive in the source
 * (SPEC section 6), whose reason is the justification. */
export interface Suppression {
  kind: 'inSource';
  justification: string;
  /** Where the directive is written. */
  file: string;
  line: number;
  column: number;
}

/** One finding, in the shape of SPEC section 3 (1-based lines and columns, POSIX paths relative to ROOT). */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  related?: RelatedLocation[];
  fix?: Fix;
  /** Only on a finding listed under `suppressed`. */
  suppression?: Suppression;
}

export function findingAt(ruleId: string, severity: Severity, message: string, at: Span, related?: { at: Span; message: string }[], fix?: Fix): Finding {
  const finding: Finding = {
    ruleId,
    severity,
    message,
    file: at.file,
    line: at.line,
    column: at.column,
    endLine: at.endLine,
    endColumn: at.endColumn,
  };
  if (related && related.length > 0) {
    finding.related = related.map((r) => ({ file: r.at.file, line: r.at.line, column: r.at.column, message: r.message }));
  }
  if (fix) finding.fix = fix;
  return finding;
}

/** Stable order for output: file, line, column, rule. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);
}
