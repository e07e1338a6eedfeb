/** The lint cache as the default command uses it (src/engine/cache.ts does the work): the key
 * from the invocation and the policy file's text. Light on purpose: on a warm run this and
 * the formatter are all the code that loads — no engine, no parser, no YAML. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultCacheDirectory, LintCache, sha256, toolIdentity, type CacheKey } from '../engine/cache.js';
import { POLICY_FILE_NAME } from '../engine/policy.js';
import type { SourceTree } from '../source/tree.js';
import type { CliContext } from './context.js';
import type { LintInvocation } from './lint-args.js';

export interface LintCacheOptions {
  invocation: LintInvocation;
  context: CliContext;
  /** Absolute ROOT. */
  root: string;
  /** --entry relative to ROOT. */
  entry?: string;
  /** The tree the lint reads (the working tree, or git's index with --staged). */
  tree: SourceTree;
  version: string;
}

/** The cache for this invocation; undefined with --no-cache. */
export function openLintCache(options: LintCacheOptions): LintCache | undefined {
  const { invocation, context } = options;
  if (!invocation.cache) return undefined;
  const key: CacheKey = {
    tool: toolIdentity(options.version),
    root: options.root,
    host: invocation.host,
    entry: options.entry,
    policy: policyIdentity(options),
    variant: { staged: invocation.staged },
  };
  return new LintCache(defaultCacheDirectory(options.root, context.env), key);
}

/** Whether the policy the key names is still the one on disk (or in the index): checked
 * after a lint, so that a policy edited while it ran is not stored under the old text. */
export function samePolicy(cache: LintCache, options: LintCacheOptions): boolean {
  return JSON.stringify(cache.key.policy) === JSON.stringify(policyIdentity(options));
}

/** Where the policy comes from and a hash of its text, read where the lint reads it: git's
 * index for --staged without --config, else --config FILE or ROOT/.powersync-lint.yaml. */
function policyIdentity({ invocation, context, tree }: LintCacheOptions): CacheKey['policy'] {
  if (invocation.staged && invocation.config === undefined) {
    const read = tree.read(POLICY_FILE_NAME);
    return { source: `index:${POLICY_FILE_NAME}`, sha256: read.ok ? sha256(read.text) : `!${read.reason}` };
  }
  const file = path.resolve(context.cwd, invocation.config ?? path.join(invocation.root, POLICY_FILE_NAME));
  try {
    return { source: file, sha256: sha256(readFileSync(file, 'utf8')) };
  } catch (error) {
    // Absent (the defaults apply) or unreadable (the lint fails and nothing is stored).
    return { source: file, sha256: `!${(error as NodeJS.ErrnoException).code ?? 'unreadable'}` };
  }
}
