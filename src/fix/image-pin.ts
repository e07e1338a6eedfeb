/**
 * The text edits that make an image string read `<repository>:<tag>@<digest>`, made where the
 * tag and the digest were written: in the image string itself, or in the `let` binding or
 * attrset (`image = { name; tag; digest; }`) they were interpolated from. Every other byte of
 * the file stays as it is.
 */
import type { TextEdit } from '../engine/finding.js';
import { parseImageReference } from '../model/image-ref.js';
import type { StringPart, StringValue } from '../nix/eval/value.js';
import { rangeIsUnknown } from '../nix/string-spans.js';
import type { Span } from '../source/span.js';
import { appendToStringLiteral, replaceInStringLiteral, type SyntaxLookup } from './nix-edits.js';

export type PinPlan = { ok: true; edits: TextEdit[]; wrote: { tag?: Span; digest?: Span } } | { ok: false; problem: string };

/** One part of the string with where its text sits in the string's value. */
interface Located {
  part: StringPart;
  start: number;
  end: number;
}

export function planImagePin(image: StringValue, lookup: SyntaxLookup, tag: string, digest: string): PinPlan {
  const ref = parseImageReference(image.value);
  const hole = rangeIsUnknown(image, 0, image.value.length);
  if (hole) return { ok: false, problem: `the image string is not statically known (${hole.unknown ?? 'unknown'})` };
  const parts = locateParts(image);
  const edits: TextEdit[] = [];
  const wrote: { tag?: Span; digest?: Span } = {};

  if (ref.tag) {
    const edit = rewriteRange(parts, lookup, ref.tag.start, ref.tag.end, tag);
    if (!edit.ok) return { ok: false, problem: `the tag \`${ref.tag.text}\` ${edit.problem}` };
    if (edit.edit) edits.push(edit.edit);
    wrote.tag = edit.at;
  }
  if (ref.digest) {
    const edit = rewriteRange(parts, lookup, ref.digest.start, ref.digest.end, digest);
    if (!edit.ok) return { ok: false, problem: `the digest ${edit.problem}` };
    if (edit.edit) edits.push(edit.edit);
    wrote.digest = edit.at;
  }
  if (!ref.tag || !ref.digest) {
    // What is missing goes at the end of the reference, where the string ends: before the
    // closing quote of the image string as written at the use site.
    const missing = `${ref.tag ? '' : `:${tag}`}${ref.digest ? '' : `@${digest}`}`;
    if (ref.digest) {
      // `repository@sha256:…` without a tag: the tag goes before the `@`.
      const edit = rewriteRange(parts, lookup, ref.repository.end, ref.repository.end, missing);
      if (!edit.ok) return { ok: false, problem: `cannot add the tag: the image ${edit.problem}` };
      edits.push(edit.edit!);
      wrote.tag = edit.at;
    } else {
      const edit = image.origin ? appendToStringLiteral(lookup, image.origin, missing) : undefined;
      if (!edit) return { ok: false, problem: `cannot add ${ref.tag ? 'a digest' : 'a tag and a digest'}: the image string is not a plain "…" string literal` };
      edits.push(edit);
      const at = spanAt(lookup, edit.file, edit.startIndex, edit.startIndex);
      if (!ref.tag) wrote.tag = at;
      wrote.digest = at;
    }
  }
  return { ok: true, edits, wrote };
}

function locateParts(image: StringValue): Located[] {
  const located: Located[] = [];
  let offset = 0;
  for (const part of image.parts) {
    located.push({ part, start: offset, end: offset + part.text.length });
    offset += part.text.length;
  }
  return located;
}

type RangeEdit = { ok: true; edit?: TextEdit; at?: Span } | { ok: false; problem: string };

/**
 * Rewrites the characters [start, end) of the string's value to `text`. Only the characters
 * that change are edited (a common head and tail stay), and they must all have been written
 * in one string literal; when old and new text have the same length (a digest), the changes
 * may fall in several literals, each edited on its own.
 */
function rewriteRange(parts: Located[], lookup: SyntaxLookup, start: number, end: number, text: string): RangeEdit {
  const old = partsText(parts).slice(start, end);
  if (old === text) {
    const first = parts.find((p) => p.start <= start && start < p.end) ?? parts.find((p) => p.end === start);
    return { ok: true, at: first && literalSpan(first, lookup, start, end) };
  }
  let head = 0;
  while (head < old.length && head < text.length && old[head] === text[head]) head++;
  let tail = 0;
  while (tail < old.length - head && tail < text.length - head && old[old.length - 1 - tail] === text[text.length - 1 - tail]) tail++;
  const from = start + head;
  const to = end - tail;
  const replacement = text.slice(head, text.length - tail);
  const single = editInOnePart(parts, lookup, from, to, replacement, start < end ? [start, end] : undefined);
  if (single.ok) {
    return { ok: true, edit: single.edit, at: literalSpan(single.located, lookup, start, end) ?? spanAt(lookup, single.edit.file, single.edit.startIndex, single.edit.endIndex + (replacement.length - (to - from))) };
  }
  if (old.length !== text.length) return { ok: false, problem: single.problem };
  // Same length: each literal part takes its own slice of the new text.
  const edits: TextEdit[] = [];
  for (const located of parts) {
    const lo = Math.max(located.start, from);
    const hi = Math.min(located.end, to);
    if (lo >= hi) continue;
    const piece = text.slice(lo - start, hi - start);
    if (piece === located.part.text.slice(lo - located.start, hi - located.start)) continue;
    const edit = editInOnePart([located], lookup, lo, hi, piece);
    if (!edit.ok) return { ok: false, problem: edit.problem };
    edits.push(edit.edit);
  }
  if (edits.length !== 1) {
    return edits.length === 0 ? { ok: true } : { ok: false, problem: 'is split over several pieces that would each change; rewrite it by hand' };
  }
  return { ok: true, edit: edits[0] };
}

function partsText(parts: Located[]): string {
  return parts.map((p) => p.part.text).join('');
}

/** An edit of [from, to) to `text` inside one literal part (an insertion may sit at either end of a part). */
function editInOnePart(parts: Located[], lookup: SyntaxLookup, from: number, to: number, text: string, field?: [number, number]): { ok: true; edit: TextEdit; located: Located } | { ok: false; problem: string } {
  const candidates = parts.filter((p) => (from === to ? p.start <= from && from <= p.end : p.start <= from && to <= p.end));
  if (candidates.length === 0) return { ok: false, problem: 'is built from several pieces (interpolations); rewrite it by hand' };
  let problem = 'is not written as a plain string literal';
  // An insertion between two parts goes into the part that holds the field being rewritten
  // (`1.25` → `1.25.1` extends the tag literal, not the `@` after it); else into the part
  // written at the use site, the last one.
  const holdsField = (p: Located) => field !== undefined && p.start < field[1] && field[0] < p.end;
  const ordered = [...candidates.filter(holdsField), ...candidates.filter((p) => !holdsField(p)).reverse()];
  for (const located of ordered) {
    const { part } = located;
    const origin = part.origin;
    if (!origin || part.ref !== undefined || part.unknown !== undefined) continue;
    const source = lookup(origin.file)?.text;
    if (source === undefined || source.slice(origin.startIndex, origin.endIndex) !== part.text) {
      problem = 'is written with escapes or comes from a value that is not a string literal';
      continue;
    }
    const at = { file: origin.file, startIndex: origin.startIndex + (from - located.start), endIndex: origin.startIndex + (to - located.start) };
    const edit = replaceInStringLiteral(lookup, at, text);
    if (edit) return { ok: true, edit, located };
    problem = 'is not written inside a string literal of a file that parses';
  }
  return { ok: false, problem };
}

/** Where [start, end) of the value was written, when it lies in one verbatim literal part. */
function literalSpan(located: Located, lookup: SyntaxLookup, start: number, end: number): Span | undefined {
  const origin = located.part.origin;
  if (!origin || located.part.ref !== undefined || start < located.start || end > located.end) return undefined;
  return spanAt(lookup, origin.file, origin.startIndex + (start - located.start), origin.startIndex + (end - located.start));
}

function spanAt(lookup: SyntaxLookup, file: string, startIndex: number, endIndex: number): Span | undefined {
  return lookup(file)?.lines.span(file, startIndex, endIndex);
}
