import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Helpers for the differential tests that ask real Nix (`nix-instantiate`, Nix 2.8) for the
 * answer: availability, one evaluation to JSON, a scratch ROOT, and the normalisation of
 * what legitimately differs (store hashes, the scratch directory's name).
 */

/** This directory (test/nix), where the stub Nix files live. */
export const HERE = dirname(fileURLToPath(import.meta.url));

export function nixAvailable(): boolean {
  try {
    execFileSync('nix-instantiate', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * `nix-instantiate --eval --strict --json` of `expr`. `--readonly-mode`: paths interpolated
 * into strings get the store path they would have without being copied into the store.
 * An empty NIX_PATH keeps `<nixpkgs>` out of reach.
 */
export function nixEvalJSON(expr: string): unknown {
  const output = execFileSync('nix-instantiate', ['--readonly-mode', '--eval', '--strict', '--json', '--expr', expr], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NIX_PATH: '' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(output) as unknown;
}

/** A fresh scratch directory, through realpath (Nix prints paths resolved through symlinks). */
export function scratchRoot(prefix: string): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** `/nix/store/<hash>-name` with the hash part replaced: the evaluator's store paths are stand-ins. */
const STORE_PATH = /\/nix\/store\/[0-9a-df-np-sv-z]{32}-/g;

/**
 * The JSON with store hashes replaced by `<hash>` and `root` by `<root>` in every string, so
 * two evaluations of the same tree compare equal wherever they legitimately differ.
 */
export function normalise(json: unknown, root: string): unknown {
  if (typeof json === 'string') return json.replace(STORE_PATH, '/nix/store/<hash>-').split(root).join('<root>');
  if (Array.isArray(json)) return json.map((item) => normalise(item, root));
  if (json !== null && typeof json === 'object') {
    return Object.fromEntries(Object.entries(json).map(([key, value]) => [key, normalise(value, root)]));
  }
  return json;
}
