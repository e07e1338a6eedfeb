/** The default command: lint the host configuration under ROOT and report. */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { UsageError } from '../engine/errors.js';
import type { LintResult } from '../engine/lint.js';
import { countSeverities } from '../report/summary.js';
import { resolveColorLevel } from './color.js';
import type { CliContext } from './context.js';
import { ExitCode, lintExitCode } from './exit-code.js';
import { loadFormatter } from './formats.js';
import { lintHelp } from './help.js';
import { parseLintArgs } from './lint-args.js';
import { writeFileAtomic } from './output.js';
import { packageVersion } from './package-root.js';

export async function run(args: string[], context: CliContext): Promise<number> {
  const startedAt = performance.now();
  const invocation = parseLintArgs(args);
  if (invocation.help) return print(context, lintHelp());
  if (invocation.version) return print(context, `${packageVersion()}\n`);

  const root = readableRoot(invocation.root, context.cwd);
  const entry = invocation.entry === undefined ? undefined : entryWithinRoot(invocation.entry, root, context.cwd);
  // The engine, the rules and the parser are the heavy part of start-up: imported only now.
  const [{ lintHost }, { DiskTree }, { rules }, { loadPolicy }, format] = await Promise.all([
    import('../engine/lint.js'),
    import('../source/disk-tree.js'),
    import('../engine/registry.js'),
    import('../engine/policy-file.js'),
    loadFormatter(invocation.format),
  ]);
  const { policy } = loadPolicy({
    root: invocation.root,
    configFile: invocation.config,
    knownRuleIds: rules.map((rule) => rule.id),
    cwd: context.cwd,
  });
  const tree = new DiskTree(root);
  const linted = lintHost({ root, tree, policy, host: invocation.host ?? policy.host, entry });
  const result = invocation.quiet ? withoutWarnings(linted) : linted;

  const report = format(result, {
    durationMs: performance.now() - startedAt,
    color: resolveColorLevel(invocation.color, context.env, invocation.output === undefined && context.stdoutIsTTY),
    readFile: (file) => {
      const read = tree.read(file);
      return read.ok ? read.text : undefined;
    },
    displayPath: (file) => displayPath(path.join(root, file), context.cwd),
  });
  if (invocation.output === undefined) context.stdout.write(report);
  else writeReport(path.resolve(context.cwd, invocation.output), invocation.output, report);

  const counts = countSeverities(result.findings);
  const exitCode = lintExitCode(counts, invocation.maxWarnings);
  if (counts.errors === 0 && exitCode !== ExitCode.ok) {
    // stderr: with --format json, stdout carries the report and nothing else.
    context.stderr.write(`powersync-lint: too many warnings (${counts.warnings}, --max-warnings ${invocation.maxWarnings})\n`);
  }
  return exitCode;
}

function print(context: CliContext, text: string): number {
  context.stdout.write(text);
  return ExitCode.ok;
}

/** Absolute ROOT; a usage error when it is not a directory we can read. */
function readableRoot(root: string, cwd: string): string {
  const absolute = path.resolve(cwd, root);
  try {
    if (!statSync(absolute).isDirectory()) throw new UsageError(`ROOT ${root} is not a directory`);
    accessSync(absolute, constants.R_OK | constants.X_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ROOT ${root}: ${(error as Error).message}`);
  }
  return absolute;
}

/** --entry as the engine takes it: a POSIX path relative to ROOT, inside it (the engine
 * reports a missing file). */
function entryWithinRoot(entry: string, root: string, cwd: string): string {
  const relative = path.relative(root, path.resolve(cwd, entry));
  if (relative === '' || climbsOut(relative) || path.isAbsolute(relative)) throw new UsageError(`--entry ${entry} is not a file inside ROOT`);
  return relative.split(path.sep).join('/');
}

/** Relative to the working directory, where terminals and editors resolve it; absolute when
 * that would climb out of it (`../../tmp/x.nix` helps nobody). */
function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  return climbsOut(relative) ? absolute : relative;
}

function climbsOut(relative: string): boolean {
  return relative === '..' || relative.startsWith(`..${path.sep}`);
}

function withoutWarnings(result: LintResult): LintResult {
  const isError = (finding: { severity: string }) => finding.severity === 'error';
  return { ...result, findings: result.findings.filter(isError), suppressed: result.suppressed.filter(isError) };
}

function writeReport(absolutePath: string, output: string, report: string): void {
  try {
    writeFileAtomic(absolutePath, report);
  } catch (error) {
    throw new UsageError(`cannot write the report to ${output}: ${(error as Error).message}`);
  }
}
