import { posix } from 'node:path';
import type { Span } from '../source/span.js';
import { LineMap } from '../source/span.js';
import type { SourceTree } from '../source/tree.js';
import type { Value } from '../nix/eval/value.js';
import type { ContainerModel } from './container.js';

/**
 * The script that updates the pinned image (policy `updateHelper`). It keeps the pin current
 * only if it runs `powersync-lint pin` (which rewrites the image string where it was written)
 * or at least names the module file whose image string it rewrites.
 */
export type UpdateHelperModel =
  | { kind: 'missing'; path: string; reason: string; moduleFiles: string[] }
  | {
      kind: 'file';
      path: string;
      executable: boolean;
      /** The first line (the shebang), a place for file-level findings. */
      firstLineAt: Span;
      /** Where `powersync-lint pin` is run, outside comments. */
      runsPin?: Span;
      /** Where the helper names a file in `moduleFiles`. */
      namesModule?: { file: string; at: Span };
      /** The files the image reference is written in, which an update must rewrite. */
      moduleFiles: string[];
    };

const PIN = /powersync-lint['"]?\s+(?:--?[\w-]+(?:=\S*)?\s+)*pin(?=$|[\s;&|)'"])/;

export function findUpdateHelper(path: string, tree: SourceTree, container: ContainerModel | undefined): UpdateHelperModel {
  const moduleFiles = imageFiles(container);
  const read = tree.read(path);
  if (!read.ok) return { kind: 'missing', path, reason: read.reason, moduleFiles };
  const lines = new LineMap(read.text);
  const firstLineEnd = read.text.indexOf('\n');
  const firstLineAt = lines.span(path, 0, firstLineEnd < 0 ? read.text.length : firstLineEnd);
  let runsPin: Span | undefined;
  let namesModule: { file: string; at: Span } | undefined;
  const names = moduleFiles.flatMap((file) => [file, posix.relative(posix.dirname(path), file)].map((spelling) => ({ file, spelling })));
  let offset = 0;
  for (const line of read.text.split('\n')) {
    const code = withoutComment(line);
    const pin = PIN.exec(code);
    if (pin && !runsPin) runsPin = lines.span(path, offset + pin.index, offset + pin.index + pin[0].length);
    for (const { file, spelling } of names) {
      const at = code.indexOf(spelling);
      if (at >= 0 && !namesModule) namesModule = { file, at: lines.span(path, offset + at, offset + at + spelling.length) };
    }
    offset += line.length + 1;
  }
  return { kind: 'file', path, executable: tree.isExecutable(path), firstLineAt, runsPin, namesModule, moduleFiles };
}

/** A shell line without its comment: `#` at the start of a word, outside quotes. */
function withoutComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"') i++;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '\\') i++;
    else if (char === '#' && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i);
  }
  return line;
}

/** Where the image reference is written: the files of the image string's literal parts (a
 * let-bound tag or digest lives where it was bound), else where the container is defined. */
function imageFiles(container: ContainerModel | undefined): string[] {
  if (!container) return [];
  const files = new Set<string>();
  const image: Value | undefined = container.option('image');
  if (image?.kind === 'string') for (const part of image.parts) if (part.origin && !part.ref) files.add(part.origin.file);
  if (image?.origin) files.add(image.origin.file);
  if (files.size === 0 && container.definedAt) files.add(container.definedAt.file);
  return [...files];
}
