import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attrsOf, createEvaluator, lazy, ready, toJSON, UNKNOWN_TEXT, type Value } from '../../src/nix/eval/index.js';
import { at, evaluate, json, member, reasonOf } from './eval-helpers.js';
import { memoryTree } from './memory-tree.js';

test('let, rec, with, inherit and nested attribute paths', () => {
  assert.deepEqual(json('let a = 1; b = a + 1; in rec { inherit a; c = b * 2; d.e = c; d.f = "x"; }'), { a: 1, c: 4, d: { e: 4, f: 'x' } });
  assert.deepEqual(json('let x = 1; in with { x = 2; y = 3; }; [ x y ]'), [1, 3]);
  assert.deepEqual(json('{ a.b = 1; a = { c = 2; }; }'), { a: { b: 1, c: 2 } });
});

test('values keep the origin they were written at, through variables and selections', () => {
  const { value } = evaluate('let\n  port = 8080;\n  cfg = { inherit port; };\nin {\n  a = cfg.port;\n  enable = true;\n}');
  assert.equal(at(member(value, 'a').origin), '2:10-2:14');
  // Values the evaluator makes up (true, null) take the place they are used at.
  assert.equal(at(member(value, 'enable').origin), '6:12-6:16');
});

test('attribute names carry where they were written', () => {
  const { value } = evaluate('let x = 1; in {\n  a.b = 1;\n  inherit x;\n  "quoted" = 2;\n}');
  assert.equal(value.kind, 'attrs');
  if (value.kind !== 'attrs') return;
  assert.equal(at(value.keyOrigins.get('a')), '2:3-2:4');
  assert.equal(at(value.keyOrigins.get('x')), '3:11-3:12');
  assert.equal(at(value.keyOrigins.get('quoted')), '4:3-4:11');
  const a = member(value, 'a');
  assert.equal(a.kind === 'attrs' && at(a.keyOrigins.get('b')), '2:5-2:6');
});

test('a missing attribute or variable is an unknown with the reason, never a throw', () => {
  assert.equal(reasonOf(evaluate('{ a = 1; }.b').value), "attribute 'b' missing");
  assert.equal(reasonOf(evaluate('undefinedThing').value), "undefined variable 'undefinedThing'");
  assert.equal(reasonOf(evaluate('1 + "x"').value), 'cannot add a string to an integer');
  assert.equal(reasonOf(evaluate('throw "no"').value), 'throw: no');
  assert.equal(reasonOf(evaluate('assert 1 > 2; 3').value), 'assertion failed at main.nix:1:8');
});

test('pkgs, lib and builtins are known in part: other members are unknown, not missing', () => {
  const { value } = evaluate('{ pkgs }: { hello = pkgs.hello; fetch = builtins.fetchGit; x = (import <nixpkgs> { }).lib; m = pkgs.lib.mkDefault; f = pkgs.lib.fancy; }');
  const { evaluator } = evaluate('null');
  const module = evaluator.apply(value, ready(attrsOf([['pkgs', ready(evaluator.pkgs)]])));
  assert.equal(reasonOf(member(module, 'hello')), 'pkgs.hello is not modelled');
  assert.equal(reasonOf(member(module, 'fetch')), 'builtins.fetchGit is not modelled');
  assert.equal(reasonOf(member(module, 'x')), '<nixpkgs> is a search path, outside ROOT');
  assert.equal(member(module, 'm').kind, 'builtin');
  assert.equal(reasonOf(member(module, 'f')), 'lib.fancy is not modelled');
});

test('`with` prefers a set that lists the name over a set known only in part (innermost when none does)', () => {
  const { evaluator } = evaluate('null');
  const fn = evaluator.evalText('pkgs: lib: with pkgs; with lib; [ (mkIf true 1)._type hello ]');
  const result = evaluator.apply(evaluator.apply(fn, ready(evaluator.pkgs)), ready(evaluator.lib));
  assert.deepEqual(toJSON(result, { unknowns: 'mark' }), ['if', { $unknown: 'lib.hello is not modelled' }]);
});

test('an unknown interpolated into a string leaves a string with one unknown part', () => {
  const { value } = evaluate('{ pkgs }: "${pkgs.hello}/bin/hello ${toString pkgs.curl}"');
  const { evaluator } = evaluate('null');
  const s = evaluator.apply(value, ready(attrsOf([['pkgs', ready(evaluator.pkgs)]])));
  assert.equal(s.kind, 'string');
  if (s.kind !== 'string') return;
  assert.deepEqual(
    s.parts.map((p) => [p.text, p.unknown]),
    [
      [UNKNOWN_TEXT, 'pkgs.hello is not modelled'],
      ['/bin/hello ', undefined],
      [UNKNOWN_TEXT, 'pkgs.curl is not modelled'],
    ],
  );
});

test('conditions: known ones choose, unknown ones give unknown, Boolean operators decide when they can', () => {
  const unknownFlag = '({ pkgs }: pkgs.someFlag)';
  const { evaluator } = evaluate('null');
  const run = (body: string) => {
    const fn = evaluator.evalText(`{ pkgs }: let flag = ${unknownFlag} { inherit pkgs; }; in ${body}`);
    return toJSON(evaluator.apply(fn, ready(attrsOf([['pkgs', ready(evaluator.pkgs)]]))), { unknowns: 'mark' });
  };
  assert.deepEqual(run('if 1 < 2 then "a" else "b"'), 'a');
  assert.deepEqual(run('if flag then "a" else "b"'), { $unknown: 'pkgs.someFlag is not modelled' });
  assert.deepEqual(run('[ (flag && false) (flag || true) (flag -> true) (false && flag) ]'), [false, true, true, false]);
  assert.deepEqual(run('flag && true'), { $unknown: 'pkgs.someFlag is not modelled' });
});

test('functions: formals, defaults, @-patterns, and Nix errors as unknowns', () => {
  assert.deepEqual(json('({ a, b ? a * 2, ... }@all: [ a b (all ? c) ]) { a = 2; c = 0; }'), [2, 4, true]);
  assert.equal(reasonOf(evaluate('({ a }: a) { a = 1; b = 2; }').value), "function called with unexpected argument 'b'");
  assert.equal(reasonOf(evaluate('({ a }: a) { }').value), "function called without required argument 'a'");
  const { value } = evaluate('{ config, lib, ... }: { }');
  assert.equal(value.kind, 'lambda');
  if (value.kind === 'lambda') assert.deepEqual([value.formals, value.ellipsis], [['config', 'lib'], true]);
});

test('a module called with lazy arguments reads config only when forced', () => {
  const { evaluator, value } = evaluate('{ config, lib, ... }: { port = config.base + 1; name = lib.mkDefault "web"; }');
  let configForced = false;
  const config = lazy(() => {
    configForced = true;
    return attrsOf([['base', ready({ kind: 'int', value: 8079 })]]);
  });
  const module = evaluator.apply(value, ready(attrsOf([['config', config], ['lib', ready(evaluator.lib)]])));
  assert.equal(configForced, false);
  assert.deepEqual(toJSON(module), { port: 8080, name: { _type: 'override', priority: 1000, content: 'web' } });
  assert.equal(configForced, true);
});

test('module system markers are shaped as nixpkgs lib builds them', () => {
  const text = `{ lib }: with lib; {
    i = mkIf true 1; m = mkMerge [ 1 ]; f = mkForce 1; d = mkDefault 1; o = mkOverride 70 1;
    b = mkBefore [ 1 ]; a = mkAfter [ 1 ]; r = mkOrder 900 1;
    opt = mkOption { type = types.lines; default = ""; };
    en = mkEnableOption "x";
    pk = mkPackageOption { } "hello" { };
  }`;
  const { evaluator, value } = evaluate(text);
  const set = evaluator.apply(value, ready(attrsOf([['lib', ready(evaluator.lib)]])));
  const plain = toJSON(set, { unknowns: 'mark' }) as Record<string, Record<string, unknown>>;
  assert.deepEqual(plain.i, { _type: 'if', condition: true, content: 1 });
  assert.deepEqual(plain.m, { _type: 'merge', contents: [1] });
  assert.deepEqual([plain.f.priority, plain.d.priority, plain.o.priority], [50, 1000, 70]);
  assert.deepEqual([plain.b, plain.a, plain.r], [
    { _type: 'order', priority: 500, content: [1] },
    { _type: 'order', priority: 1500, content: [1] },
    { _type: 'order', priority: 900, content: 1 },
  ]);
  assert.deepEqual(plain.opt, { _type: 'option', default: '', type: { _type: 'option-type', name: 'lines', separator: '\n' } });
  assert.deepEqual(plain.en.default, false);
  assert.deepEqual(plain.pk.default, { $unknown: 'the default of mkPackageOption (a package) is not modelled' });
  // The marker's content thunk is the argument itself, with its origin.
  assert.equal(at(member(set, 'i', 'content').origin), '2:19-2:20');
});

test('paths resolve against their file and stay inside ROOT', () => {
  const files = { 'hosts/web/default.nix': '{ here = ./.; cfg = ./config.yaml; up = ../../secrets; out = ../../../etc; abs = /etc/hosts; home = ~/.ssh; joined = ./. + "/x.nix"; }' };
  const evaluator = createEvaluator({ tree: memoryTree(files, '/repo') });
  const host = evaluator.importFile('hosts/web');
  const path = (name: string) => {
    const v = member(host, name);
    return v.kind === 'path' ? [v.value, v.insideRoot] : v.kind;
  };
  assert.deepEqual(path('here'), ['hosts/web', true]);
  assert.deepEqual(path('cfg'), ['hosts/web/config.yaml', true]);
  assert.deepEqual(path('up'), ['secrets', true]);
  assert.deepEqual(path('out'), ['/etc', false]);
  assert.deepEqual(path('abs'), ['/etc/hosts', false]);
  assert.deepEqual(path('home'), ['~/.ssh', false]);
  assert.deepEqual(path('joined'), ['hosts/web/x.nix', true]);
});

test('imports: directories mean default.nix, files are evaluated once, failures are unknowns at the import', () => {
  const files = {
    'lib/default.nix': '{ x = 1; }',
    'args.nix': '{ n }: n * 2',
    'broken.nix': '{ a = 1 }',
    'dup.nix': '{ a = 1; a = 2; }',
  };
  const { evaluator, value } = evaluate('[ (import ./lib).x (import ./args.nix { n = 4; }) (import ./missing.nix) (import ../outside.nix) (import ./broken.nix) (import ./dup.nix) ]', files);
  const items = value.kind === 'list' ? value.items.map((t) => t.force()) : [];
  assert.deepEqual(items.slice(0, 2).map((v) => toJSON(v)), [1, 8]);
  assert.equal(reasonOf(items[2]), 'cannot import `missing.nix`: `missing.nix` does not exist');
  // The unknown points at the path literal to fix.
  assert.equal(at(items[2].origin), '1:59-1:72');
  assert.equal(reasonOf(items[3]), 'import of `/outside.nix` outside ROOT is not followed');
  assert.match(reasonOf(items[4]), /^syntax error in broken\.nix at broken\.nix:1:8: missing `;`/);
  assert.match(reasonOf(items[5]), /attribute 'a' already defined at dup\.nix:1:3/);
  assert.deepEqual([...evaluator.parsed.keys()].sort(), ['args.nix', 'broken.nix', 'dup.nix', 'lib/default.nix', 'main.nix']);
  assert.equal(evaluator.parsed.get('dup.nix')!.errors.length, 1);
  assert.equal(evaluator.importFile('lib'), evaluator.importFile('lib/default.nix'));
});

test('readFile gives one part spanning the file read, so positions map into it', () => {
  const { value } = evaluate('builtins.readFile ./conf/powersync.yaml', { 'conf/powersync.yaml': 'port: 8080\nreplication: {}\n' });
  assert.equal(value.kind, 'string');
  if (value.kind !== 'string') return;
  assert.equal(value.value, 'port: 8080\nreplication: {}\n');
  assert.deepEqual(value.parts.map((p) => [p.origin?.file, at(p.origin)]), [['conf/powersync.yaml', '1:1-3:1']]);
  assert.equal(reasonOf(evaluate('builtins.readFile /etc/passwd').value), 'builtins.readFile: `/etc/passwd` is outside ROOT');
});

test('generated files carry their content and render as store paths with a reference', () => {
  const text = `{ pkgs }: rec {
    text = pkgs.writeText "a.conf" "x=1";
    file = pkgs.writeTextFile { name = "b.conf"; text = "y"; };
    yaml = (pkgs.formats.yaml { }).generate "powersync.yaml" { port = 8080; };
    json = (pkgs.formats.json { }).generate "c.json" [ 1 ];
    script = pkgs.writeShellScriptBin "up" "echo hi";
    toFile = builtins.toFile "d.txt" "z";
    used = "-v \${yaml}:/config/powersync.yaml";
  }`;
  const { evaluator, value } = evaluate(text);
  const set = evaluator.apply(value, ready(attrsOf([['pkgs', ready(evaluator.pkgs)]])));
  const file = (name: string) => {
    const v = member(set, name);
    assert.equal(v.kind, 'file', name);
    return v.kind === 'file' ? v : undefined;
  };
  assert.deepEqual([file('text')?.name, file('text')?.format, toJSON(file('text')!.content.force())], ['a.conf', 'text', 'x=1']);
  assert.deepEqual(toJSON(file('file')!.content.force()), 'y');
  assert.deepEqual([file('yaml')?.format, toJSON(file('yaml')!.content.force())], ['yaml', { port: 8080 }]);
  assert.deepEqual([file('json')?.format, toJSON(file('json')!.content.force())], ['json', [1]]);
  assert.equal(file('script')?.destination, '/bin/up');
  assert.match(toJSON(file('script')!.content.force()) as string, /^#!\/nix\/store\/.+\/bin\/bash\necho hi$/);
  assert.equal(file('toFile')?.name, 'd.txt');
  const used = member(set, 'used');
  assert.equal(used.kind, 'string');
  if (used.kind !== 'string') return;
  assert.match(used.value, /^-v \/nix\/store\/[0-9a-df-np-sv-z]{32}-powersync\.yaml:\/config\/powersync\.yaml$/);
  assert.equal(used.parts[1].ref, member(set, 'yaml'));
});

test('builtins.toJSON keeps the origins of strings it did not have to escape', () => {
  const { value } = evaluate('let host = "db.internal"; in builtins.toJSON { inherit host; note = "a\\"b"; }');
  assert.equal(value.kind, 'string');
  if (value.kind !== 'string') return;
  assert.equal(value.value, '{"host":"db.internal","note":"a\\"b"}');
  const host = value.parts.find((p) => p.text === 'db.internal');
  assert.equal(at(host?.origin), '1:13-1:24');
});

test('toJSON refuses unknowns unless asked to mark them', () => {
  const { value } = evaluate('{ a = 1; b = undefinedThing; }');
  assert.throws(() => toJSON(value), /value not known: undefined variable 'undefinedThing'/);
  assert.deepEqual(toJSON(value, { unknowns: 'mark' }), { a: 1, b: { $unknown: "undefined variable 'undefinedThing'" } });
});

test('toString of an unknown is a string with an unknown part', () => {
  const { value } = evaluate('toString undefinedThing');
  assert.equal(value.kind, 'string');
  if (value.kind === 'string') assert.deepEqual(value.parts.map((p) => p.unknown), ["undefined variable 'undefinedThing'"]);
});

test('lib.types.lines is recognisable and list helpers keep element origins', () => {
  const { evaluator, value } = evaluate('{ lib }: { t = lib.types.lines; l = lib.optionals true [ "a" ] ++ lib.optional false "b"; }');
  const set = evaluator.apply(value, ready(attrsOf([['lib', ready(evaluator.lib)]])));
  assert.deepEqual(toJSON(member(set, 't')), { _type: 'option-type', name: 'lines', separator: '\n' });
  const list = member(set, 'l');
  assert.equal(list.kind === 'list' && at(list.items[0].force().origin), '1:58-1:61');
});

test('values from a file a rule never forces are never evaluated', () => {
  const { value } = evaluate('{ fine = 1; broken = builtins.genList (x: x) 1000000000; }');
  assert.equal(toJSON(member(value, 'fine')), 1);
});

function stringParts(v: Value): string[] {
  return v.kind === 'string' ? v.parts.map((p) => p.text) : [];
}

test('concatStringsSep and + keep every part', () => {
  const { value } = evaluate('let a = "x"; in builtins.concatStringsSep ", " [ a "y" ] + "!"');
  assert.deepEqual(stringParts(value), ['x', ', ', 'y', '!']);
});

test('a thunk says where its expression is written: a variable in a list is used there', () => {
  const { value } = evaluate('let flag = "--pull=newer"; in { l = [ flag ]; inherit flag; }');
  const list = member(value, 'l');
  assert.equal(list.kind, 'list');
  if (list.kind !== 'list') return;
  assert.equal(at(list.items[0].origin), '1:39-1:43');
  assert.equal(at(list.items[0].force().origin), '1:12-1:26');
  assert.equal(value.kind === 'attrs' && at(value.attrs.get('flag')!.origin), '1:55-1:59');
});

test('dockerTools.pullImage keeps the reference it pins', () => {
  const { evaluator, value } = evaluate('{ pkgs }: pkgs.dockerTools.pullImage { imageName = "journeyapps/powersync-service"; imageDigest = "sha256:abc"; finalImageTag = "1.25.0"; sha256 = ""; }');
  const image = evaluator.apply(value, ready(attrsOf([['pkgs', ready(evaluator.pkgs)]])));
  assert.deepEqual([member(image, 'imageDigest'), member(image, 'imageTag'), member(image, 'type')].map((v) => toJSON(v)), ['sha256:abc', '1.25.0', 'derivation']);
  assert.match(toJSON(member(image, 'outPath')) as string, /^\/nix\/store\/[0-9a-z]{32}-docker-image-journeyapps-powersync-service\.tar$/);
});
