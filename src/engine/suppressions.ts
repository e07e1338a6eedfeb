/** The suppression stage (SPEC section 6), between the rules and the report: findings covered
 * by a directive move to `suppressed`; a directive that is malformed, has no reason, names an
 * unknown rule or is forbidden by the policy is an `invalid-suppression`; one that silences
 * nothing is an `unused-suppression`. A directive with any problem silences nothing, so that
 * the finding it meant to hide is reported beside the problem. */
import { parseNix, type ParsedNix } from '../nix/parse.js';
import type { SourceTree } from '../source/tree.js';
import type { Span } from '../source/span.js';
import { compareFindings, findingAt, type Finding, type Severity } from './finding.js';
import type { Policy } from './policy.js';
import type { Rule } from './rule.js';
import { effectiveSeverity } from './run-rules.js';
import { scanDirectives, type Directive, type FileSyntax, type Scope } from './suppression-scan.js';
import { SUPPRESSION_RULES } from './suppression-directives.js';

export const INVALID_SUPPRESSION = 'invalid-suppression';
export const UNUSED_SUPPRESSION = 'unused-suppression';

export interface SuppressionInput {
  /** The rules' findings. */
  findings: readonly Finding[];
  tree: SourceTree;
  /** Files the lint read: each `.nix` and YAML file among them is searched for directives. */
  files: Iterable<string>;
  /** Nix files already parsed by the evaluator, by path. */
  parsed: ReadonlyMap<string, ParsedNix>;
  rules: readonly Rule[];
  policy: Policy;
}

export interface SuppressionResult {
  /** Findings still reported, with the stage's own, sorted. */
  findings: Finding[];
  suppressed: Finding[];
}

export function applySuppressions(input: SuppressionInput): SuppressionResult {
  const knownRuleIds = input.rules.map((rule) => rule.id);
  const directives = collectDirectives(input, knownRuleIds);
  if (directives.length === 0) return { findings: [...input.findings], suppressed: [] };

  const severityOf = (id: string): Severity | undefined => {
    const rule = input.rules.find((r) => r.id === id);
    return rule ? effectiveSeverity(rule, input.policy) : id === INVALID_SUPPRESSION ? 'error' : 'warning';
  };
  const stageFindings: Finding[] = [];
  const report = (ruleId: string, message: string, at: Span) => {
    const severity = severityOf(ruleId);
    if (severity) stageFindings.push(findingAt(ruleId, severity, message, at));
  };

  // Directives that may silence findings, and which of their rules did.
  const active: { directive: Directive; used: Set<string> }[] = [];
  for (const directive of directives) {
    const problems = policyProblems(directive, input.policy) ?? directive.problems;
    for (const problem of problems) report(INVALID_SUPPRESSION, problem.message, problem.at);
    if (problems.length === 0) active.push({ directive, used: new Set() });
  }
  // Next-line directives first: the most specific one is the one that is used.
  active.sort((a, b) => (a.directive.kind === b.directive.kind ? 0 : a.directive.kind === 'next-line' ? -1 : 1));

  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const finding of input.findings) {
    const by = SUPPRESSION_RULES.includes(finding.ruleId) ? undefined : active.find(({ directive }) => covers(directive, finding));
    if (!by) {
      findings.push(finding);
      continue;
    }
    by.used.add(finding.ruleId);
    const { directive } = by;
    suppressed.push({
      ...finding,
      suppression: { kind: 'inSource', justification: directive.reason, file: directive.file, line: directive.at.line, column: directive.at.column },
    });
  }

  for (const { directive, used } of active) {
    for (const rule of directive.rules) {
      if (used.has(rule.id)) continue;
      report(UNUSED_SUPPRESSION, unusedMessage(directive, rule.id), rule.at);
    }
  }
  return { findings: [...findings, ...stageFindings].sort(compareFindings), suppressed: suppressed.sort(compareFindings) };
}

/** The directives of every file in scope, in file order. */
function collectDirectives(input: SuppressionInput, knownRuleIds: readonly string[]): Directive[] {
  const files = new Set<string>(input.files);
  for (const finding of input.findings) files.add(finding.file);
  const directives: Directive[] = [];
  for (const file of [...files].sort()) {
    const syntax = syntaxOf(file);
    if (!syntax) continue;
    const parsed = input.parsed.get(file);
    let text = parsed?.text;
    if (text === undefined) {
      const read = input.tree.read(file);
      if (!read.ok) continue;
      text = read.text;
    }
    // Cheap test first: nearly every file has no directive, and then nothing is parsed.
    if (!text.includes('powersync-lint-')) continue;
    const fileSyntax: FileSyntax = syntax === 'nix' ? { language: 'nix', parsed: parsed ?? parseNix(text, file) } : { language: 'yaml' };
    directives.push(...scanDirectives(file, text, fileSyntax, knownRuleIds));
  }
  return directives;
}

function syntaxOf(file: string): 'nix' | 'yaml' | undefined {
  if (file.endsWith('.nix')) return 'nix';
  if (/\.ya?ml$/.test(file)) return 'yaml';
  return undefined;
}

/** What the policy makes of a directive: every directive is an error when suppressions are not
 * allowed; naming an unsuppressible rule is. Undefined when the policy has nothing against it. */
function policyProblems(directive: Directive, policy: Policy): { message: string; at: Span }[] | undefined {
  if (directive.kind === undefined) return undefined;
  if (!policy.suppressions.allowed) {
    return [{ message: 'suppressions are not allowed by the policy (suppressions.allowed: false): fix the finding instead of suppressing it', at: directive.at }];
  }
  const forbidden = directive.rules.filter((rule) => policy.suppressions.unsuppressible.includes(rule.id));
  if (forbidden.length === 0) return undefined;
  return [
    ...directive.problems,
    ...forbidden.map((rule) => ({
      message: `${rule.id} cannot be suppressed: the policy lists it under suppressions.unsuppressible; fix the finding instead`,
      at: rule.at,
    })),
  ];
}

function covers(directive: Directive, finding: Finding): boolean {
  if (directive.file !== finding.file || !directive.rules.some((rule) => rule.id === finding.ruleId)) return false;
  if (directive.kind === 'file') return true;
  return directive.scope !== undefined && within(finding, directive.scope);
}

function within(at: { line: number; column: number }, scope: Scope): boolean {
  const afterStart = at.line > scope.start.line || (at.line === scope.start.line && at.column >= scope.start.column);
  const beforeEnd = at.line < scope.end.line || (at.line === scope.end.line && at.column < scope.end.column);
  return afterStart && beforeEnd;
}

function unusedMessage(directive: Directive, ruleId: string): string {
  const where = directive.kind === 'file' ? 'in this file' : (directive.scope?.description ?? 'below it (nothing follows the directive)');
  const remedy = directive.rules.length === 1 ? 'remove the directive' : `remove ${ruleId} from the directive`;
  return `unused suppression: ${ruleId} reports nothing ${where}; ${remedy}`;
}
