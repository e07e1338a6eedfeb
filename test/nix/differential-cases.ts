/**
 * Expressions for the differential tests: each is evaluated by real Nix (with
 * stub-lib.nix as `lib`) and by the static evaluator, and the JSON must be equal. Cases
 * may use `lib` and the files in DIFFERENTIAL_FILES. No case may write to the store
 * (no toFile, no paths in the JSON output).
 */
export interface DifferentialCase {
  name: string;
  expr: string;
}

export const DIFFERENTIAL_FILES: Record<string, string> = {
  'data.txt': 'line one\nline "two"\n',
  'sub/default.nix': '{ fromSub = 42; }',
  'with-args.nix': '{ x, y ? 10 }: { sum = x + y; }',
};

const handWritten: Record<string, string> = {
  letChain: 'let a = 1; b = a + 1; c = b * 3; in [ a b c ]',
  letShadowsWith: 'let x = 1; in with { x = 2; y = 3; }; [ x y ]',
  nestedWith: 'with { a = 1; b = 1; }; with { b = 2; }; [ a b ]',
  withDoesNotShadowBuiltins: 'with { toString = x: "nope"; }; toString 5',
  recSet: 'rec { a = 1; b = a + 1; c = { d = b; }; }',
  recSelf: 'let s = rec { x = 1; y = x + 1; z = y + x; }; in s.z',
  inheritPlain: 'let a = 1; b = "two"; in { inherit a b; }',
  inheritFrom: 'let src = { a = 1; b = { c = 2; }; }; in { inherit (src) a b; }',
  inheritFromInRec: 'rec { inherit (sub) x; sub = { x = 5; }; }',
  inheritInLetFromOuter: 'let a = 3; in let inherit a; b = a + 1; in b',
  dottedMerge: '{ a.b = 1; a.c = 2; a = { d = 3; }; }',
  literalsMerge: '{ a = { x = 1; }; a = { y = 2; }; }',
  literalThenDeeper: '{ a = { b.x = 1; }; a.b.y = 2; }',
  letDotted: 'let a.b = 1; a.c = 2; in a',
  quotedNames: '{ "a b" = 1; "c.d" = 2; }."c.d"',
  interpolatedName: 'let k = "key"; in { ${k} = 1; "${k}2" = 2; ${null} = 3; }',
  selectQuotedAndDynamic: 'let k = "b"; s = { a = { b = 7; "c d" = 8; }; }; in [ s.a.${k} s.a."c d" ]',
  orDefaults: 'let s = { a = { b = 1; }; }; in [ (s.a.b or 0) (s.a.c or 0) (s.x.y or "d") (let one = 1; in one.a or 2) ]',
  hasAttr: 'let s = { a = { b = 1; }; }; in [ (s ? a) (s ? a.b) (s ? a.c) (s ? x.y) (1 ? a) ]',
  update: '{ a = 1; b = 2; } // { b = 3; c = 4; }',
  concatLists: '[ 1 ] ++ [ 2 3 ] ++ [ ]',
  ifElse: '[ (if 1 < 2 then "yes" else "no") (if false then 1 else 2) ]',
  logic: '[ (true && false) (true || false) (false -> true) (!true) (true -> false) ]',
  arithmetic: '[ (1 + 2) (7 - 10) (3 * 4) (7 / 2) (-7 / 2) (1.5 * 2) (7 / 2.0) (- 3) ]',
  comparisons: '[ (1 < 2) (2 <= 2) ("a" < "b") ([ 1 2 ] < [ 1 3 ]) (1 == 1.0) ({ a = [ 1 ]; } == { a = [ 1 ]; }) ("a" != "b") ]',
  stringEscapes: '[ "tab\\there" "nl\\nx" "quote\\"q" "dollar \\${x}" "$${x}" "a$b" "back\\\\slash" "\\q" ]',
  interpolation: 'let v = "1.25"; n = 3; in "image:${v}-${toString n}-${"in${"ner"}"}"',
  toStringValues: '[ (toString 12) (toString 1.5) (toString true) (toString false) (toString null) (toString [ 1 [ 2 3 ] [ ] "x" ]) ]',
  toJSONValues: 'builtins.toJSON { s = "a\\"b\\n"; i = 3; f = 0.1; t = true; n = null; l = [ 1 "x" ]; nested.deep = { z = 1; a = 2; }; }',
  toJSONFloats: 'builtins.toJSON [ 1.5 3.14159265 0.000012345 1234567.0 100000.0 ]',
  floats: '[ 0.5 1.0e3 (1 / 3.0) ]',
  lambdaSimple: 'let f = x: y: x * 10 + y; in f 4 2',
  lambdaFormals: 'let f = { a, b ? a + 1, ... }: [ a b ]; in [ (f { a = 1; }) (f { a = 1; b = 5; c = 0; }) ]',
  lambdaAt: 'let f = args@{ a, ... }: [ a (args.z or "none") ]; g = { a }@all: all; in [ (f { a = 1; z = 2; }) (g { a = 3; }) ]',
  lambdaDefaultsSeeEachOther: '({ a ? b + 1, b ? 1 }: [ a b ]) { }',
  trailingCommaFormals: '({ a, b ? 2, }: a + b) { a = 1; }',
  functorSet: 'let s = { __functor = self: x: x + self.base; base = 10; }; in s 5',
  toStringSet: 'toString { __toString = self: "via-${self.n}"; n = "x"; }',
  importDirectory: '(import ./sub).fromSub',
  importWithArgs: '(import ./with-args.nix { x = 1; }).sum',
  readFile: 'builtins.readFile ./data.txt',
  pathExists: '[ (builtins.pathExists ./data.txt) (builtins.pathExists ./nope.txt) ]',
  pathsToString: '[ (toString ./sub/default.nix) (toString (./. + "/x")) (baseNameOf ./a/b.nix) (toString (dirOf ./a/b)) ]',
  builtinsLists: 'with builtins; [ (length [ 1 2 ]) (head [ 3 4 ]) (tail [ 3 4 ]) (elemAt [ 5 6 ] 1) (elem 2 [ 1 2 ]) (filter (x: x > 1) [ 1 2 3 ]) (map (x: x * x) [ 1 2 ]) (genList (x: x * 2) 3) (concatLists [ [ 1 ] [ 2 ] ]) (sort (a: b: a < b) [ 3 1 2 ]) (any (x: x > 2) [ 1 3 ]) (all (x: x > 2) [ 1 3 ]) ]',
  builtinsSets: 'with builtins; [ (attrNames { b = 1; a = 2; B = 3; }) (attrValues { b = 1; a = 2; }) (hasAttr "a" { a = 1; }) (getAttr "a" { a = 5; }) (removeAttrs { a = 1; b = 2; } [ "a" ]) (listToAttrs [ { name = "x"; value = 1; } { name = "x"; value = 2; } ]) (mapAttrs (n: v: n + v) { a = "1"; }) (catAttrs "a" [ { a = 1; } { b = 2; } ]) (intersectAttrs { a = 0; } { a = 1; b = 2; }) (functionArgs ({ a, b ? 1 }: a)) ]',
  builtinsStrings: 'with builtins; [ (stringLength "hello") (substring 1 3 "hello") (substring 2 100 "hello") (concatStringsSep ", " [ "a" "b" ]) (replaceStrings [ "a" "" ] [ "A" "-" ] "banana") (replaceStrings [ "o" ] [ "0" ] "foo") (typeOf 1) (typeOf "s") (typeOf { }) (typeOf [ ]) (typeOf null) (typeOf (x: x)) (typeOf 1.0) (typeOf true) ]',
  foldlStrict: 'builtins.foldl\' (acc: x: acc + x) 0 [ 1 2 3 4 ]',
  fromJSON: 'builtins.fromJSON "{\\"a\\": [1, 2.5, \\"x\\", null, true]}"',
  libOptional: 'with lib; [ (optional true 1) (optional false 1) (optionals true [ 1 2 ]) (optionalString false "x") (optionalString true "y") (optionalAttrs true { a = 1; }) (optionalAttrs false { a = 1; }) ]',
  libStrings: 'with lib; [ (concatMapStringsSep "," toString [ 1 2 3 ]) (concatMapStrings (x: x + ";") [ "a" "b" ]) (hasPrefix "ab" "abc") (hasSuffix "bc" "abc") (removePrefix "a" "abc") (removeSuffix "c" "abc") (toUpper "abC") (toLower "ABc") (strings.optionalString true "s") ]',
  libLists: 'with lib; [ (flatten [ 1 [ 2 [ 3 ] ] [ ] ]) (unique [ 1 2 1 3 2 ]) (last [ 1 2 3 ]) (foldl (a: b: a - b) 10 [ 1 2 ]) (foldr (a: b: a - b) 10 [ 1 2 ]) (lists.optional true "x") ]',
  libAttrs: 'with lib; [ (mapAttrsToList (n: v: n + "=" + v) { b = "2"; a = "1"; }) (mapAttrs\' (n: v: nameValuePair "x-${n}" (v * 2)) { a = 1; }) (genAttrs [ "a" "b" ] (n: n + n)) (filterAttrs (n: v: v > 1) { a = 1; b = 2; }) (recursiveUpdate { a = { b = 1; c = 2; }; d = 1; } { a = { b = 3; }; d = { e = 1; }; }) (attrsets.nameValuePair "n" 1) ]',
  mkIfMerge: 'with lib; mkMerge [ (mkIf true { a = 1; }) (mkIf false { b = 2; }) { c = 3; } ]',
  mkPriorities: 'with lib; [ (mkForce 1) (mkDefault 2) (mkOverride 10 3) (mkOptionDefault 4) (mkVMOverride 5) ]',
  mkOrders: 'with lib; [ (mkBefore [ "a" ]) (mkAfter "b") (mkOrder 700 "c") ]',
  mkOptions: 'with lib; { a = mkOption { type = types.lines; default = ""; description = "d"; }; b = mkEnableOption "the thing"; c = mkOption { type = types.listOf types.str; example = literalExpression "[ ]"; }; d = types.enum [ "x" "y" ]; }',
  nestedInterpolationInIndented: "let name = \"web\"; in ''\n  server ${name} {\n    listen ${toString 8080};\n  }\n''",
  assertTrue: 'assert 1 < 2; "ok"',
  legacyLet: 'let { a = 1; body = a + 1; }',
  uri: 'https://example.org/x?y=1',
  seq: 'builtins.seq 1 2',
};

/** A small deterministic generator, so generated cases are the same in every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** Indented strings with mixed indentation, blank and space-only lines, escapes and interpolations. */
function indentedStringCases(count: number): Record<string, string> {
  const next = random(7);
  const pick = <T,>(items: T[]) => items[Math.floor(next() * items.length)];
  const fragments = ['word', 'two words', "''$x", "'''", "''\\n", "''\\t", '${"interp"}', '${toString 42}', '$notInterp', "it's", '# hash', "''\\ "];
  const cases: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const lines: string[] = [];
    const lineCount = 1 + Math.floor(next() * 5);
    for (let l = 0; l < lineCount; l++) {
      const kind = next();
      if (kind < 0.15) lines.push('');
      else if (kind < 0.25) lines.push(' '.repeat(Math.floor(next() * 6)));
      else {
        const indent = pick(['', ' ', '  ', '    ', '      ', '\t', '  \t']);
        const words = Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(fragments));
        lines.push(indent + words.join(' '));
      }
    }
    const opener = pick(['\n', '  \n', '', ' ']);
    const closer = pick(['\n', '\n  ', '\n    ', '', ' ']);
    cases[`indented${i}`] = `''${opener}${lines.join('\n')}${closer}''`;
  }
  return cases;
}

/** Nested attrsets written with dotted paths, literals and merged literals, in random order. */
function attrsetCases(count: number): Record<string, string> {
  const next = random(11);
  type Tree = Map<string, Tree | number>;
  const tree = (depth: number): Tree => {
    const t: Tree = new Map();
    const width = 1 + Math.floor(next() * 3);
    for (let i = 0; i < width; i++) t.set(`k${depth}${i}`, depth < 3 && next() < 0.5 ? tree(depth + 1) : Math.floor(next() * 100));
    return t;
  };
  // Each child subtree is written whole in one of three forms; Nix accepts all of them.
  const bindings = (t: Tree, prefix: string): string[] => {
    const out: string[] = [];
    for (const [name, child] of t) {
      const path = prefix ? `${prefix}.${name}` : name;
      if (typeof child === 'number') out.push(`${path} = ${child};`);
      else {
        const form = next();
        if (form < 0.4) out.push(...bindings(child, path));
        else if (form < 0.7) out.push(`${path} = { ${bindings(child, '').join(' ')} };`);
        else {
          const entries = [...child];
          const half = Math.ceil(entries.length / 2);
          out.push(`${path} = { ${bindings(new Map(entries.slice(0, half)), '').join(' ')} };`);
          out.push(...bindings(new Map(entries.slice(half)), path));
        }
      }
    }
    return out;
  };
  const cases: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const all = bindings(tree(0), '');
    const shuffled = all.map((b) => [next(), b] as const).sort((a, b) => a[0] - b[0]).map(([, b]) => b);
    cases[`attrs${i}`] = `{ ${shuffled.join(' ')} }`;
  }
  return cases;
}

/** Let chains mixing arithmetic, strings and lists through earlier bindings. */
function letChainCases(count: number): Record<string, string> {
  const next = random(23);
  const cases: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const length = 2 + Math.floor(next() * 6);
    const bindings = ['v0 = 1;'];
    for (let k = 1; k < length; k++) {
      const prev = `v${Math.floor(next() * k)}`;
      const op = Math.floor(next() * 4);
      const rhs = op === 0 ? `${prev} + ${k}` : op === 1 ? `${prev} * 2` : op === 2 ? `(if ${prev} > 3 then ${prev} - 1 else ${prev} + 5)` : `builtins.length [ ${prev} ${k} ]`;
      bindings.push(`v${k} = ${rhs};`);
    }
    const shuffled = bindings.map((b) => [next(), b] as const).sort((a, b) => a[0] - b[0]).map(([, b]) => b);
    const names = Array.from({ length }, (_, k) => `v${k}`);
    cases[`letChain${i}`] = `let ${shuffled.join(' ')} in { inherit ${names.join(' ')}; text = "${names.map((n) => `\${toString ${n}}`).join('-')}"; }`;
  }
  return cases;
}

export const DIFFERENTIAL_CASES: DifferentialCase[] = Object.entries({
  ...handWritten,
  ...indentedStringCases(30),
  ...attrsetCases(12),
  ...letChainCases(10),
}).map(([name, expr]) => ({ name, expr }));
