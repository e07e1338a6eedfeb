/** The `junit` format (SPEC section 3): JUnit XML as GitLab, Jenkins and test-report actions
 * read it. One testcase per rule of the run: it fails with the rule's findings (type `error`
 * when any is an error, else `warning`), is skipped when the policy turned the rule off, and
 * lists suppressed findings with their reasons in its system-out. */
import { compareFindings, type Finding } from '../engine/finding.js';
import { rulesOfFindings, type ReportRule } from './report-rule.js';
import { countSeverities } from './summary.js';

export interface JunitOptions {
  host: string;
  durationMs: number;
  rules?: readonly ReportRule[];
  displayPath(file: string): string;
}

export function formatJunit(input: { findings: readonly Finding[]; suppressed: readonly Finding[] }, options: JunitOptions): string {
  const findings = [...input.findings].sort(compareFindings);
  const suppressed = [...input.suppressed].sort(compareFindings);
  const described = options.rules ?? [];
  const known = new Set(described.map((rule) => rule.id));
  const rules = [...described, ...rulesOfFindings([...findings, ...suppressed].filter((f) => !known.has(f.ruleId)))];
  const seconds = (options.durationMs / 1000).toFixed(3);
  const suite = `powersync-lint ${options.host}`;
  let failures = 0;
  let skipped = 0;
  const cases = rules.map((rule) => {
    const own = findings.filter((f) => f.ruleId === rule.id);
    const silenced = suppressed.filter((f) => f.ruleId === rule.id);
    const open = `    <testcase classname="${attr(suite)}" name="${attr(rule.id)}" time="0">`;
    const body: string[] = [];
    if (rule.severity === undefined && own.length === 0) {
      skipped++;
      body.push(`      <skipped message="off in the policy"/>`);
    } else if (own.length > 0) {
      failures++;
      const { errors, warnings } = countSeverities(own);
      const type = errors > 0 ? 'error' : 'warning';
      const summary = [errors > 0 ? plural(errors, 'error') : '', warnings > 0 ? plural(warnings, 'warning') : ''].filter(Boolean).join(', ');
      const lines = own.map((f) => describe(f, options.displayPath)).join('\n');
      body.push(`      <failure type="${type}" message="${attr(`${rule.id}: ${summary}`)}">${text(lines)}</failure>`);
    }
    if (silenced.length > 0) {
      const lines = silenced.map((f) => `${describe(f, options.displayPath)} [suppressed: ${f.suppression?.justification ?? ''}]`).join('\n');
      body.push(`      <system-out>${text(lines)}</system-out>`);
    }
    return body.length === 0 ? `${open.slice(0, -1)}/>` : `${open}\n${body.join('\n')}\n    </testcase>`;
  });
  const counts = `tests="${rules.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="powersync-lint" ${counts}>`,
    `  <testsuite name="${attr(suite)}" ${counts}>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function describe(finding: Finding, displayPath: (file: string) => string): string {
  const related = (finding.related ?? []).map((r) => `\n    ${displayPath(r.file)}:${r.line}:${r.column}: ${r.message}`).join('');
  return `${displayPath(finding.file)}:${finding.line}:${finding.column}: ${finding.severity}: ${finding.message}${related}`;
}

/** XML 1.0 forbids most control characters even escaped: they are dropped. */
function clean(value: string): string {
  return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

function text(value: string): string {
  return clean(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
