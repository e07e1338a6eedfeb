import type { Span } from '../source/span.js';
import type { HostModel } from '../model/host-model.js';
import type { Finding, Severity } from './finding.js';
import { compareFindings, findingAt } from './finding.js';
import type { Policy } from './policy.js';
import type { Rule, RuleContext } from './rule.js';

/** The severity a rule runs at under the policy, or undefined when it is off. */
export function effectiveSeverity(rule: Rule, policy: Policy): Severity | undefined {
  const setting = policy.rules[rule.id];
  if (setting === 'off') return undefined;
  return setting ?? rule.defaultSeverity;
}

/** Runs every enabled rule over the model; findings are deduplicated and sorted. */
export function runRules(rules: Rule[], model: HostModel, policy: Policy): Finding[] {
  const findings = new Map<string, Finding>();
  const cannotVerifyRule = rules.find((r) => r.id === 'cannot-verify');
  const cannotVerifySeverity = cannotVerifyRule ? effectiveSeverity(cannotVerifyRule, policy) : undefined;
  const add = (finding: Finding) => {
    const key = `${finding.ruleId}\0${finding.file}\0${finding.line}\0${finding.column}\0${finding.message}`;
    if (!findings.has(key)) findings.set(key, finding);
  };
  for (const rule of rules) {
    const severity = effectiveSeverity(rule, policy);
    if (!severity) continue;
    const context: RuleContext = {
      model,
      policy,
      report: (at, message, options) => add(findingAt(rule.id, severity, message, at, options?.related, options?.fix)),
      cannotVerify: (what, value, fallback) => {
        const at: Span | undefined = value.origin ?? fallback;
        if (!cannotVerifySeverity || !at) return;
        add(findingAt('cannot-verify', cannotVerifySeverity, `${rule.id} cannot verify ${what}: ${value.reason}.`, at));
      },
    };
    rule.check(context);
  }
  return [...findings.values()].sort(compareFindings);
}
