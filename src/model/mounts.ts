import type { Span } from '../source/span.js';
import type { StringValue, Value } from '../nix/eval/value.js';

/** Where a mount's source comes from: a file the evaluator produced (writeText, formats.*),
 * a path literal in ROOT, or a host path written as text. */
export type MountSource =
  | { kind: 'generated'; file: Extract<Value, { kind: 'file' }> }
  | { kind: 'repo-path'; path: string }
  | { kind: 'host-path'; path: string }
  | { kind: 'unknown'; reason: string };

/** One `volumes` entry `src:dst[:options]`. */
export interface Mount {
  volume: StringValue;
  source: MountSource;
  destination: string;
  options: string[];
  at: Span | undefined;
}

/** Reads a `volumes` entry. The source is the first part when it is an interpolated file or path. */
export function parseMount(volume: StringValue): Mount | undefined {
  const first = volume.parts[0];
  let source: MountSource;
  let rest: string;
  if (first?.ref?.kind === 'file') {
    source = { kind: 'generated', file: first.ref };
    rest = volume.value.slice(first.text.length);
  } else if (first?.ref?.kind === 'path') {
    source = first.ref.insideRoot ? { kind: 'repo-path', path: first.ref.value } : { kind: 'host-path', path: first.ref.value };
    rest = volume.value.slice(first.text.length);
  } else if (first?.unknown !== undefined) {
    source = { kind: 'unknown', reason: first.unknown };
    rest = volume.value.slice(first.text.length);
  } else {
    const colon = volume.value.indexOf(':');
    if (colon < 0) return undefined;
    source = { kind: 'host-path', path: volume.value.slice(0, colon) };
    rest = volume.value.slice(colon);
  }
  if (!rest.startsWith(':')) return undefined;
  const [destination, ...options] = rest.slice(1).split(':');
  return { volume, source, destination, options: options.join(':').split(',').filter(Boolean), at: volume.origin };
}

/** The mount that provides `containerPath`: mounted at that path, or a directory above it. */
export function mountFor(mounts: Mount[], containerPath: string): { mount: Mount; below: string } | undefined {
  const exact = mounts.find((m) => m.destination === containerPath);
  if (exact) return { mount: exact, below: '' };
  const parent = mounts
    .filter((m) => containerPath.startsWith(`${m.destination.replace(/\/$/, '')}/`))
    .sort((a, b) => b.destination.length - a.destination.length)[0];
  return parent ? { mount: parent, below: containerPath.slice(parent.destination.replace(/\/$/, '').length + 1) } : undefined;
}
