/**
 * A unified diff (`diff -u` / `git diff` format) of two versions of a file, for `--dry-run`.
 * Lines are compared whole; the common head and tail are trimmed first, so that the quadratic
 * part only ever sees the changed middle (a rewrite touches a few lines of a file).
 */
const CONTEXT = 3;
/** Beyond this many changed lines on each side, the middle is shown as removed and re-added. */
const MAX_MIDDLE = 2000;

type Op = { kind: ' ' | '-' | '+'; line: string };

export function unifiedDiff(file: string, before: string, after: string): string {
  if (before === after) return '';
  const ops = diffLines(splitLines(before), splitLines(after));
  let out = `--- a/${file}\n+++ b/${file}\n`;
  for (const hunk of groupHunks(ops)) {
    out += `@@ -${range(hunk.aStart, hunk.aCount)} +${range(hunk.bStart, hunk.bCount)} @@\n`;
    for (const op of hunk.ops) {
      const missingNewline = op.line.endsWith(NO_EOL);
      out += `${op.kind}${missingNewline ? op.line.slice(0, -NO_EOL.length) : op.line}\n`;
      if (missingNewline) out += '\\ No newline at end of file\n';
    }
  }
  return out;
}

/** Marks a last line without a newline, so that it differs from the same text with one. */
const NO_EOL = '\u0000no-eol';

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else lines[lines.length - 1] += NO_EOL;
  return lines;
}

function diffLines(a: string[], b: string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const ops: Op[] = a.slice(0, head).map((line) => ({ kind: ' ', line }));
  ops.push(...lcsOps(midA, midB));
  ops.push(...a.slice(a.length - tail).map((line): Op => ({ kind: ' ', line })));
  return ops;
}

/** Longest common subsequence of two small line lists, as diff operations. */
function lcsOps(a: string[], b: string[]): Op[] {
  if (a.length > MAX_MIDDLE || b.length > MAX_MIDDLE || a.length === 0 || b.length === 0) {
    return [...a.map((line): Op => ({ kind: '-', line })), ...b.map((line): Op => ({ kind: '+', line }))];
  }
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * width + j] = a[i] === b[j] ? table[(i + 1) * width + j + 1] + 1 : Math.max(table[(i + 1) * width + j], table[i * width + j + 1]);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i++] });
      j++;
    } else if (table[(i + 1) * width + j] >= table[i * width + j + 1]) ops.push({ kind: '-', line: a[i++] });
    else ops.push({ kind: '+', line: b[j++] });
  }
  while (i < a.length) ops.push({ kind: '-', line: a[i++] });
  while (j < b.length) ops.push({ kind: '+', line: b[j++] });
  return ops;
}

interface Hunk {
  aStart: number;
  aCount: number;
  bStart: number;
  bCount: number;
  ops: (Op & { aLine: number; bLine: number })[];
}

function groupHunks(ops: Op[]): Hunk[] {
  // Number every op with the 1-based line it has on each side.
  const numbered: (Op & { aLine: number; bLine: number })[] = [];
  let aLine = 1;
  let bLine = 1;
  for (const op of ops) {
    numbered.push({ ...op, aLine, bLine });
    if (op.kind !== '+') aLine++;
    if (op.kind !== '-') bLine++;
  }
  const changed = numbered.map((op, i) => (op.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  const hunks: Hunk[] = [];
  let k = 0;
  while (k < changed.length) {
    let from = Math.max(0, changed[k] - CONTEXT);
    let to = Math.min(numbered.length, changed[k] + CONTEXT + 1);
    while (k + 1 < changed.length && changed[k + 1] - CONTEXT <= to) {
      k++;
      to = Math.min(numbered.length, changed[k] + CONTEXT + 1);
    }
    k++;
    const slice = numbered.slice(from, to);
    const aCount = slice.filter((op) => op.kind !== '+').length;
    const bCount = slice.filter((op) => op.kind !== '-').length;
    const first = slice[0];
    // An empty side starts at the line before (diff's convention for `-0,0`-style ranges).
    hunks.push({ aStart: aCount === 0 ? first.aLine - 1 : first.aLine, aCount, bStart: bCount === 0 ? first.bLine - 1 : first.bLine, bCount, ops: slice });
    from = to;
  }
  return hunks;
}

function range(start: number, count: number): string {
  return count === 1 ? `${start}` : `${start},${count}`;
}
