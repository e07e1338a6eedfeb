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
];

export function findCommand(name: string): CommandSpec | undefined {
  return commands.find((command) => command.name === name);
}
