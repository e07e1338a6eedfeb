import type { Value } from '../nix/eval/value.js';
import type { ArgvWord } from './argv.js';
import { findFlags } from './argv.js';
import type { Span } from '../source/span.js';

/** A network the container joins, from `networks = [ … ]` or a `--network`/`--net` flag. */
export interface NetworkUse {
  name: string;
  /** How it was written, for messages. */
  spelling: string;
  at?: Span;
  /** "--network v6egress" as one list element: podman receives one word and rejects it. */
  spaceInsideWord: boolean;
}

/** Podman network modes that replace every named network instead of joining one. */
export function isExclusiveMode(name: string): boolean {
  return ['host', 'none', 'private', 'bridge'].includes(name) || /^(container|ns|slirp4netns|pasta)(:|$)/.test(name);
}

export function networkUses(networks: Value[], argv: ArgvWord[]): NetworkUse[] {
  const uses: NetworkUse[] = [];
  for (const n of networks) {
    if (n.kind === 'string') uses.push({ name: n.value, spelling: `networks = [ "${n.value}" ]`, at: n.origin, spaceInsideWord: false });
  }
  for (const use of findFlags(argv, ['--network', '--net'], true)) {
    const name = use.value?.trim() ?? '';
    const spelling = use.words.map((w) => `"${w.text}"`).join(' ');
    const word = use.words[use.words.length - 1];
    uses.push({ name, spelling, at: word.at ?? use.words[0].at, spaceInsideWord: use.spaceInsideWord });
  }
  return uses;
}
