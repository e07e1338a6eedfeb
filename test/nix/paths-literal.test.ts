/**
 * Paths.literal takes a short way for literals that stay inside ROOT (src/nix/eval/paths.ts):
 * it must agree with the definition — the literal joined to its file's directory under ROOT,
 * canonicalised, and made relative to ROOT — on every kind of root, file and literal.
 */
import assert from 'node:assert/strict';
import { posix } from 'node:path';
import { test } from 'node:test';
import { Paths } from '../../src/nix/eval/paths.js';

function byDefinition(root0: string, file: string, text: string): { value: string; insideRoot: boolean } {
  const root = posix.resolve('/', root0.replace(/\\/g, '/'));
  const canonical = (path: string) => posix.normalize(path).replace(/(.)\/+$/, '$1');
  if (text.startsWith('/')) return { value: canonical(text), insideRoot: false };
  const absolute = posix.join(root, posix.dirname(file), text);
  const relative = posix.relative(root, canonical(absolute));
  if (relative === '..' || relative.startsWith('../') || posix.isAbsolute(relative)) return { value: canonical(absolute), insideRoot: false };
  return { value: relative === '' ? '.' : relative, insideRoot: true };
}

test('path literals resolve as joined under ROOT and made relative to it', () => {
  const roots = ['/tmp/large', '/', '/a/b/', 'relative', '/x'];
  const files = ['default.nix', 'a/b.nix', 'a/b/c.nix', '<text>', '/abs/f.nix', './x.nix', 'a/./b.nix', ''];
  const texts = ['./x.nix', '../y', './.', '.', './a/../b', '../..', '../../..', './a/', './a//b/', '..', 'a', 'a/b/', './a/../../c', './a/./b', '../a/..', './..', './...', './a b', '~/x', '/etc/x', '//x'];
  const problems: string[] = [];
  for (const root of roots) {
    for (const file of files) {
      for (const text of texts) {
        const { value, insideRoot } = new Paths(root).literal(file, text);
        const expected = byDefinition(root, file, text);
        if (value !== expected.value || insideRoot !== expected.insideRoot) problems.push(`${root} ${file} ${text}: ${value} (${insideRoot}), not ${expected.value} (${expected.insideRoot})`);
      }
    }
  }
  assert.deepEqual(problems, []);
});
