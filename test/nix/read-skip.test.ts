/**
 * The reader skips a binding's value without reading it (skipValue in src/nix/read.ts). The
 * skip must find the value's end exactly, know whether it is an attrset literal, and never
 * accept a value the reader gives up on: the file would then be read where it used to be
 * copied from tree-sitter's tree. Checked on the fixtures, generated repositories, fuzzed
 * corruptions and seeded random bindings written to trip a character scan (keywords in paths
 * and strings, `;` and `}` in strings and comments, `with`, `assert` and `let … in` at a
 * value's top level, nesting near the reader's limit).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { largeHost, manyHosts } from '../../bench/generate.js';
import type { SyntaxCopy } from '../../src/nix/eval/lower.js';
import { parseNix } from '../../src/nix/parse.js';
import { readNix, ReaderGaveUp, skipValue } from '../../src/nix/read.js';
import { REPO } from '../helpers/lint-fixture.js';
import { mutate, random } from '../robustness/mutations.js';

function read(text: string, defer: boolean): SyntaxCopy | 'gave up' {
  try {
    return readNix(text, defer);
  } catch (error) {
    if (error instanceof ReaderGaveUp) return 'gave up';
    throw error;
  }
}

/** Every binding value of an eagerly read tree, with the reader's nesting where it starts. */
function bindingValues(node: SyntaxCopy, depth: number, out: { node: SyntaxCopy; depth: number }[]): void {
  for (const child of node.children) {
    if (node.type === 'binding' && child.field === 'expression') out.push({ node: child, depth });
    bindingValues(child, depth + 1, out);
  }
}

/** What is wrong with the skip on `text` (tree-sitter parsed it without an error), if anything. */
function check(text: string): string | undefined {
  const eager = read(text, false);
  const deferred = read(text, true);
  if ((eager === 'gave up') !== (deferred === 'gave up')) return `the reader ${eager === 'gave up' ? 'gives up' : 'reads it'} eagerly but ${deferred === 'gave up' ? 'gives up' : 'reads it'} deferred`;
  if (eager === 'gave up') return undefined;
  const values: { node: SyntaxCopy; depth: number }[] = [];
  bindingValues(eager, 0, values);
  for (const { node } of values) {
    // The nesting the reader reaches is at most about three levels a syntax node: 0 asks the most of the skip.
    const skipped = skipValue(text, node.start, 0);
    if (!skipped) continue;
    if (skipped.end !== node.end) return `the value at ${node.start} ends at ${node.end}, skipped to ${skipped.end}`;
    const literal = node.type === 'attrset_expression' || node.type === 'rec_attrset_expression' ? node.type : undefined;
    if (skipped.literal !== literal) return `the value at ${node.start} is a ${node.type}, skipped as ${skipped.literal}`;
  }
  return undefined;
}

function nixFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return nixFilesUnder(file);
    return name.endsWith('.nix') ? [file] : [];
  });
}

function parsedWithoutErrors(text: string): boolean {
  return parseNix(text, 'case.nix').treeHasErrors === false;
}

test('skipping finds the end of every binding value of the fixtures and of generated repositories', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'powersync-lint-skip-'));
  try {
    largeHost(path.join(scratch, 'large'), 400);
    manyHosts(path.join(scratch, 'many'), 10, 80);
    const files = [...nixFilesUnder(`${REPO}fixtures`), ...nixFilesUnder(path.join(REPO, 'test')), ...nixFilesUnder(scratch)];
    const problems: string[] = [];
    let skipped = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (!parsedWithoutErrors(text)) continue;
      const problem = check(text);
      if (problem) problems.push(`${path.relative(REPO, file)}: ${problem}`);
      const tree = read(text, false);
      if (tree === 'gave up') continue;
      const values: { node: SyntaxCopy; depth: number }[] = [];
      bindingValues(tree, 0, values);
      skipped += values.filter(({ node }) => skipValue(text, node.start, 0) !== undefined).length;
    }
    assert.deepEqual(problems, []);
    assert.ok(skipped > 5000, `only ${skipped} values skipped`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

test("skipping never accepts what the reader gives up on, in the fuzz test's corruptions", () => {
  const example = `${REPO}fixtures/web-arm`;
  const originals = new Map(nixFilesUnder(example).map((file) => [path.relative(example, file), readFileSync(file)]));
  const problems: string[] = [];
  for (let seed = 1; seed <= 1500; seed++) {
    const mutation = mutate(seed, originals);
    for (const [file, bytes] of mutation.files) {
      const text = bytes.toString('utf8');
      if (!file.endsWith('.nix') || !parsedWithoutErrors(text)) continue;
      const problem = check(text);
      if (problem) problems.push(`${mutation.description} (${file}): ${problem}`);
    }
  }
  assert.deepEqual(problems.slice(0, 5), []);
});

/** Random attrsets of bindings whose values are written to trip a scan of characters. */
function randomBindings(seed: number): string {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const gap = () => pick([' ', ' ', '', '\n  ', ' # c ; } { "\n', ' /* ; } */ ', '\t']);
  const name = () => pick(['a', 'x', 'with-x', "in'", 'inherits', 'letter', 'rec_', 'ifx', 'assertion', 'or_', 'lib', 'e3']);
  const keywordish = () => pick(['with', 'in', 'let', 'assert', 'rec', 'inherit', 'or', 'if', 'then', 'else']);
  const path = () =>
    pick([
      './a.nix',
      `./${keywordish()}/x.nix`,
      `../${keywordish()}`,
      `/etc/${keywordish()}`,
      `a/${keywordish()}`,
      `./\${${name()}}/${keywordish()}`,
      `~/${keywordish()}`,
      `<nixpkgs/${keywordish()}>`,
      './.',
      `./a$b`,
      './a/*',
    ]);
  const string = (depth: number) =>
    pick([
      () => `"; } ${keywordish()} ''"`,
      () => `"a\${${expr(depth + 1)}}b"`,
      () => `"\\" \\\${x} $\${y} $$ \\n ;"`,
      () => `''\n  ${keywordish()} ; } \${${expr(depth + 1)}}\n  ''$ ''' ''\\n $\${x} $'\n''`,
      () => `''a ''\\$ b''`,
      () => `"\${ { a = 1; }.a }"`,
      () => `"\${let a = 1; in a}"`,
    ])();
  const simple = (depth: number): string =>
    depth > 5
      ? pick([name(), '1', '"s"', './p'])
      : pick([
          () => name(),
          () => pick(['0', '42', '1.5', '.5', '1e3', '2.5E-3', '1.', '01', '00.5', '1in']),
          () => string(depth),
          () => path(),
          () => pick(['https://example.org/x?y=1;z', 'mirror://gnu/with', "a:b''c", 'x:y']),
          () => `(${gap()}${expr(depth + 1)}${gap()})`,
          () => `{${gap()}${bindings(depth)}${gap()}}`,
          () => `rec {${gap()}${bindings(depth)}${gap()}}`,
          () => `let {${gap()}${bindings(depth)} body = 1;${gap()}}`,
          () => `[${gap()}${Array.from({ length: Math.floor(next() * 3) }, () => select(depth + 1)).join(' ')}${gap()}]`,
        ])();
  const attr = (depth: number) => pick([name(), name(), '"a b"', `\${${expr(depth + 1)}}`, '"x"', keywordish()]);
  const select = (depth: number): string =>
    pick([
      () => simple(depth),
      () => `${name()}.${attr(depth)}`,
      () => `${name()}.${attr(depth)}.${attr(depth)} or ${simple(depth + 1)}`,
      () => `${simple(depth)} or ${name()}`,
      () => `${name()}.5`,
      () => `${name()} .${name()}`,
      () => `(${expr(depth + 1)}).${name()}`,
    ])();
  const operand = (depth: number): string =>
    pick([() => select(depth), () => `${select(depth)} ${select(depth + 1)}`, () => `!${select(depth)}`, () => `-${select(depth)}`, () => `${name()} ? ${name()}`, () => `${name()} ? a ? b`])();
  const ops = ['->', '||', '&&', '==', '!=', '<', '>', '<=', '>=', '//', '+', '-', '*', '/', '++', '&', '|'];
  const op = (depth: number) => Array.from({ length: 1 + Math.floor(next() * 3) }, () => operand(depth)).join(` ${pick(ops)} `);
  const expr = (depth: number): string =>
    depth > 5
      ? simple(depth)
      : pick([
          () => op(depth),
          () => op(depth),
          () => `${name()}:${gap()}${expr(depth + 1)}`,
          () => `{ ${name()}, ${name()} ? 1 }: ${expr(depth + 1)}`,
          () => `{ ${name()}, ... }: ${expr(depth + 1)}`,
          () => `{ ... }: ${expr(depth + 1)}`,
          () => `{ ${name()}, }: ${expr(depth + 1)}`,
          () => `args @ { ${name()} }: ${expr(depth + 1)}`,
          () => `let${gap()}${bindings(depth) || 'z = 1;'}${gap()}in${gap()}${expr(depth + 1)}`,
          () => `with ${select(depth + 1)};${gap()}${expr(depth + 1)}`,
          () => `assert ${op(depth + 1)};${gap()}${expr(depth + 1)}`,
          () => `if ${op(depth + 1)} then ${expr(depth + 1)} else ${expr(depth + 1)}`,
          () => `with a; let b = with c; d; in assert e; b`,
        ])();
  const binding = (depth: number): string =>
    pick([
      () => `${attr(depth)}${gap()}=${gap()}${expr(depth + 1)};`,
      () => `${name()}.${attr(depth)} = ${expr(depth + 1)};`,
      () => `inherit ${name()};`,
      () => `inherit (${expr(depth + 1)}) ${name()};`,
      () => `${name()} = { ${name()} = 1; };`,
    ])();
  const bindings = (depth: number) => Array.from({ length: 1 + Math.floor(next() * 3) }, () => binding(depth)).join(gap());
  return `{${gap()}${Array.from({ length: 4 }, () => binding(0)).join(gap())}${gap()}}\n`;
}

test('skipping finds the end of seeded random bindings, or leaves them to the reader', () => {
  const problems: string[] = [];
  let valid = 0;
  for (let seed = 1; seed <= 4000; seed++) {
    const text = randomBindings(seed);
    if (!parsedWithoutErrors(text)) continue;
    valid++;
    const problem = check(text);
    if (problem) problems.push(`seed ${seed}: ${JSON.stringify(text)}: ${problem}`);
  }
  assert.deepEqual(problems.slice(0, 5), []);
  assert.ok(valid > 500, `only ${valid} valid texts`);
});

test('skipping leaves values that nest near the reader’s limit to the reader', () => {
  const deep = (value: string) => `{ a = ${value}; b = 1; }\n`;
  const cases = [
    (n: number) => deep(`${'('.repeat(n)}1${')'.repeat(n)}`),
    (n: number) => deep(`${'x: '.repeat(n)}x`),
    (n: number) => deep(`${Array.from({ length: n }, () => 'a').join(' ++ ')}`),
    (n: number) => deep(`${'with a; '.repeat(n)}b`),
    (n: number) => deep(`${'let a = 1; in '.repeat(n)}a`),
    (n: number) => deep(`${'if a then b else '.repeat(n)}c`),
    (n: number) => deep(`${'[ '.repeat(n)}1${' ]'.repeat(n)}`),
    (n: number) => deep(`${'{ a = '.repeat(n)}1${'; }'.repeat(n)}`),
    (n: number) => deep(`${'"${'.repeat(n)}1${'}"'.repeat(n)}`),
    (n: number) => deep(`${'- '.repeat(n)}1`),
    (n: number) => `${'{ a = '.repeat(n)}{ b = ${'('.repeat(n)}1${')'.repeat(n)}; }${'; }'.repeat(n)}\n`,
  ];
  const problems: string[] = [];
  for (const [i, make] of cases.entries()) {
    for (const n of [50, 100, 150, 190, 200, 210, 250, 300, 400, 600]) {
      const text = make(n);
      if (!parsedWithoutErrors(text)) continue;
      const problem = check(text);
      if (problem) problems.push(`case ${i}, ${n} levels: ${problem}`);
    }
  }
  assert.deepEqual(problems, []);
});
