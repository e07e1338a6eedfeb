import type { Rule } from '../src/engine/rule.js';
import { ruleSink, serviceConfigSource } from '../src/engine/config-checks.js';
import { syncConfigProblems } from '../src/powersync/sync-config-checks.js';
import { validateSyncRules } from '../src/powersync/sync-rules.js';

const rule: Rule = {
  id: 'sync-rules-valid',
  defaultSeverity: 'error',
  fixable: false,
  summary: "The sync rules the service config names reach the container from a file in ROOT, and PowerSync's own parser accepts them, SQL included.",
  check(context) {
    const { model, report, cannotVerify } = context;
    const source = serviceConfigSource(context);
    if (!source) return;
    syncConfigProblems(source, { policy: true }, ruleSink(context));
    const rules = model.syncRules;
    if (!rules) return;
    if (rules.kind === 'unknown') return cannotVerify('the sync rules', rules, model.container?.definedAt);
    if (rules.kind === 'missing') return report(rules.at, `${rules.message}.`);
    // A file that is not valid YAML is reported by yaml-parse-error; its SQL cannot be read.
    if (rules.yamlErrors.length > 0) return;
    for (const issue of validateSyncRules(rules.text)) {
      report(rules.locate(issue.start, issue.end), issue.message, { severity: issue.severity === 'warning' ? 'warning' : undefined });
    }
  },
};

export default rule;
