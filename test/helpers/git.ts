/** Real git repositories in a temporary directory, for the --staged and hook tests. */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Identity and config that keep the user's git configuration out of the tests. */
export const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'powersync-lint tests',
  GIT_AUTHOR_EMAIL: 'tests@example.invalid',
  GIT_COMMITTER_NAME: 'powersync-lint tests',
  GIT_COMMITTER_EMAIL: 'tests@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
};

export function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = GIT_ENV): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('git', args, { cwd, env, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs git and fails the test with its output when it fails. */
export function gitOk(cwd: string, args: string[]): string {
  const result = git(cwd, args);
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  return result.stdout;
}

/** A new repository (no commits), optionally with the files of `from` copied in. */
export function scratchRepo(prefix: string, from?: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `powersync-lint-${prefix}-`));
  if (from) cpSync(from, dir, { recursive: true });
  gitOk(dir, ['init', '-q', '-b', 'main']);
  return dir;
}
