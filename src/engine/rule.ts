import type { Span } from '../source/span.js';
import type { UnknownValue } from '../nix/eval/value.js';
import type { HostModel } from '../model/host-model.js';
import type { Fix, Severity } from './finding.js';
import type { Policy } from './policy.js';

export interface RelatedSpan {
  at: Span;
  message: string;
}

export interface ReportOptions {
  related?: RelatedSpan[];
  fix?: Fix;
  /** `warning` caps this finding at warning severity: the (w) part of a rule that is otherwise
   * an error (`storage-reachable`'s pg_hba check, a warning of the sync rules validator). */
  severity?: Severity;
}

/** What a rule sees: the model, the policy, and a way to report. Rules never read files. */
export interface RuleContext {
  readonly model: HostModel;
  readonly policy: Policy;
  report(at: Span, message: string, options?: ReportOptions): void;
  /**
   * The rule needed `what` but the value is not statically known: reported as `cannot-verify`
   * at the unknown value's origin, else at `fallback`.
   */
  cannotVerify(what: string, value: UnknownValue, fallback?: Span): void;
}

/** One rule: one file in rules/, one doc in docs/rules/<id>.md, fixtures in fixtures/rules/<id>/. */
export interface Rule {
  id: string;
  defaultSeverity: Severity;
  fixable: boolean;
  /** One line for `powersync-lint rules` and the README. */
  summary: string;
  check(context: RuleContext): void;
}
