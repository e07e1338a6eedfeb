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
  // One cannot-verify finding per unknown value, naming every rule that needed it.
  const unverified = new Map<string, { at: Span; what: string; reason: string; rules: string[] }>();
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
      report: (at, message, options) => add(findingAt(rule.id, options?.severity === 'warning' ? 'warning' : severity, message, at, options?.related, options?.fix)),
      cannotVerify: (what, value, fallback) => {
        const at: Span | undefined = value.origin ?? fallback;
        if (!cannotVerifySeverity || !at) return;
        const key = `${at.file}\0${at.startIndex}\0${at.endIndex}\0${what}\0${value.reason}`;
        const entry = unverified.get(key) ?? { at, what, reason: value.reason, rules: [] };
        if (!entry.rules.includes(rule.id)) entry.rules.push(rule.id);
        unverified.set(key, entry);
      },
    };
    rule.check(context);
  }
  for (const { at, what, reason, rules: needing } of unverified.values()) {
    add(findingAt('cannot-verify', cannotVerifySeverity!, `${listOf(needing)} cannot verify ${what}: ${reason}.`, at));
  }
  return [...findings.values()].sort(compareFindings);
}

function listOf(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
