import type { Fix, TextEdit } from '../engine/finding.js';

/**
 * Text edits and how fixes combine, as ESLint does it: the fixes of one pass must not touch
 * the same text, so a fix whose edits overlap (or abut) an edit already taken waits for the
 * next pass, when it is recomputed against the new text — or is no longer needed.
 */

/** Whether two edits touch: their ranges overlap, or meet at a point (two insertions at the
 * same offset, or an insertion at the edge of a replacement), where the order of applying
 * them would decide the result. */
export function editsTouch(a: TextEdit, b: TextEdit): boolean {
  return a.file === b.file && a.startIndex <= b.endIndex && b.startIndex <= a.endIndex;
}

/** A key that is equal for two fixes making the same edits (the same change reported twice). */
function fixKey(fix: Fix): string {
  return fix.edits
    .map((e) => `${e.file}\0${e.startIndex}\0${e.endIndex}\0${e.text}`)
    .sort()
    .join('\0\0');
}

/**
 * The fixes to apply in one pass: deduplicated, taken in order of their first edit's place
 * (file, offset) so that the choice is deterministic, each taken only when none of its edits
 * touches an edit taken before. A fix with several edits is taken whole or not at all.
 */
export function chooseFixes(fixes: readonly Fix[]): Fix[] {
  const unique = new Map<string, Fix>();
  for (const fix of fixes) if (fix.edits.length > 0 && !unique.has(fixKey(fix))) unique.set(fixKey(fix), fix);
  const ordered = [...unique.values()].sort((a, b) => compareEdits(firstEdit(a), firstEdit(b)));
  const taken: TextEdit[] = [];
  const chosen: Fix[] = [];
  for (const fix of ordered) {
    if (!fix.edits.every((edit, i) => fix.edits.every((other, j) => i === j || !editsTouch(edit, other)))) continue;
    if (fix.edits.some((edit) => taken.some((t) => editsTouch(edit, t)))) continue;
    taken.push(...fix.edits);
    chosen.push(fix);
  }
  return chosen;
}

function firstEdit(fix: Fix): TextEdit {
  return [...fix.edits].sort(compareEdits)[0];
}

function compareEdits(a: TextEdit, b: TextEdit): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.startIndex - b.startIndex || a.endIndex - b.endIndex;
}

/** Applies non-overlapping edits of one file to its text. Throws on an edit outside the text
 * or on overlapping edits: both are bugs of the caller. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = [...edits].sort((a, b) => a.startIndex - b.startIndex || a.endIndex - b.endIndex);
  let out = '';
  let copied = 0;
  for (const edit of ordered) {
    if (edit.startIndex < copied || edit.endIndex < edit.startIndex || edit.endIndex > text.length) {
      throw new Error(`applyEdits: edit [${edit.startIndex}, ${edit.endIndex}) of ${edit.file} overlaps another or lies outside the text`);
    }
    out += text.slice(copied, edit.startIndex) + edit.text;
    copied = edit.endIndex;
  }
  return out + text.slice(copied);
}

/** Edits grouped by file, in first-seen order. */
export function editsByFile(fixes: readonly Fix[]): Map<string, TextEdit[]> {
  const byFile = new Map<string, TextEdit[]>();
  for (const fix of fixes) {
    for (const edit of fix.edits) {
      const list = byFile.get(edit.file) ?? [];
      list.push(edit);
      byFile.set(edit.file, list);
    }
  }
  return byFile;
}
