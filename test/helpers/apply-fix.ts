import { readFileSync } from 'node:fs';
import type { Finding } from '../../src/engine/finding.js';
import { REPO } from './lint-fixture.js';

/** The text of `file` (under fixtures/`dir`) after the finding's fix, to check edits land on the literal. */
export function textAfterFix(dir: string, finding: Finding | undefined): string {
  const edits = finding?.fix?.edits ?? [];
  if (edits.length === 0) throw new Error('the finding has no fix');
  const file = edits[0].file;
  let text = readFileSync(`${REPO}fixtures/${dir}/${file}`, 'utf8');
  for (const edit of [...edits].filter((e) => e.file === file).sort((a, b) => b.startIndex - a.startIndex)) {
    text = text.slice(0, edit.startIndex) + edit.text + text.slice(edit.endIndex);
  }
  return text;
}

/** Line `line` (1-based) of a text. */
export function lineOf(text: string, line: number): string {
  return text.split('\n')[line - 1];
}

/** cannot-verify findings that name `ruleId` among the rules that needed the value. */
export function unverified(result: { findings: Finding[] }, ruleId: string): string[] {
  return result.findings
    .filter((f) => f.ruleId === 'cannot-verify' && new RegExp(`(^|[ ,])${ruleId}( |,)`).test(f.message.split(' cannot verify ')[0] + ' '))
    .map((f) => `${f.file}:${f.line}:${f.column}`);
}
