/** The `json` format (SPEC section 3): one JSON document on stdout for CI, nothing else. */
import type { Finding } from '../engine/finding.js';
import { countSeverities } from './summary.js';

/** What the report needs of a lint result (a LintResult fits). */
export interface JsonReportInput {
  root: string;
  host: string;
  findings: readonly Finding[];
  suppressed: readonly Finding[];
  files: number;
}

export interface JsonReport {
  version: 1;
  root: string;
  host: string;
  findings: Finding[];
  suppressed: Finding[];
  summary: { errors: number; warnings: number; files: number; durationMs: number };
}

export function toJsonReport(input: JsonReportInput, durationMs: number): JsonReport {
  const { errors, warnings } = countSeverities(input.findings);
  return {
    version: 1,
    root: input.root,
    host: input.host,
    findings: input.findings.map(publicFinding),
    suppressed: input.suppressed.map(publicFinding),
    summary: { errors, warnings, files: input.files, durationMs: Math.round(durationMs) },
  };
}

/** Compact, one line: CI pipes it to jq or a file, and humans have `stylish`. */
export function formatJson(input: JsonReportInput, durationMs: number): string {
  return `${JSON.stringify(toJsonReport(input, durationMs))}\n`;
}

/** Copies exactly the documented keys, in a stable order, so that nothing a rule attaches
 * for its own use leaks into a published format. */
function publicFinding(finding: Finding): Finding {
  const { ruleId, severity, message, file, line, column, endLine, endColumn, related, fix, suppression } = finding;
  const copy: Finding = { ruleId, severity, message, file, line, column, endLine, endColumn };
  if (related && related.length > 0) copy.related = related.map(({ file, line, column, message }) => ({ file, line, column, message }));
  if (fix) copy.fix = { description: fix.description, edits: fix.edits.map(({ file, startIndex, endIndex, text }) => ({ file, startIndex, endIndex, text })) };
  // Only suppressed findings have one: the directive's reason and place.
  if (suppression) copy.suppression = { kind: suppression.kind, justification: suppression.justification, file: suppression.file, line: suppression.line, column: suppression.column };
  return copy;
}
