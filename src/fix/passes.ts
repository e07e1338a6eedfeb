import type { Finding, Fix, TextEdit } from '../engine/finding.js';
import { parseNix } from '../nix/parse.js';
import type { SourceTree } from '../source/tree.js';
import { applyEdits, chooseFixes, editsByFile } from './edits.js';
import { OverlayTree } from './overlay-tree.js';

/** ESLint's bound: a fix that keeps producing new fixes stops after this many passes. */
export const MAX_FIX_PASSES = 10;

export interface FileChange {
  file: string;
  before: string;
  after: string;
}

export interface FixRun<R> {
  /** The lint of the fixed text: what is left to report. */
  result: R;
  /** Files whose text changed, with their text before and after; nothing is written yet. */
  changes: FileChange[];
  /** Fixes applied over all passes. */
  applied: number;
  /** Lint passes that applied fixes. */
  passes: number;
}

/**
 * `--fix`: lint, apply the fixes of the findings that do not touch each other, lint the new
 * text, and again, until no finding offers a fix or MAX_FIX_PASSES passes have applied fixes.
 * Everything happens in memory on an overlay of `base`; the caller writes `changes` (all or,
 * on an error, nothing). A .nix file that would end up with more syntax errors than it had
 * is left as it was, and the fixes that did it are not tried again.
 */
export function runFixPasses<R extends { findings: readonly Finding[] }>(base: SourceTree, lint: (tree: SourceTree) => R): FixRun<R> {
  const tree = new OverlayTree(base);
  const refused = new Set<string>();
  let result = lint(tree);
  let applied = 0;
  let passes = 0;
  while (passes < MAX_FIX_PASSES) {
    const offered = result.findings.flatMap((f) => (f.fix && !refused.has(fixKey(f.fix)) ? [f.fix] : []));
    const texts = applyPass(tree, chooseFixes(offered), refused);
    if (texts === undefined) break;
    if (texts.size === 0) continue; // every chosen fix was refused: choose again without them
    for (const [file, text] of texts.files) tree.write(file, text);
    applied += texts.size;
    passes++;
    result = lint(tree);
  }
  const changes = tree.changedFiles().map((file) => {
    const before = tree.original(file);
    const after = tree.read(file);
    return { file, before: before.ok ? before.text : '', after: after.ok ? after.text : '' };
  });
  return { result, changes, applied, passes };
}

/**
 * The new texts of the files the chosen fixes edit, or undefined when nothing was chosen.
 * Fixes that would break a file's syntax, or that edit a file that cannot be read, are added
 * to `refused` and left out (with every other edit of theirs).
 */
function applyPass(tree: SourceTree, chosen: Fix[], refused: Set<string>): { files: Map<string, string>; size: number } | undefined {
  if (chosen.length === 0) return undefined;
  let fixes = chosen;
  for (;;) {
    const files = new Map<string, string>();
    const broken = new Set<string>();
    for (const [file, edits] of editsByFile(fixes)) {
      const text = tree.read(file);
      if (!text.ok || !editsFit(text.text, edits)) {
        broken.add(file);
        continue;
      }
      const after = applyEdits(text.text, edits);
      if (file.endsWith('.nix') && syntaxErrors(after, file) > syntaxErrors(text.text, file)) broken.add(file);
      else files.set(file, after);
    }
    if (broken.size === 0) return { files, size: fixes.length };
    for (const fix of fixes) if (fix.edits.some((e) => broken.has(e.file))) refused.add(fixKey(fix));
    fixes = fixes.filter((fix) => !refused.has(fixKey(fix)));
    if (fixes.length === 0) return { files: new Map(), size: 0 };
  }
}

function editsFit(text: string, edits: readonly TextEdit[]): boolean {
  return edits.every((e) => e.startIndex >= 0 && e.startIndex <= e.endIndex && e.endIndex <= text.length);
}

function syntaxErrors(text: string, file: string): number {
  return parseNix(text, file).errors.length;
}

function fixKey(fix: Fix): string {
  return JSON.stringify(fix.edits.map((e) => [e.file, e.startIndex, e.endIndex, e.text]));
}
