/**
 * What `powersync-lint config FILE...` and `powersync-lint sync-rules FILE...` share: their
 * options, reading the files, and reporting through the lint's formatters with the lint's
 * exit codes (0 clean, 1 findings, 2 usage error).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { UsageError, didYouMean } from '../engine/errors.js';
import type { Finding } from '../engine/finding.js';
import { compareFindings } from '../engine/finding.js';
import { MAX_FILE_BYTES } from '../source/tree.js';
import { countSeverities } from '../report/summary.js';
import { parseCommandArgs } from './args.js';
import { resolveColorLevel } from './color.js';
import type { CliContext } from './context.js';
import { ExitCode, lintExitCode } from './exit-code.js';
import { loadFormatter } from './formats.js';
import { writeFileAtomic } from './output.js';

/** The formats whose output does not need a host or a policy. */
export const FILE_FORMATS = ['stylish', 'json'] as const;

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  'max-warnings': { type: 'string' },
  quiet: { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** One file to check: its path as findings name it (relative to the working directory, POSIX) and its text. */
export interface InputFile {
  file: string;
  text: string;
}

export interface FileCommand {
  name: string;
  help: string;
  /** The findings of one file; their `file` is `input.file`. */
  check(input: InputFile): Promise<Finding[]> | Finding[];
}

export async function runFileCommand(command: FileCommand, args: string[], context: CliContext): Promise<number> {
  const startedAt = performance.now();
  const { values, positionals, tokens } = parseCommandArgs(command.name, args, OPTIONS, true);
  if (values.help) {
    context.stdout.write(command.help);
    return ExitCode.ok;
  }
  const format = values.format ?? 'stylish';
  if (!(FILE_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`unknown format "${format}" for ${command.name}${didYouMean(format, FILE_FORMATS)}; formats: ${FILE_FORMATS.join(', ')}`);
  }
  const maxWarnings = values['max-warnings'] === undefined ? undefined : wholeNumber(values['max-warnings']);
  if (positionals.length === 0) throw new UsageError(`${command.name} needs at least one FILE\nRun "powersync-lint ${command.name} --help" for usage.`);
  const inputs = positionals.map((file) => readInput(file, context.cwd));

  let findings: Finding[] = [];
  for (const input of inputs) findings.push(...(await command.check(input)));
  if (values.quiet) findings = findings.filter((f) => f.severity === 'error');
  findings.sort(compareFindings);

  // Code frames print source lines: never a password among them.
  const { redactSecretText } = await import('../powersync/secrets.js');
  const texts = new Map(inputs.map((i) => [i.file, redactSecretText(i.text)]));
  const formatter = await loadFormatter(format);
  const report = formatter(
    { root: toPosix(context.cwd), host: '', findings, suppressed: [], files: inputs.length },
    {
      durationMs: performance.now() - startedAt,
      color: resolveColorLevel(lastColorFlag(tokens), context.env, values.output === undefined && context.stdoutIsTTY),
      readFile: (file) => texts.get(file),
      displayPath: (file) => file,
    },
  );
  if (values.output === undefined) context.stdout.write(report);
  else {
    try {
      writeFileAtomic(path.resolve(context.cwd, values.output), report);
    } catch (error) {
      throw new UsageError(`cannot write the report to ${values.output}: ${(error as Error).message}`);
    }
  }
  const counts = countSeverities(findings);
  const exitCode = lintExitCode(counts, maxWarnings);
  if (counts.errors === 0 && exitCode !== ExitCode.ok) context.stderr.write(`powersync-lint: too many warnings (${counts.warnings}, --max-warnings ${maxWarnings})\n`);
  return exitCode;
}

/** A file the user named: unreadable, a directory or too big is a usage error (exit 2). */
function readInput(file: string, cwd: string): InputFile {
  const absolute = path.resolve(cwd, file);
  try {
    const stat = statSync(absolute);
    if (stat.isDirectory()) throw new UsageError(`${file} is a directory; name the files to check`);
    if (stat.size > MAX_FILE_BYTES) throw new UsageError(`${file} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
    return { file: shownPath(absolute, cwd), text: readFileSync(absolute, 'utf8') };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

/** Relative to the working directory (POSIX), absolute when it would climb out of it. */
function shownPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  return relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative) ? toPosix(absolute) : toPosix(relative);
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`--max-warnings needs a whole number of warnings (0 or more), got "${value}"`);
  return Number(value);
}

function lastColorFlag(tokens: readonly { kind: string; name?: string }[]): boolean | undefined {
  let color: boolean | undefined;
  for (const token of tokens) if (token.kind === 'option' && (token.name === 'color' || token.name === 'no-color')) color = token.name === 'color';
  return color;
}
