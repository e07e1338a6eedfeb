import { posix } from 'node:path';
import { MAX_FILE_BYTES, type ReadResult, type SourceTree } from '../../src/source/tree.js';

/**
 * An in-memory SourceTree for tests: `files` maps ROOT-relative POSIX paths to text;
 * directories are implied by the paths. Paths escaping ROOT are refused as on disk.
 */
export function memoryTree(files: Record<string, string>, root = '/repo'): SourceTree {
  const normal = (path: string) => posix.normalize(path).replace(/^\.\/|\/$/g, '');
  const contents = new Map(Object.entries(files).map(([path, text]) => [normal(path), text]));
  const outside = (path: string) => path === '..' || path.startsWith('../') || posix.isAbsolute(path);
  const isDir = (path: string) => path === '.' || [...contents.keys()].some((file) => file.startsWith(`${path}/`));

  return {
    root,
    kind(path) {
      const p = normal(path);
      if (outside(p)) return undefined;
      if (contents.has(p)) return 'file';
      return isDir(p) ? 'dir' : undefined;
    },
    read(path): ReadResult {
      const p = normal(path);
      if (outside(p)) return { ok: false, reason: `\`${path}\` is outside ROOT` };
      const text = contents.get(p);
      if (text === undefined) return { ok: false, reason: isDir(p) ? `\`${path}\` is a directory` : `\`${path}\` does not exist` };
      if (text.length > MAX_FILE_BYTES) return { ok: false, reason: `\`${path}\` is larger than ${MAX_FILE_BYTES} bytes` };
      return { ok: true, text };
    },
    isExecutable: () => false,
    list(path) {
      const p = normal(path);
      const prefix = p === '.' ? '' : `${p}/`;
      const names = new Set<string>();
      for (const file of contents.keys()) if (file.startsWith(prefix)) names.add(file.slice(prefix.length).split('/')[0]);
      return [...names].sort();
    },
  };
}
