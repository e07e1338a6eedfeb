/** The `stylish` format, for people: findings grouped by file, as ESLint prints them, with a
 * code frame under each error and a summary line. */
import { Chalk, type ChalkInstance, type ColorSupportLevel } from 'chalk';
import { compareFindings, type Finding } from '../engine/finding.js';
import { codeFrame, type FrameStyle } from './code-frame.js';
import { countSeverities } from './summary.js';

export interface StylishOptions {
  /** 0 for plain text; the caller decides from flags, environment and terminal. */
  color: ColorSupportLevel;
  /** Text of a linted file for its code frames; undefined leaves the frames out. */
  readFile(file: string): string | undefined;
  /** How to print a ROOT-relative path, e.g. relative to the working directory so that
   * terminals and editors can open it. Default: as is. */
  displayPath?(file: string): string;
}

/** Empty when there is nothing to report: a clean run prints nothing, as in ESLint. */
export function formatStylish(findings: readonly Finding[], options: StylishOptions): string {
  if (findings.length === 0) return '';
  const chalk = new Chalk({ level: options.color });
  const displayPath = options.displayPath ?? ((file: string) => file);
  const frameStyle: FrameStyle = { gutter: chalk.dim, marker: (text) => chalk.red.bold(text) };
  const blocks = groupByFile([...findings].sort(compareFindings)).map(([file, group]) =>
    formatFile(file, group, { chalk, frameStyle, displayPath, text: lazyText(file, options.readFile) }),
  );
  return `${blocks.join('\n')}\n${formatSummary(findings, chalk)}`;
}

interface FileContext {
  chalk: ChalkInstance;
  frameStyle: FrameStyle;
  displayPath(file: string): string;
  /** The file's text, read on the first error that needs a frame. */
  text(): string | undefined;
}

function formatFile(file: string, findings: readonly Finding[], context: FileContext): string {
  const { chalk } = context;
  const positionWidth = Math.max(...findings.map((f) => position(f).length));
  const lines = [chalk.underline(context.displayPath(file))];
  for (const finding of findings) {
    const severity = finding.severity === 'error' ? chalk.red('error  ') : chalk.yellow('warning');
    lines.push(`  ${chalk.dim(position(finding).padEnd(positionWidth))}  ${severity}  ${finding.message}  ${chalk.dim(finding.ruleId)}`);
    const text = finding.severity === 'error' ? context.text() : undefined;
    const frame = text === undefined ? undefined : codeFrame(text, finding, context.frameStyle);
    if (frame !== undefined) lines.push(indent(frame, '    '));
    for (const related of finding.related ?? []) {
      lines.push(`    ${chalk.dim('↳')} ${context.displayPath(related.file)}:${related.line}:${related.column}: ${related.message}`);
    }
    if (frame !== undefined) lines.push('');
  }
  if (lines[lines.length - 1] !== '') lines.push('');
  return lines.join('\n');
}

function formatSummary(findings: readonly Finding[], chalk: ChalkInstance): string {
  const { errors, warnings } = countSeverities(findings);
  const colour = errors > 0 ? chalk.red.bold : chalk.yellow.bold;
  const lines = [colour(`✖ ${plural(findings.length, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`)];
  const fixable = countSeverities(findings.filter((finding) => finding.fix !== undefined));
  if (fixable.errors + fixable.warnings > 0) {
    lines.push(colour(`  ${plural(fixable.errors, 'error')} and ${plural(fixable.warnings, 'warning')} potentially fixable with the --fix option.`));
  }
  return `${lines.join('\n')}\n`;
}

function groupByFile(sorted: readonly Finding[]): [string, Finding[]][] {
  const groups = new Map<string, Finding[]>();
  for (const finding of sorted) {
    const group = groups.get(finding.file);
    if (group) group.push(finding);
    else groups.set(finding.file, [finding]);
  }
  return [...groups];
}

function lazyText(file: string, readFile: (file: string) => string | undefined): () => string | undefined {
  let read = false;
  let text: string | undefined;
  return () => {
    if (!read) {
      text = readFile(file);
      read = true;
    }
    return text;
  };
}

function position(finding: Finding): string {
  return `${finding.line}:${finding.column}`;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => prefix + line)
    .join('\n');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
