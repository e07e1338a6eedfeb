/** The default command: lint the host configuration under ROOT and report. */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { UsageError } from '../engine/errors.js';
import type { LintResult } from '../engine/lint.js';
import type { Policy } from '../engine/policy.js';
import type { Rule } from '../engine/rule.js';
import type { SourceTree } from '../source/tree.js';
import { countSeverities } from '../report/summary.js';
import { resolveColorLevel } from './color.js';
import type { CliContext } from './context.js';
import { ExitCode, lintExitCode } from './exit-code.js';
import { describesRules, loadFormatter } from './formats.js';
import { lintHelp } from './help.js';
import { parseLintArgs } from './lint-args.js';
import { writeFileAtomic } from './output.js';
import { packageVersion } from './package-root.js';
import { reportRules } from './report-rules.js';
import { secretSafeText } from '../powersync/secrets.js';

export async function run(args: string[], context: CliContext): Promise<number> {
  const startedAt = performance.now();
  const invocation = parseLintArgs(args);
  if (invocation.help) return print(context, lintHelp());
  if (invocation.version) return print(context, `${packageVersion()}\n`);

  const root = readableRoot(invocation.root, context.cwd);
  const entry = invocation.entry === undefined ? undefined : entryWithinRoot(invocation.entry, root, context.cwd);
  // --staged reads git's index, the staged policy file included.
  const [{ DiskTree }, format, staged] = await Promise.all([
    import('../source/disk-tree.js'),
    loadFormatter(invocation.format),
    invocation.staged ? import('./staged.js') : undefined,
  ]);
  const tree = staged ? staged.indexTree(root, context.env) : new DiskTree(root);
  // An unchanged tree is not linted again (src/engine/cache.ts); --fix rewrites files, so it
  // always lints.
  const cacheOptions = { invocation, context, root, entry, tree, version: packageVersion() };
  const cache = invocation.fix ? undefined : (await import('./lint-cache.js')).openLintCache(cacheOptions);
  const cached = cache?.lookup(tree);
  let linted: LintResult;
  let policy: Policy;
  let rules: readonly Rule[] | undefined;
  if (cached) {
    ({ result: linted, policy } = cached);
    // Only sarif and junit describe every rule; the registry is the heavy part of a warm run.
    if (describesRules(invocation.format)) ({ rules } = await import('../engine/registry.js'));
  } else {
    // PowerSync's sync-rules validator loads on another core while the engine works.
    void import('../powersync/sync-rules-worker.js').then((worker) => worker.startSyncRulesWorker());
    // The engine, the rules and the parser are the heavy part of start-up: imported only now.
    const [{ lintHost, readAheadChecks }, registry, { loadPolicy, parsePolicy }] = await Promise.all([
      import('../engine/lint.js'),
      import('../engine/registry.js'),
      import('../engine/policy-file.js'),
    ]);
    rules = registry.rules;
    const knownRuleIds = rules.map((rule) => rule.id);
    ({ policy } =
      staged && invocation.config === undefined
        ? { policy: staged.stagedPolicy(tree, invocation.root, knownRuleIds, parsePolicy) }
        : loadPolicy({
            root: invocation.root,
            configFile: invocation.config,
            knownRuleIds,
            cwd: context.cwd,
          }));
    const syntaxChecks = readAheadChecks(context.env);
    const lint = (source: SourceTree) => lintHost({ root, tree: source, policy, host: invocation.host ?? policy.host, entry, syntaxChecks });
    if (invocation.fix) {
      linted = await (await import('./fix.js')).lintAndFix({ root, tree, staged: invocation.staged, context, lint });
    } else if (cache) {
      const observed = cache.observe(tree);
      linted = lint(observed);
      if ((await import('./lint-cache.js')).samePolicy(cache, cacheOptions)) cache.store(observed, policy, linted);
    } else {
      linted = lint(tree);
    }
  }
  // Ctrl-C while the lint ran (it is synchronous): let the SIGINT handler end the process
  // (exit 130) before a report is written. Two turns of the event loop make sure that its
  // poll phase, which takes in a signal that arrived meanwhile, has run.
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
  const result = invocation.quiet ? withoutWarnings(linted) : linted;

  const report = format(result, {
    durationMs: performance.now() - startedAt,
    color: resolveColorLevel(invocation.color, context.env, invocation.output === undefined && context.stdoutIsTTY),
    // Code frames and SARIF snippets quote source lines: mask the secrets they would show.
    readFile: (file) => {
      const read = tree.read(file);
      return read.ok ? secretSafeText(read.text, file, [...linted.findings, ...linted.suppressed]) : undefined;
    },
    displayPath: (file) => displayPath(path.join(root, file), context.cwd),
    rules: rules && describesRules(invocation.format) ? reportRules(rules, policy) : undefined,
    toolVersion: packageVersion(),
    cwd: context.cwd,
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
export function readableRoot(root: string, cwd: string): string {
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
export function entryWithinRoot(entry: string, root: string, cwd: string): string {
  const relative = path.relative(root, path.resolve(cwd, entry));
  if (relative === '' || climbsOut(relative) || path.isAbsolute(relative)) throw new UsageError(`--entry ${entry} is not a file inside ROOT`);
  return relative.split(path.sep).join('/');
}

/** Relative to the working directory, where terminals and editors resolve it; absolute when
 * that would climb out of it (`../../tmp/x.nix` helps nobody). */
export function displayPath(absolute: string, cwd: string): string {
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
