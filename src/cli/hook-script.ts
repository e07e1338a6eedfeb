/** The text edits of `hook install` / `hook uninstall` on a shell script: the lint call goes in
 * as a marked block, so that a second install finds it and uninstall removes exactly the lines
 * it added — the file is then byte for byte what it was. */

export const BLOCK_BEGIN = '# >>> powersync-lint: added by `powersync-lint hook install`, removed by `powersync-lint hook uninstall`';
export const BLOCK_END = '# <<< powersync-lint';
/** The second line of a hook file that install created (and uninstall may delete). */
export const CREATED_MARK = '# Created by `powersync-lint hook install`.';

export interface Insertion {
  text: string;
  /** 1-based line of the lint call in the new text. */
  line: number;
}

/** The lint call as the hook runs it: a failing lint stops the commit, with or without `set -e`. */
export function lintCall(root: string | undefined): string {
  return root === undefined || root === '.' ? 'powersync-lint --staged || exit 1' : `powersync-lint --staged ${shellQuote(root)} || exit 1`;
}

/** The 1-based line of a command that already runs powersync-lint (ours or hand-written). */
export function existingLintCall(text: string): number | undefined {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => /(^|[\s;&|(`$"'/])powersync-lint(\s|$|[;&|)"'`])/.test(code(line)));
  return index === -1 ? undefined : index + 1;
}

/** Inserts the block before the shell statement that holds the first `test-configuration` call
 * (for a call inside a loop or an `if`, before the loop or the `if`: the lint runs once, before
 * any dry build). Undefined when the script never calls test-configuration. */
export function insertBeforeTestConfiguration(text: string, call: string): Insertion | undefined {
  const lines = text.split('\n');
  const callIndex = lines.findIndex((line) => /(^|[\s;&|(`$"'/])test-configuration(\s|$|[;&|)"'`])/.test(code(line)));
  if (callIndex === -1) return undefined;
  const at = statementStart(lines, callIndex);
  return insertAt(lines, at, call, indentation(lines[at]), eol(text));
}

/** Inserts the block right after the `#!` line (and a `set -…` line right below it), so that the
 * lint runs before anything else the hook does. */
export function insertAtTop(text: string, call: string): Insertion {
  const lines = text.split('\n');
  let at = lines[0]?.startsWith('#!') ? 1 : 0;
  while (at < lines.length && /^\s*set\s+-/.test(lines[at])) at++;
  return insertAt(lines, at, call, '', eol(text));
}

/** A new hook file that runs only the lint. */
export function newHook(call: string): Insertion {
  return { text: ['#!/bin/sh', CREATED_MARK, BLOCK_BEGIN, call, BLOCK_END, ''].join('\n'), line: 4 };
}

/** The text without the block, or undefined when there is none. `deleteFile` when what remains is
 * exactly the hook that install created. */
export function removeBlock(text: string): { text: string; deleteFile: boolean } | undefined {
  const lines = text.split('\n');
  const begin = lines.findIndex((line) => line.trim().replace(/\r$/, '') === BLOCK_BEGIN);
  if (begin === -1) return undefined;
  const end = lines.findIndex((line, i) => i > begin && line.trim().replace(/\r$/, '') === BLOCK_END);
  if (end === -1) return undefined;
  lines.splice(begin, end - begin + 1);
  const remaining = lines.join('\n');
  const deleteFile = remaining.replace(/\r/g, '') === `#!/bin/sh\n${CREATED_MARK}\n`;
  return { text: remaining, deleteFile };
}

/** Whether the file is a script a shell runs: the block is shell code. */
export function isShellScript(text: string): boolean {
  const first = text.split('\n', 1)[0];
  if (!first.startsWith('#!')) return text.trim() === '';
  return /^#!\s*(\/usr)?\/bin\/(env\s+(-S\s+)?)?(ba|da|z|k|a)?sh(\s|$)/.test(first);
}

function insertAt(lines: string[], at: number, call: string, indent: string, newline: string): Insertion {
  const block = [BLOCK_BEGIN, call, BLOCK_END].map((line) => `${indent}${line}${newline === '\r\n' ? '\r' : ''}`);
  const copy = [...lines];
  copy.splice(at, 0, ...block);
  return { text: copy.join('\n'), line: at + 2 };
}

/** The first line of the top-level statement that line `index` belongs to: up through continued
 * lines (`\`, `&&`, `||`, `|`) and out of indented blocks. */
function statementStart(lines: string[], index: number): number {
  let at = index;
  for (;;) {
    const previous = previousCodeLine(lines, at);
    if (previous === undefined) return at;
    if (/(\\|&&|\|\||\|)\s*$/.test(code(lines[previous]))) {
      at = previous;
      continue;
    }
    if (indentation(lines[at]).length === 0) return at;
    // Inside a block: the nearest less indented line above opens it.
    let opener: number | undefined = previous;
    while (opener !== undefined && indentation(lines[opener]).length >= indentation(lines[at]).length) opener = previousCodeLine(lines, opener);
    if (opener === undefined) return at;
    at = opener;
  }
}

function previousCodeLine(lines: string[], index: number): number | undefined {
  for (let i = index - 1; i >= 0; i--) if (code(lines[i]).trim() !== '') return i;
  return undefined;
}

/** A line without its comment (a `#` at the start or after a blank). */
function code(line: string): string {
  const hash = line.search(/(^|\s)#/);
  return hash === -1 ? line : line.slice(0, hash);
}

function indentation(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./=:@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
