/** `--staged`: lint what `git commit` would record. The tree is git's index, and so is the
 * default policy file: a staged `.powersync-lint.yaml` applies to the commit it is part of.
 * Light on purpose: a warm run (the lint cache) loads this and no policy parser. */
import type { parsePolicy as ParsePolicy } from '../engine/policy-file.js';
import { defaultPolicy, POLICY_FILE_NAME, type Policy } from '../engine/policy.js';
import { GitIndexTree } from '../source/git-index-tree.js';
import type { SourceTree } from '../source/tree.js';

export function indexTree(root: string, env: Readonly<Record<string, string | undefined>>): GitIndexTree {
  return new GitIndexTree(root, { ...env });
}

/** The policy file as staged under ROOT; the defaults when none is staged. `rootAsWritten`
 * names it in messages as the user wrote ROOT. */
export function stagedPolicy(tree: SourceTree, rootAsWritten: string, knownRuleIds: readonly string[], parsePolicy: typeof ParsePolicy): Policy {
  const read = tree.read(POLICY_FILE_NAME);
  if (!read.ok) return defaultPolicy();
  const shown = rootAsWritten === '.' ? POLICY_FILE_NAME : `${rootAsWritten.replace(/\/+$/, '')}/${POLICY_FILE_NAME}`;
  return parsePolicy(read.text, `${shown} (staged)`, knownRuleIds);
}
