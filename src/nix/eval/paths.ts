import { posix } from 'node:path';
import type { Span } from '../../source/span.js';
import type { PathValue } from './value.js';

/**
 * Path values. Inside ROOT a path is POSIX and relative to ROOT (`.` for ROOT itself);
 * outside it is absolute and `insideRoot` is false, so imports and reads refuse it.
 * Absolute literals (`/etc/…`, `/run/secrets/…`) name places on the target machine, not
 * in the checkout, so they are outside even when they happen to point into ROOT.
 */
export class Paths {
  private readonly root: string;

  constructor(root: string) {
    this.root = posix.resolve('/', root.replace(/\\/g, '/'));
  }

  /** A path literal written in `file` (a ROOT-relative file). */
  literal(file: string, text: string, origin?: Span): PathValue {
    if (text.startsWith('/')) return outside(text, origin);
    // Most literals (`./x.nix`, `../y`) stay inside ROOT: their value is the joined relative
    // path, without the round trip through absolute paths (join, normalize, relative). Not
    // when ROOT is `/`, where `..` stops instead of leaving it.
    if (this.root !== '/' && !file.startsWith('/')) {
      const relative = posix.join(posix.dirname(file), text);
      if (relative !== '..' && !relative.startsWith('../')) return { kind: 'path', value: relative.replace(/(.)\/+$/, '$1'), insideRoot: true, origin };
    }
    return this.fromAbsolute(posix.join(this.root, posix.dirname(file), text), origin);
  }

  /** `path + "suffix"`: Nix appends the text and canonicalises. */
  append(path: PathValue, suffix: string, origin?: Span): PathValue {
    if (!path.insideRoot) return outside(path.value + suffix, origin);
    return this.fromAbsolute(this.absolute(path) + suffix, origin);
  }

  absolute(path: PathValue): string {
    if (!path.insideRoot) return path.value;
    return path.value === '.' ? this.root : posix.join(this.root, path.value);
  }

  private fromAbsolute(absolute: string, origin?: Span): PathValue {
    const relative = posix.relative(this.root, canonical(absolute));
    if (relative === '..' || relative.startsWith('../') || posix.isAbsolute(relative)) return outside(absolute, origin);
    return { kind: 'path', value: relative === '' ? '.' : relative, insideRoot: true, origin };
  }
}

function canonical(path: string): string {
  return posix.normalize(path).replace(/(.)\/+$/, '$1');
}

function outside(path: string, origin?: Span): PathValue {
  return { kind: 'path', value: canonical(path), insideRoot: false, origin };
}
