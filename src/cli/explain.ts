/** `powersync-lint explain RULE`: the rule's documentation, docs/rules/<id>.md, shipped with
 * the package. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError, didYouMean } from '../engine/errors.js';
import { parseCommandArgs } from './args.js';
import type { CliContext } from './context.js';
import { ExitCode } from './exit-code.js';
import { packageRoot } from './package-root.js';
import { resolveColorLevel } from './color.js';
import { renderMarkdown } from '../report/markdown-terminal.js';

const HELP = `Usage: powersync-lint explain [--color|--no-color] RULE

Print the documentation of RULE: what it checks, why, how to fix a finding, and a failing
and a passing example. powersync-lint rules lists the rule ids.

On a terminal the page is rendered (headings, code and examples in colour); piped or with
--no-color (or NO_COLOR) it is printed as the Markdown it is written in.
`;

const LIST_HINT = 'Run "powersync-lint rules" to list the rules.';

export async function run(args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'explain',
    args,
    { help: { type: 'boolean', short: 'h' }, color: { type: 'boolean' }, 'no-color': { type: 'boolean' } },
    true,
  );
  if (values.help) {
    context.stdout.write(HELP);
    return ExitCode.ok;
  }
  if (positionals.length !== 1) throw new UsageError(`explain takes one RULE id\n${LIST_HINT}`);
  const [id] = positionals;
  const { rules } = await import('../engine/registry.js');
  const ids = rules.map((rule) => rule.id);
  if (!ids.includes(id)) throw new UsageError(`unknown rule "${id}"${didYouMean(id, ids)}\n${LIST_HINT}`);
  // A registered rule without its page is a packaging bug, so a missing file is left to
  // surface as an internal error.
  const text = readFileSync(ruleDocPath(id), 'utf8');
  const flag = values['no-color'] ? false : values.color ? true : undefined;
  context.stdout.write(renderMarkdown(text, resolveColorLevel(flag, context.env, context.stdoutIsTTY)));
  return ExitCode.ok;
}

export function ruleDocPath(id: string): string {
  return path.join(packageRoot(), 'docs', 'rules', `${id}.md`);
}
