import type { SourceTree } from '../source/tree.js';
import { createEvaluator, type Evaluator } from '../nix/eval/index.js';
import { inlineChecks, ReadAheadChecks, readAheadOptions, type SyntaxChecks } from '../nix/syntax-checks.js';
import { evaluateHost, type HostConfiguration } from '../nix/modules.js';
import { findContainer } from '../model/container.js';
import type { SyntaxProblem } from '../model/host-model.js';
import { buildHostModel } from '../model/host-model.js';
import { UsageError } from './errors.js';
import type { Finding } from './finding.js';
import type { Policy } from './policy.js';
import { rules } from './registry.js';
import { runRules } from './run-rules.js';
import { RecordingTree } from '../source/recording-tree.js';
import { applySuppressions } from './suppressions.js';

export interface LintOptions {
  root: string;
  tree: SourceTree;
  policy: Policy;
  host?: string;
  entry?: string;
  /** When tree-sitter parses the files; default: reading ahead on large hosts (see lintHost). */
  syntaxChecks?: () => SyntaxChecks;
}

export interface LintResult {
  root: string;
  host: string;
  findings: Finding[];
  suppressed: Finding[];
  /** Files the lint read (.nix modules and the YAML they use). */
  files: number;
}

/** One host entry evaluated: its own recording tree, so each host's files stay its own. */
interface HostEvaluation {
  /** The files read are where the suppression stage looks for directives. */
  tree: RecordingTree;
  evaluator: Evaluator;
  configuration: HostConfiguration;
}

function evaluateEntry(source: SourceTree, entry: string, syntaxChecks: SyntaxChecks = inlineChecks): HostEvaluation {
  const tree = new RecordingTree(source);
  const evaluator = createEvaluator({ tree, syntaxChecks });
  return { tree, evaluator, configuration: evaluateHost(evaluator, tree, entry) };
}

/**
 * Lints one host. A large host is evaluated while tree-sitter parses its files on the other
 * core (src/nix/syntax-checks.ts); should one of them turn out to have a syntax error that
 * the evaluation read past, the host is linted again with every file parsed first.
 */
export function lintHost(options: LintOptions): LintResult {
  const checks = (options.syntaxChecks ?? readAheadChecks({}))();
  let result: LintResult;
  try {
    result = lintWith(options, checks);
  } catch (error) {
    // Text with a syntax error that the evaluation read ahead may fail in any way.
    if (checks.settle()) return lintWith(options, inlineChecks);
    throw error;
  }
  return checks.settle() ? lintWith(options, inlineChecks) : result;
}

/** Checks that read ahead as `env` sets it (POWERSYNC_LINT_READ_AHEAD_AFTER, POWERSYNC_LINT_SYNTAX_WORKER). */
export function readAheadChecks(env: NodeJS.ProcessEnv): () => SyntaxChecks {
  const options = readAheadOptions(env);
  return () => new ReadAheadChecks(options);
}

function lintWith(options: LintOptions, syntaxChecks: SyntaxChecks): LintResult {
  const { policy } = options;
  // Host discovery evaluates the candidates; the one chosen is linted from that same evaluation.
  const evaluations = new Map<string, HostEvaluation>();
  const evaluate = (entry: string): HostEvaluation => {
    let evaluation = evaluations.get(entry);
    if (!evaluation) evaluations.set(entry, (evaluation = evaluateEntry(options.tree, entry, syntaxChecks)));
    return evaluation;
  };
  const { host, entry } = resolveEntry(options, evaluate);
  const { tree, evaluator, configuration } = evaluate(entry);
  const model = buildHostModel({
    root: options.root,
    host,
    entry,
    tree,
    files: configuration.files,
    config: configuration.config.force(),
    syntaxProblems: [],
    importProblems: configuration.problems,
    parsed: [...evaluator.parsed.values()],
    policy,
  });
  // Parse errors are collected last: building the model is what parses the files it reaches.
  model.syntaxProblems.push(...nixSyntaxProblems(evaluator.parsed.values()));
  const { findings, suppressed } = applySuppressions({
    findings: runRules(rules, model, policy),
    tree,
    files: tree.filesRead,
    parsed: evaluator.parsed,
    rules,
    policy,
  });
  return { root: options.root, host, findings, suppressed, files: evaluator.parsed.size };
}

function nixSyntaxProblems(parsed: Iterable<{ errors: { span: SyntaxProblem['at']; message: string }[] }>): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  for (const file of parsed) for (const error of file.errors) problems.push({ language: 'nix', message: error.message, at: error.span });
  return problems;
}

/** The host and its entry module: --entry, else hosts/<host>/configuration.nix for --host, the policy's host, or the one PowerSync host. */
export function resolveEntry(
  options: LintOptions,
  evaluate: (entry: string) => { configuration: HostConfiguration } = (entry) => evaluateEntry(options.tree, entry),
): { host: string; entry: string } {
  const { tree, policy } = options;
  if (options.entry) {
    const entry = options.entry.replace(/^\.\//, '');
    if (tree.kind(entry) !== 'file') throw new UsageError(`--entry ${options.entry}: no such file under ${options.root}`);
    return { host: options.host ?? policy.host ?? hostOfEntry(entry), entry };
  }
  const host = options.host ?? policy.host;
  if (host) {
    const entry = `hosts/${host}/configuration.nix`;
    if (tree.kind(entry) !== 'file') throw new UsageError(`host "${host}": ${entry} does not exist under ${options.root}`);
    return { host, entry };
  }
  const hosts = tree.list('hosts').filter((name) => tree.kind(`hosts/${name}/configuration.nix`) === 'file').sort();
  if (hosts.length === 0) throw new UsageError(`no host found: ${options.root} has no hosts/<host>/configuration.nix (use --entry FILE)`);
  const withPowerSync = hosts.filter((name) => findContainer(evaluate(`hosts/${name}/configuration.nix`).configuration.config.force(), policy) !== undefined);
  if (withPowerSync.length === 1) return { host: withPowerSync[0], entry: `hosts/${withPowerSync[0]}/configuration.nix` };
  // A single host is the one to lint even when its container cannot be seen (a syntax error, say).
  if (hosts.length === 1) return { host: hosts[0], entry: `hosts/${hosts[0]}/configuration.nix` };
  if (withPowerSync.length === 0) throw new UsageError(`no host defines a ${policy.image} container; candidates: ${hosts.join(', ')} (use --host NAME)`);
  throw new UsageError(`several hosts define a ${policy.image} container: ${withPowerSync.join(', ')} (use --host NAME or set host: in .powersync-lint.yaml)`);
}

function hostOfEntry(entry: string): string {
  const match = /^hosts\/([^/]+)\//.exec(entry);
  return match ? match[1] : entry.replace(/\.nix$/, '');
}
