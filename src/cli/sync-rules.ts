/**
 * `powersync-lint sync-rules FILE...`: sync rules / sync config files validated by PowerSync's
 * own parser (`@powersync/service-sync-rules`), SQL included, each problem at its line and
 * column. The parser is loaded only when there is a file to validate.
 */
import type { Finding } from '../engine/finding.js';
import { findingAt } from '../engine/finding.js';
import type { CliContext } from './context.js';
import type { InputFile } from './file-command.js';
import { runFileCommand } from './file-command.js';

const HELP = `Usage: powersync-lint sync-rules [options] FILE...

Validate sync rules files (bucket_definitions, or an edition-3 sync config with streams) with
PowerSync's own parser, @powersync/service-sync-rules: YAML structure, the SQL of every query,
bucket parameters, and what the service warns about. Tables without a schema are read as in
the public schema, as PowerSync does for a Postgres source.

Options:
  -f, --format NAME     stylish (default) | json
  -o, --output FILE     write the report to FILE instead of stdout
  --max-warnings N      fail (exit 1) when there are more than N warnings
  --quiet               errors only
  --color, --no-color   force colour on or off
  -h, --help            show this help

Exit status: 0 no errors, 1 findings, 2 usage error (bad flag, unreadable FILE).
`;

export async function run(args: string[], context: CliContext): Promise<number> {
  return runFileCommand({ name: 'sync-rules', help: HELP, check: checkSyncRulesFile }, args, context);
}

export async function checkSyncRulesFile(input: InputFile): Promise<Finding[]> {
  const { parseYamlDocument } = await import('../yaml/parse.js');
  const parsed = parseYamlDocument(input.text, input.file, { dialect: 'sync-rules' });
  // YAML that does not parse is reported as such, as the lint does; its SQL cannot be read.
  if (parsed.errors.length > 0) return parsed.errors.map((error) => findingAt('yaml-parse-error', 'error', error.message, error.span));
  const { validateSyncRules } = await import('../powersync/sync-rules.js');
  return validateSyncRules(input.text).map((issue) => findingAt('sync-rules-valid', issue.severity, issue.message, parsed.locate(issue.start, issue.end)));
}
