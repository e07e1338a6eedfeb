/** Fingerprints that identify a finding across commits (SARIF `partialFingerprints`): what was
 * found, in which file, on which text — never the line number, so that an edit elsewhere in the
 * file (a line added above) keeps every fingerprint, as checkov's baselines and GitHub code
 * scanning's alert tracking need. */
import { createHash } from 'node:crypto';
import type { Finding } from '../engine/finding.js';

/** Splits a file into lines once per file. */
export class SourceLines {
  private readonly cache = new Map<string, string[] | undefined>();

  constructor(private readonly readFile: (file: string) => string | undefined) {}

  lines(file: string): string[] | undefined {
    if (!this.cache.has(file)) this.cache.set(file, this.readFile(file)?.split(/\r?\n/));
    return this.cache.get(file);
  }

  /** The text of a 1-based range (endColumn exclusive); undefined when the file or line is gone. */
  text(file: string, range: { line: number; column: number; endLine: number; endColumn: number }): string | undefined {
    const lines = this.lines(file);
    if (!lines || range.line < 1 || range.line > lines.length) return undefined;
    const endLine = Math.min(Math.max(range.endLine, range.line), lines.length);
    if (endLine === range.line) return lines[range.line - 1].slice(range.column - 1, Math.max(range.column - 1, range.endColumn - 1));
    const parts = [lines[range.line - 1].slice(range.column - 1), ...lines.slice(range.line, endLine - 1), lines[endLine - 1].slice(0, range.endColumn - 1)];
    return parts.join('\n');
  }

  line(file: string, line: number): string | undefined {
    const lines = this.lines(file);
    return lines && line >= 1 && line <= lines.length ? lines[line - 1] : undefined;
  }
}

/** One fingerprint per finding, in order: a hash of the rule, the file, the finding's text and
 * the text of its line (whitespace-normalised), and how many identical ones came before it in
 * the file. Without the source (unreadable file), the message stands in for the text. */
export function findingFingerprints(findings: readonly Finding[], source: SourceLines): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const text = source.text(finding.file, finding);
    const context = source.line(finding.file, finding.line);
    const material = [finding.ruleId, finding.file, normalise(text ?? finding.message), normalise(context ?? '')].join('\0');
    const occurrence = seen.get(material) ?? 0;
    seen.set(material, occurrence + 1);
    return `${createHash('sha256').update(material).digest('hex').slice(0, 32)}:${occurrence + 1}`;
  });
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
