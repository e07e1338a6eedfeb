import type { CliContext } from '../../src/cli/context.js';

/** A CliContext whose output is captured, for running commands in-process. */
export function capturedContext(overrides: Partial<CliContext> = {}): CliContext & { out(): string; err(): string } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    cwd: process.cwd(),
    env: {},
    stdout: { write: (text: string) => stdout.push(text) },
    stderr: { write: (text: string) => stderr.push(text) },
    stdoutIsTTY: false,
    readStdin: async () => '',
    ...overrides,
    out: () => stdout.join(''),
    err: () => stderr.join(''),
  };
}
