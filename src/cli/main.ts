/** Entry point of the CLI: picks the command, runs it, and turns every failure into an exit
 * code (SPEC section 2). Nothing runs at import time; bin/powersync-lint calls run(). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, UsageError, didYouMean } from '../engine/errors.js';
import { commands, findCommand } from './commands.js';
import type { CliContext } from './context.js';
import { ExitCode } from './exit-code.js';

/** Runs the CLI in the real process and sets its exit code. The code is set, not passed to
 * process.exit(), so that a large report piped to stdout is flushed before the process ends. */
export async function run(): Promise<void> {
  // A reader that stops early (`powersync-lint | head -3`, `2>&1 | head`) is not an error of
  // ours: the rest of the output goes nowhere, and the exit code is still the lint's.
  process.stdout.on('error', ignoreOutputError);
  process.stderr.on('error', ignoreOutputError);
  // Ctrl-C: stop quietly with the shell's status for SIGINT (128 + 2). A lint in progress is
  // synchronous; the lint command lets this run before it writes a report.
  process.once('SIGINT', () => process.exit(130));
  process.exitCode = await main(process.argv.slice(2), processContext());
}

/** An output stream that fails (EPIPE: the reader went away) is left behind; once it has
 * failed, Node drops whatever else is written to it. */
function ignoreOutputError(): void {}

export async function main(argv: string[], context: CliContext): Promise<number> {
  try {
    return await dispatch(argv, context);
  } catch (error) {
    return reportFailure(error, context);
  }
}

async function dispatch(argv: string[], context: CliContext): Promise<number> {
  const [first, ...rest] = argv;
  const command = first === undefined ? undefined : findCommand(first);
  if (command) return (await command.load()).run(rest, context);
  if (first !== undefined && isMistypedCommand(first, context.cwd)) {
    const names = commands.map((candidate) => candidate.name);
    throw new UsageError(`unknown command "${first}"${didYouMean(first, names)}\nRun "powersync-lint --help" for usage.`);
  }
  const lint = await import('./lint.js');
  return lint.run(argv, context);
}

/** The first argument is ROOT unless it is a bare word that names no directory: then the
 * user meant a command (`powersync-lint rule`), and "cannot read ROOT" would mislead. */
function isMistypedCommand(argument: string, cwd: string): boolean {
  return /^[a-z][a-z-]*$/.test(argument) && !existsSync(path.resolve(cwd, argument));
}

function reportFailure(error: unknown, context: CliContext): number {
  if (error instanceof ConfigError) {
    // Its lines already start with the file name.
    context.stderr.write(`${error.message}\n`);
    return ExitCode.usage;
  }
  if (error instanceof UsageError) {
    context.stderr.write(`powersync-lint: ${error.message}\n`);
    return ExitCode.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  context.stderr.write(
    `powersync-lint: internal error: ${message} (please report this bug with the command you ran and powersync-lint --version; POWERSYNC_LINT_DEBUG=1 prints the stack)\n`,
  );
  if (context.env.POWERSYNC_LINT_DEBUG === '1' && error instanceof Error && error.stack) context.stderr.write(`${error.stack}\n`);
  return ExitCode.internal;
}

function processContext(): CliContext {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdoutIsTTY: process.stdout.isTTY === true,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
