/** Suppression directives (SPEC section 6) as written in a comment:
 *
 *     # powersync-lint-disable-next-line RULE[, RULE] -- reason
 *     # powersync-lint-disable-file RULE[, RULE] -- reason
 *
 * This file reads the words of one comment; where comments are and what they cover is in
 * suppression-scan.ts. */
import { didYouMean } from './errors.js';

export type DirectiveKind = 'next-line' | 'file';

/** A rule named by a directive, with its offset in the comment (for a finding at the name). */
export interface NamedRule {
  id: string;
  /** Offsets in the comment text, `#` at 0. */
  start: number;
  end: number;
}

/** A problem that makes a directive invalid, at a range of the comment text. */
export interface DirectiveProblem {
  message: string;
  start: number;
  end: number;
}

export interface ParsedDirective {
  /** Undefined when the directive word itself is wrong (`powersync-lint-disable-line`). */
  kind?: DirectiveKind;
  rules: NamedRule[];
  reason: string;
  problems: DirectiveProblem[];
}

/** The prefix every directive starts with, after `#` and optional blanks. */
export const DIRECTIVE_PREFIX = 'powersync-lint-';

const WORDS: Record<string, DirectiveKind> = {
  'disable-next-line': 'next-line',
  'disable-file': 'file',
};

/** Rule ids that no directive may name: their findings come from this stage. */
export const SUPPRESSION_RULES: readonly string[] = ['invalid-suppression', 'unused-suppression'];

/**
 * Parses `comment` (from `#` to the end of its line) when it is a directive: a comment whose
 * text starts with `powersync-lint-`. Undefined for any other comment. A comment that starts
 * like a directive but is not a well-formed one parses with problems, so that a typo never
 * silently suppresses nothing.
 */
export function parseDirective(comment: string, knownRuleIds: readonly string[]): ParsedDirective | undefined {
  const head = /^#[ \t]*powersync-lint-([A-Za-z0-9-]*)/.exec(comment);
  if (!head) return undefined;
  const word = head[1];
  const wordStart = head[0].length - word.length - DIRECTIVE_PREFIX.length;
  const problems: DirectiveProblem[] = [];
  const kind: DirectiveKind | undefined = WORDS[word];
  if (!kind) {
    const written = `${DIRECTIVE_PREFIX}${word}`;
    const wanted = Object.keys(WORDS).map((w) => `${DIRECTIVE_PREFIX}${w}`);
    // ESLint users reach for `disable-line`: the directive goes on the line above instead.
    const hint = word === 'disable-line' ? ' (did you mean a powersync-lint-disable-next-line on the line above?)' : didYouMean(written, wanted);
    problems.push({
      message: `unknown directive "${written}"${hint}; write "# ${wanted[0]} RULE -- reason" or "# ${wanted[1]} RULE -- reason"`,
      start: wordStart,
      end: head[0].length,
    });
    return { rules: [], reason: '', problems };
  }
  const directive = `${DIRECTIVE_PREFIX}${word}`;
  const rest = comment.slice(head[0].length);
  const restStart = head[0].length;
  // The reason follows the first `--` that stands alone as a word.
  const separator = /(^|\s)--(\s|$)/.exec(rest);
  const rulesText = separator ? rest.slice(0, separator.index) : rest;
  const reason = separator ? rest.slice(separator.index + separator[0].length).trim() : '';
  if (rest !== '' && !/^\s/.test(rest)) {
    problems.push({ message: `malformed ${directive}: put a space between the directive and the rule`, start: wordStart, end: restStart });
  }
  const rules = namedRules(rulesText, restStart);
  if (rules.length === 0) {
    problems.push({ message: `${directive} names no rule; write "# ${directive} RULE -- reason"`, start: 0, end: comment.length });
  }
  for (const rule of rules) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(rule.id)) {
      problems.push({ message: `malformed ${directive}: "${rule.id}" is not a rule id; separate rules with commas and the reason with " -- "`, start: rule.start, end: rule.end });
    } else if (SUPPRESSION_RULES.includes(rule.id)) {
      problems.push({ message: `${rule.id} cannot be suppressed in source; set its severity under rules: in the policy file instead`, start: rule.start, end: rule.end });
    } else if (!knownRuleIds.includes(rule.id)) {
      problems.push({ message: `unknown rule "${rule.id}"${didYouMean(rule.id, knownRuleIds)} in ${directive}; powersync-lint rules lists the ids`, start: rule.start, end: rule.end });
    }
  }
  if (rules.length > 0 && reason === '') {
    const example = `# ${directive} ${rules.map((r) => r.id).join(', ')} -- why this is safe here`;
    problems.push({ message: `${directive} needs a reason after " -- ": write "${example}"`, start: 0, end: comment.length });
  }
  return { kind, rules, reason, problems };
}

/** The comma-separated names before the reason, each with its offsets. An empty item (`a,,b`,
 * a trailing comma) is malformed. */
function namedRules(text: string, offset: number): NamedRule[] {
  const rules: NamedRule[] = [];
  if (text.trim() === '') return rules;
  let at = 0;
  for (const item of text.split(',')) {
    const lead = item.length - item.trimStart().length;
    const id = item.trim();
    const start = offset + at + lead;
    rules.push({ id: id === '' ? ',' : id, start, end: start + Math.max(1, id.length) });
    at += item.length + 1;
  }
  return rules;
}
