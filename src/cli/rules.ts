/** `powersync-lint rules`: every rule with its default severity, whether --fix can fix it,
 * and what it checks. */
import type { Severity } from '../engine/finding.js';
import { parseCommandArgs } from './args.js';
import type { CliContext } from './context.js';
import { ExitCode } from './exit-code.js';

/** What the listing shows of a registry rule. */
export interface RuleInfo {
  id: string;
  defaultSeverity: Severity;
  fixable: boolean;
  summary: string;
}

const HELP = `Usage: powersync-lint rules

List the rules: id, default severity, whether --fix can fix its findings, and what it checks.
A policy file can change a rule's severity or turn it off (rules: { <id>: error | warning | off }).
powersync-lint explain <id> prints a rule's documentation.
`;

export async function run(args: string[], context: CliContext): Promise<number> {
  const { values } = parseCommandArgs('rules', args, { help: { type: 'boolean', short: 'h' } }, false);
  if (values.help) {
    context.stdout.write(HELP);
    return ExitCode.ok;
  }
  const { rules } = await import('../engine/registry.js');
  context.stdout.write(formatRuleTable(rules));
  return ExitCode.ok;
}

/** Aligned columns in registry order; one rule per line, so it greps. */
export function formatRuleTable(rules: readonly RuleInfo[]): string {
  const rows = [
    ['RULE', 'SEVERITY', 'FIXABLE', 'CHECKS'],
    ...rules.map((rule) => [rule.id, rule.defaultSeverity, rule.fixable ? 'yes' : 'no', rule.summary]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]) : cell)).join('  ')).join('\n') + '\n';
}
