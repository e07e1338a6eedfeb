import { createHash } from 'node:crypto';

/** Nix's base-32 alphabet (no e, o, u, t). */
const NIX_BASE32 = '0123456789abcdfghijklmnpqrsvwxyz';

/**
 * A stand-in store path for something that would be built or copied to the store
 * (`/nix/store/<32 chars>-<name>`). The hash part is derived from `seed`, so the same
 * source gives the same text in every run.
 */
export function placeholderStorePath(name: string, seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  let hash = '';
  for (let i = 0; i < 32; i++) hash += NIX_BASE32[digest[i] % 32];
  return `/nix/store/${hash}-${name}`;
}
