/** A few lines of source around a range, with a caret line under the range:
 *
 *       10 |   containers.powersync = {
 *     > 12 |     image = "journeyapps/powersync-service:latest";
 *          |             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
 *       13 |     ports = [ "127.0.0.1:8080:8080" ];
 */

/** 1-based, endColumn exclusive (as Finding and Span have them). */
export interface FrameRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Colouring hooks; the default leaves text plain. */
export interface FrameStyle {
  gutter(text: string): string;
  marker(text: string): string;
}

const plain: FrameStyle = { gutter: (text) => text, marker: (text) => text };

/** Undefined when the range is not in the text (the file changed since it was linted). A
 * range over several lines is marked on its first line: where the edit starts, and the frame
 * stays short even for a long indented string. */
export function codeFrame(text: string, range: FrameRange, style: FrameStyle = plain, contextLines = 2): string | undefined {
  const lines = text.split(/\r?\n/);
  if (range.line < 1 || range.line > lines.length) return undefined;
  const first = Math.max(1, range.line - contextLines);
  const last = Math.min(lines.length, range.line + contextLines);
  const width = String(last).length;
  const out: string[] = [];
  for (let number = first; number <= last; number++) {
    const source = printable(lines[number - 1]);
    const marked = number === range.line;
    const gutter = style.gutter(`${String(number).padStart(width)} |`);
    out.push(`${marked ? style.marker('>') : ' '} ${gutter}${source === '' ? '' : ` ${source}`}`);
    if (marked) out.push(`  ${style.gutter(`${' '.repeat(width)} |`)} ${style.marker(caretLine(source, range))}`);
  }
  return out.join('\n');
}

/** Spaces up to the start column — tabs kept as tabs so the carets line up in any terminal —
 * then one caret per column of the range, at least one. */
function caretLine(source: string, range: FrameRange): string {
  const start = Math.min(range.column, source.length + 1) - 1;
  const end = range.endLine === range.line ? Math.min(range.endColumn - 1, source.length) : source.length;
  return source.slice(0, start).replace(/[^\t]/g, ' ') + '^'.repeat(Math.max(1, end - start));
}

/** A linted file is untrusted input: control characters (an escape sequence in a comment)
 * must not reach the terminal. Each becomes one replacement character, keeping columns. */
function printable(line: string): string {
  return line.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\ufffd');
}
