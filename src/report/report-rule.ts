import type { Severity } from '../engine/finding.js';

/** What the machine-readable reports (sarif, junit) say about each rule of the run, whether or
 * not it reported anything: SARIF wants every rule in `rules[]`, JUnit one testcase per rule. */
export interface ReportRule {
  id: string;
  /** One line, from the registry. */
  summary: string;
  defaultSeverity: Severity;
  /** The severity the rule ran at under the policy; undefined when the policy turned it off. */
  severity?: Severity;
  fixable: boolean;
  /** Where its documentation is: an absolute URI. */
  helpUri: string;
  /** Its documentation (Markdown), read on demand; undefined when it cannot be read. */
  doc(): string | undefined;
}

/** The rules a report describes when the caller gave none: those that reported, at their
 * findings' severity. */
export function rulesOfFindings(findings: readonly { ruleId: string; severity: Severity }[]): ReportRule[] {
  const byId = new Map<string, ReportRule>();
  for (const finding of findings) {
    if (byId.has(finding.ruleId)) continue;
    byId.set(finding.ruleId, {
      id: finding.ruleId,
      summary: finding.ruleId,
      defaultSeverity: finding.severity,
      severity: finding.severity,
      fixable: false,
      helpUri: `urn:powersync-lint:rule:${finding.ruleId}`,
      doc: () => undefined,
    });
  }
  return [...byId.values()];
}
