/**
 * src/nix/read.ts must make exactly the syntax copies lower.ts makes from tree-sitter-nix's
 * tree (types, offsets, fields, children), for every input tree-sitter parses without an
 * error — or give up. Checked on every .nix file of the fixtures and of generated fleet
 * repositories, on the differential tests' expressions, and on seeded random expressions.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { largeHost, manyHosts } from '../../bench/generate.js';
import { copySyntax, type SyntaxCopy } from '../../src/nix/eval/lower.js';
import { parseNix } from '../../src/nix/parse.js';
import { readNix, ReaderGaveUp } from '../../src/nix/read.js';
import { REPO } from '../helpers/lint-fixture.js';
import { mutate, random } from '../robustness/mutations.js';
import { DIFFERENTIAL_CASES } from './differential-cases.js';
import { MODULE_CASES } from './differential-module-cases.js';

/** Reads deferred values too, and drops the loaders, for comparison with an eager copy. */
function forced(node: SyntaxCopy): SyntaxCopy {
  const loaded = node.deferred ? { ...node.deferred(), field: node.field } : node;
  const { type, start, end, field, children } = loaded;
  return { type, start, end, field, children: children.map(forced) };
}

function withoutTopField(node: SyntaxCopy): SyntaxCopy {
  const { type, start, end, children } = node;
  return { type, start, end, children };
}

type Verdict = 'same' | 'gave up' | 'tree-sitter error' | string;

/** Compares the reader with tree-sitter's copy on one text. */
function compare(text: string): Verdict {
  const parsed = parseNix(text, 'case.nix');
  if (parsed.treeHasErrors) return 'tree-sitter error';
  const expected = withoutTopField(forced(copySyntax(parsed.root, false)));
  let eager: SyntaxCopy;
  try {
    eager = readNix(text, false);
  } catch (error) {
    if (error instanceof ReaderGaveUp) return 'gave up';
    throw error;
  }
  if (!isDeepStrictEqual(withoutTopField(forced(eager)), expected)) return `differs:\n${JSON.stringify(expected)}\n${JSON.stringify(eager)}`;
  if (!isDeepStrictEqual(withoutTopField(forced(readNix(text, true))), expected)) return 'differs when deferred';
  return 'same';
}

function nixFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return nixFilesUnder(file);
    return name.endsWith('.nix') ? [file] : [];
  });
}

test('the reader copies every file of the fixtures and of generated repositories as tree-sitter does', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'powersync-lint-read-'));
  try {
    largeHost(path.join(scratch, 'large'), 400);
    manyHosts(path.join(scratch, 'many'), 10, 80);
    const files = [...nixFilesUnder(`${REPO}fixtures`), ...nixFilesUnder(path.join(REPO, 'test')), ...nixFilesUnder(scratch)];
    const problems: string[] = [];
    let same = 0;
    for (const file of files) {
      const verdict = compare(readFileSync(file, 'utf8'));
      if (verdict === 'same') same++;
      else if (verdict !== 'tree-sitter error') problems.push(`${path.relative(REPO, file)}: ${verdict}`);
    }
    assert.deepEqual(problems, []);
    assert.ok(same > 600, `only ${same} files compared`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

test("the reader copies the differential tests' expressions as tree-sitter does", () => {
  const texts = [...DIFFERENTIAL_CASES.map((c) => c.expr), ...MODULE_CASES.flatMap((c) => Object.values(c.files))];
  const problems = texts.flatMap((text) => {
    const verdict = compare(text);
    return verdict === 'same' || verdict === 'tree-sitter error' || verdict === 'gave up' ? [] : [`${text}: ${verdict}`];
  });
  assert.deepEqual(problems, []);
});

/** Random Nix expressions over the whole grammar, the tokens glued or spaced at random. */
function randomExpression(seed: number): string {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const gap = () => pick([' ', ' ', ' ', '', '\n  ', ' # c\n', ' /* c */ ']);
  const names = ['a', 'b', 'x', 'foo-bar', "x'", '_y', 'lib', 'or_', 'ifx', 'inherits'];
  const name = () => pick(names);
  const attr = (depth: number): string => pick([name(), name(), '"a b"', `"\${${expr(depth + 1)}}"`, `\${${expr(depth + 1)}}`, '"x"']);
  const attrpath = (depth: number) => Array.from({ length: 1 + Math.floor(next() * 3) }, () => attr(depth)).join(pick(['.', ' . ']));
  const binding = (depth: number): string =>
    pick([
      () => `${attrpath(depth)}${gap()}=${gap()}${expr(depth + 1)};`,
      () => `inherit ${name()} ${name()};`,
      () => `inherit (${expr(depth + 1)}) ${name()};`,
    ])();
  const bindings = (depth: number) => Array.from({ length: Math.floor(next() * 4) }, () => binding(depth)).join(gap());
  const string = (depth: number) =>
    pick([
      () => `"plain"`,
      () => `"a\${${expr(depth + 1)}}b"`,
      () => `"esc \\" \\\${x} $\${y} $$\${z} \\n"`,
      () => `''\n  indented \${${expr(depth + 1)}}\n  ''$ ''' ''\\n $\${x}\n''`,
      () => `"$"`,
      () => `"a$b"`,
    ])();
  const simple = (depth: number): string =>
    depth > 4
      ? pick([name(), '1', '"s"', './p'])
      : pick([
          () => name(),
          () => pick(['0', '42', '1.5', '.5', '1e3', '2.5E-3', '1.']),
          () => string(depth),
          () => pick(['./a.nix', '../b/c', './.', '/etc/x', 'a/b', './p-${name()}.nix', `./\${${name()}}/x`, '~/cfg', '<nixpkgs>', '<a/b>']),
          () => pick(['https://example.org/x?y=1', 'mirror://gnu/x']),
          () => `(${gap()}${expr(depth + 1)}${gap()})`,
          () => `{${gap()}${bindings(depth)}${gap()}}`,
          () => `rec {${gap()}${bindings(depth)}${gap()}}`,
          () => `let {${gap()}${bindings(depth)} body = 1;${gap()}}`,
          () => `[${gap()}${Array.from({ length: Math.floor(next() * 4) }, () => select(depth + 1)).join(' ')}${gap()}]`,
        ])();
  // Selection from what Nix can select from (not numbers or paths, which would lex as floats and paths).
  const subject = (depth: number): string => pick([() => name(), () => `(${expr(depth + 1)})`, () => `{ ${bindings(depth)} }`, () => `rec { ${bindings(depth)} }`])();
  const select = (depth: number): string =>
    pick([() => simple(depth), () => simple(depth), () => `${subject(depth)}.${attrpath(depth)}`, () => `${subject(depth)}.${attrpath(depth)} or ${simple(depth + 1)}`])();
  const apply = (depth: number): string => pick([() => select(depth), () => `${select(depth)} ${select(depth + 1)}`, () => `${name()} ${select(depth + 1)} ${select(depth + 1)}`])();
  const ops = ['->', '||', '&&', '==', '!=', '<', '>', '<=', '>=', '//', '+', '-', '*', '/', '++'];
  const operand = (depth: number): string => pick([() => apply(depth), () => `!${gap()}${apply(depth)}`, () => `-${apply(depth)}`, () => `${apply(depth)} ? ${attrpath(depth)}`])();
  const op = (depth: number): string => Array.from({ length: 1 + Math.floor(next() * 3) }, () => operand(depth)).join(` ${pick(ops)} `);
  const formals = (depth: number) =>
    pick([
      () => '{ }',
      () => '{ ... }',
      () => `{ ${name()}, ${name()} ? ${select(depth + 1)} }`,
      () => `{ ${name()}, ... }`,
      () => `{${gap()}${name()}${gap()}?${gap()}{ }${gap()},${gap()}...${gap()}}`,
    ])();
  const expr = (depth: number): string =>
    depth > 5
      ? simple(depth)
      : pick([
          () => op(depth),
          () => op(depth),
          () => op(depth),
          () => `${name()}:${gap()}${expr(depth + 1)}`,
          () => `${formals(depth)}:${gap()}${expr(depth + 1)}`,
          () => `${name()} @ ${formals(depth)}: ${expr(depth + 1)}`,
          () => `${formals(depth)}@${name()}: ${expr(depth + 1)}`,
          () => `let${gap()}${bindings(depth) || 'z = 1;'}${gap()}in${gap()}${expr(depth + 1)}`,
          () => `with ${select(depth + 1)}; ${expr(depth + 1)}`,
          () => `assert ${op(depth + 1)}; ${expr(depth + 1)}`,
          () => `if ${op(depth + 1)} then ${expr(depth + 1)} else ${expr(depth + 1)}`,
        ])();
  return `${pick(['', '# header\n', '\n'])}${expr(0)}${pick(['', '\n', ' # trailing\n'])}`;
}

test('the reader copies seeded random expressions as tree-sitter does, or gives up', () => {
  const problems: string[] = [];
  const counts = { same: 0, 'gave up': 0, 'tree-sitter error': 0 };
  for (let seed = 1; seed <= 3000; seed++) {
    const text = randomExpression(seed);
    const verdict = compare(text);
    if (verdict in counts) counts[verdict as keyof typeof counts]++;
    else problems.push(`seed ${seed}: ${JSON.stringify(text)}: ${verdict}`);
  }
  assert.deepEqual(problems.slice(0, 5), []);
  // Most random expressions are valid Nix, and the reader reads nearly all of those.
  assert.ok(counts.same > 900, JSON.stringify(counts));
});

test("the reader copies the fuzz test's corruptions of the example as tree-sitter does, or gives up", () => {
  const example = `${REPO}fixtures/web-arm`;
  const originals = new Map(nixFilesUnder(example).map((file) => [path.relative(example, file), readFileSync(file)]));
  const problems: string[] = [];
  let same = 0;
  for (let seed = 1; seed <= 1500; seed++) {
    const mutation = mutate(seed, originals);
    for (const [file, bytes] of mutation.files) {
      const verdict = compare(bytes.toString('utf8'));
      if (verdict === 'same') same++;
      else if (verdict !== 'tree-sitter error' && verdict !== 'gave up') problems.push(`${mutation.description} (${file}): ${verdict}`);
    }
  }
  assert.deepEqual(problems.slice(0, 5), []);
  assert.ok(same > 300, `only ${same} valid corruptions`);
});
