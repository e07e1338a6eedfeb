/** The registry's rules as the reports describe them: severity under the policy, and the
 * documentation shipped in docs/rules/ (which `explain` prints). */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Policy } from '../engine/policy.js';
import type { Rule } from '../engine/rule.js';
import { effectiveSeverity } from '../engine/run-rules.js';
import type { ReportRule } from '../report/report-rule.js';
import { ruleDocPath } from './explain.js';

export function reportRules(rules: readonly Rule[], policy: Policy): ReportRule[] {
  return rules.map((rule) => {
    const docPath = ruleDocPath(rule.id);
    let doc: string | undefined | null = null;
    return {
      id: rule.id,
      summary: rule.summary,
      defaultSeverity: rule.defaultSeverity,
      severity: effectiveSeverity(rule, policy),
      fixable: rule.fixable,
      helpUri: pathToFileURL(docPath).href,
      doc: () => {
        if (doc === null) {
          try {
            doc = readFileSync(docPath, 'utf8');
          } catch {
            doc = undefined;
          }
        }
        return doc;
      },
    };
  });
}
