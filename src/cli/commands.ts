/** The subcommands. Linting is the default command (src/cli/lint.ts), run when the first
 * argument names none of these. A new command is one entry here and one file. */
import type { CommandRun } from './context.js';

export interface CommandSpec {
  name: string;
  /** Arguments after the name, for help: `RULE`, `FILE...`. */
  args: string;
  summary: string;
  /** Imported on use only, so that start-up loads one command, not all of them. */
  load(): Promise<{ run: CommandRun }>;
}

export const commands: readonly CommandSpec[] = [
  { name: 'rules', args: '', summary: 'list the rules: id, default severity, fixable, summary', load: () => import('./rules.js') },
  { name: 'explain', args: 'RULE', summary: "print a rule's documentation: what, why, how to fix, examples", load: () => import('./explain.js') },
  { name: 'config', args: 'FILE...', summary: 'lint standalone PowerSync service configs (compose, k8s, Nix): schema + pitfalls', load: () => import('./config.js') },
  { name: 'sync-rules', args: 'FILE...', summary: "validate sync rules files with PowerSync's own parser, SQL included", load: () => import('./sync-rules.js') },
  { name: 'dsn', args: '[--env-var NAME]', summary: 'check one Postgres DSN read from stdin (bare, or a dotenv line NAME=…)', load: () => import('./dsn.js') },
  { name: 'pin', args: '[--tag TAG] [--registry URL] [--dry-run] [ROOT]', summary: "resolve the image's release tag to its digest and rewrite it in place", load: () => import('./pin.js') },
  { name: 'init', args: '[ROOT]', summary: 'write a commented .powersync-lint.yaml with the defaults (never overwrites)', load: () => import('./init.js') },
  { name: 'hook', args: 'install|uninstall [ROOT]', summary: 'run powersync-lint --staged in the pre-commit hook, before scripts/test-configuration', load: () => import('./hook.js') },
];

export function findCommand(name: string): CommandSpec | undefined {
  return commands.find((command) => command.name === name);
}
