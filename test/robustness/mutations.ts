/**
 * Seeded corruptions of a repository's .nix and YAML files for the fuzz test: the same seed
 * always gives the same mutation, so a failing case is reproduced by its seed alone.
 */

/** mulberry32: small, fast, and good enough to pick mutations. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Text that breaks a Nix file's syntax or its evaluation: unbalanced delimiters, NUL bytes,
 * recursion traps, reads outside ROOT, self-imports. */
const NIX_FRAGMENTS = [
  '${', "''", '{', '}', '[', ']', '(', ')', '"', ';', '=', '.', ':', '@', '?', '...', '//', '++', '->', '#', '/*', '\\',
  '\0', '\0\0\0\0', '\r\n', '\u{1F600}', '\uFFFD', '\u200B',
  'let x = x; in x',
  'rec { a = b; b = a; }',
  '(x: x x) (x: x x)',
  'import ./.',
  '(import ./.)',
  'imports = [ ./. ];',
  'imports = [ ../../.. /etc/passwd ];',
  'builtins.readFile /etc/passwd',
  'builtins.readFile ./.',
  'let f = n: if n == 0 then 0 else f (n - 1); in f 100000000',
  'builtins.genList (x: x) 100000000',
  'lib.mkIf (builtins.throw "boom") { }',
  'inherit',
  'or',
  'with',
  'assert false;',
  '${"${"${"',
  "''${",
  '"\\${',
  '0.0e999',
  '99999999999999999999999',
];

const YAML_FRAGMENTS = [
  ': ', '- ', '? ', '&a ', '*a', '*undefined', '!env ', '!!binary ', '<<: *a', '\t', '---\n', '...\n', '{', '}', '[', ']', '"', "'", '|', '>',
  '\0', '\u{1F600}', '%YAML 9.9\n', 'a: &x [*x]\n',
  'k: ' + '[a, '.repeat(60),
  '- SELECT * FROM t WHERE ' + '('.repeat(40),
  "- SELECT * FROM t WHERE x = 'unclosed",
  'bucket_definitions: !env X\n',
];

export interface Mutation {
  description: string;
  /** New contents of the files changed. */
  files: Map<string, Buffer>;
}

/** One to three corruptions of one or two of the files. */
export function mutate(seed: number, originals: ReadonlyMap<string, Buffer>): Mutation {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const names = [...originals.keys()];
  const files = new Map<string, Buffer>();
  const steps: string[] = [];
  const count = 1 + Math.floor(next() * 3);
  for (let step = 0; step < count; step++) {
    const file = step === 0 || next() < 0.5 ? pick(names) : [...files.keys()][0];
    const before = (files.get(file) ?? originals.get(file)!).toString('latin1');
    const yaml = /\.ya?ml$/.test(file);
    const [text, what] = corrupt(before, yaml, next, pick);
    files.set(file, Buffer.from(text, 'latin1'));
    steps.push(`${file}: ${what}`);
  }
  return { description: `seed ${seed}: ${steps.join('; ')}`, files };
}

function corrupt(text: string, yaml: boolean, next: () => number, pick: <T>(items: readonly T[]) => T): [string, string] {
  const at = Math.floor(next() * (text.length + 1));
  const span = Math.min(text.length - at, 1 + Math.floor(next() * 200));
  const fragment = pick(yaml ? YAML_FRAGMENTS : NIX_FRAGMENTS);
  const utf8 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
  switch (Math.floor(next() * 7)) {
    case 0:
      return [text.slice(0, at) + text.slice(at + span), `deleted ${span} characters at ${at}`];
    case 1: {
      const to = Math.floor(next() * (text.length + 1));
      return [text.slice(0, to) + text.slice(at, at + span) + text.slice(to), `copied ${span} characters from ${at} to ${to}`];
    }
    case 2:
      return [text.slice(0, at), `truncated at ${at}`];
    case 3:
      return [text.slice(0, at) + utf8(fragment) + text.slice(at), `inserted ${JSON.stringify(fragment)} at ${at}`];
    case 4: {
      // Replace a binding's value (Nix) or a mapping value (YAML) with the fragment.
      const values = [...text.matchAll(yaml ? /: ([^\n]+)/g : /= ([^;{}\n]+);/g)];
      if (values.length === 0) return [text.slice(0, at) + utf8(fragment) + text.slice(at), `inserted ${JSON.stringify(fragment)} at ${at}`];
      const value = pick(values);
      const start = value.index! + 2;
      return [text.slice(0, start) + utf8(fragment) + text.slice(start + value[1].length), `replaced the value at ${start} with ${JSON.stringify(fragment)}`];
    }
    case 5: {
      const lines = text.split('\n');
      const a = Math.floor(next() * lines.length);
      const b = Math.floor(next() * lines.length);
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return [lines.join('\n'), `swapped lines ${a + 1} and ${b + 1}`];
    }
    default: {
      const count = 1 + Math.floor(next() * 20);
      return [text.slice(0, at) + utf8(fragment).repeat(count) + text.slice(at), `inserted ${count} × ${JSON.stringify(fragment)} at ${at}`];
    }
  }
}
