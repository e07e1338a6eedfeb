import type { Span } from '../source/span.js';
import type { Value } from '../nix/eval/value.js';

/** One argv word of `extraOptions` (one list element = one word, as NixOS renders them). */
export interface ArgvWord {
  text: string;
  value: Value;
  at?: Span;
  /** Where the word is used in the list, when the value was bound elsewhere. */
  site?: Span;
}

/** A flag occurrence: `--name=value`, `--name value` (two words), or `-xVALUE` for short flags. */
export interface FlagUse {
  flag: string;
  /** The flag's value, when it has one. */
  value?: string;
  /** Words that spell the flag (one or two). */
  words: ArgvWord[];
  /** Set when one list element holds a space, e.g. "--network v6egress": podman sees one word. */
  spaceInsideWord: boolean;
}

/**
 * Finds uses of the given flags. `takesValue` flags consume the next word when written without `=`.
 * A single word with a space ("--pull newer") is reported as such: podman would not split it.
 */
export function findFlags(words: ArgvWord[], names: string[], takesValue: boolean): FlagUse[] {
  const uses: FlagUse[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const text = word.text.trim();
    for (const name of names) {
      if (text === name) {
        const next = takesValue ? words[i + 1] : undefined;
        uses.push({ flag: name, value: next?.text, words: next ? [word, next] : [word], spaceInsideWord: false });
        if (next) i++;
      } else if (text.startsWith(`${name}=`)) {
        uses.push({ flag: name, value: text.slice(name.length + 1), words: [word], spaceInsideWord: false });
      } else if (takesValue && text.startsWith(`${name} `)) {
        uses.push({ flag: name, value: text.slice(name.length + 1).trim(), words: [word], spaceInsideWord: true });
      } else if (takesValue && /^-[a-zA-Z]$/.test(name) && text.startsWith(name) && text.length > name.length && text[name.length] !== '-') {
        uses.push({ flag: name, value: text.slice(name.length), words: [word], spaceInsideWord: false });
      } else continue;
      break;
    }
  }
  return uses;
}
