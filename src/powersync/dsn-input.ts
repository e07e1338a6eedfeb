/**
 * The input of `powersync-lint dsn`: one DSN on stdin, bare (`sops -d --extract '["key"]' …`)
 * or as a dotenv line `NAME=…` among others (a decrypted env file), the value optionally in
 * single or double quotes. Messages never quote input text: a malformed line may be a
 * password.
 */
export type DsnInput =
  | { ok: true; text: string; line: number; column: number }
  | { ok: false; message: string; line: number; column: number; endColumn: number };

const CONNINFO = /^\s*[a-z_]+\s*=\s*\S*\s+[a-z_]+\s*=/;
const DOTENV = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_]*)(\s*=\s*)(.*)$/;

export function readDsnInput(input: string, envVar: string): DsnInput {
  const lines = input.replace(/^\uFEFF/, '').split(/\r?\n/);
  const meaningful = lines.map((text, i) => ({ text, line: i + 1 })).filter((l) => l.text.trim() !== '' && !l.text.trim().startsWith('#'));
  if (meaningful.length === 0) return { ok: false, message: 'stdin holds no DSN (it is empty or only comments); pipe in the decrypted DSN or a dotenv line `NAME=postgresql://…`', line: 1, column: 1, endColumn: 1 };
  // A lone libpq `key=value key=value` string is a (wrong) DSN, not a dotenv line.
  const conninfo = meaningful.length === 1 && CONNINFO.test(meaningful[0].text) && !meaningful[0].text.trimStart().startsWith(`${envVar}=`);
  const assignments = conninfo ? [] : meaningful.map((l) => ({ ...l, match: DOTENV.exec(l.text) })).filter((l) => l.match);
  if (assignments.length === 0) {
    if (meaningful.length > 1) {
      return { ok: false, message: `stdin holds ${meaningful.length} lines that are not \`NAME=…\` assignments; give one DSN, or dotenv lines with a \`${envVar}=\` line`, line: meaningful[1].line, column: 1, endColumn: meaningful[1].text.length + 1 };
    }
    const { text, line } = meaningful[0];
    const column = text.length - text.trimStart().length + 1;
    return unquote(text.trim(), line, column);
  }
  const named = assignments.filter((l) => l.match![2] === envVar);
  if (named.length === 0) {
    const names = [...new Set(assignments.map((l) => l.match![2]))].join(', ');
    return { ok: false, message: `no \`${envVar}=\` line on stdin (it assigns ${names}); pass --env-var NAME to check another variable`, line: assignments[0].line, column: 1, endColumn: assignments[0].match![1].length + assignments[0].match![2].length + 1 };
  }
  if (named.length > 1) {
    return { ok: false, message: `\`${envVar}=\` is assigned ${named.length} times on stdin; which value wins depends on the reader — keep one`, line: named[1].line, column: 1, endColumn: named[1].match![1].length + envVar.length + 1 };
  }
  const { match, line } = named[0];
  const [, lead, name, equals, value] = match!;
  const trimmedValue = value.trimEnd();
  return unquote(trimmedValue, line, lead.length + name.length + equals.length + 1);
}

/** A value in matching quotes loses them; an opened quote must be closed. */
function unquote(value: string, line: number, column: number): DsnInput {
  if (value === '') return { ok: false, message: 'the value is empty', line, column, endColumn: column };
  const quote = value[0];
  if (quote !== '"' && quote !== "'") return { ok: true, text: value, line, column };
  if (value.length < 2 || value[value.length - 1] !== quote) {
    return { ok: false, message: `the value opens a ${quote === '"' ? 'double' : 'single'} quote that is not closed at the end of the line`, line, column, endColumn: column + 1 };
  }
  const inner = value.slice(1, -1);
  // Double quotes take \" and \\ escapes, as in shells and dotenv readers.
  const text = quote === '"' ? inner.replace(/\\(["\\$`])/g, '$1') : inner;
  return { ok: true, text, line, column: column + 1 };
}
