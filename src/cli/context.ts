/** What a command may use of the process. Passed in rather than reached for, so that
 * commands run in-process under test with captured output. */
export interface TextSink {
  write(text: string): unknown;
}

export interface CliContext {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: TextSink;
  stderr: TextSink;
  /** Whether stdout is a terminal, which turns colour on by default. */
  stdoutIsTTY: boolean;
  /** All of stdin as text; only commands that read it call this (dsn). */
  readStdin(): Promise<string>;
}

/** A command's entry point: its arguments after the command name; resolves to the exit code. */
export type CommandRun = (args: string[], context: CliContext) => Promise<number>;
