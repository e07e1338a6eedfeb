import { LineMap } from '../source/span.js';
import type { Locate } from '../nix/string-spans.js';

export { locateInNixString, type Locate } from '../nix/string-spans.js';

/** The text is a whole file. */
export function locateInFile(text: string, file: string): Locate {
  const lines = new LineMap(text);
  return (start, end) => lines.span(file, start, end);
}
