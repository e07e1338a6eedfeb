import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StringValue, Value } from '../../src/nix/eval/index.js';
import { at, evaluate } from './eval-helpers.js';

function stringOf(text: string): { value: StringValue; source: string } {
  const { value } = evaluate(text);
  assert.equal(value.kind, 'string', 'reason' in value ? value.reason : '');
  return { value: value as StringValue, source: text };
}

/** Every part whose text is as long as its origin must be exactly that source text. */
function assertOneToOne(value: Value, source: string): void {
  assert.equal(value.kind, 'string');
  if (value.kind !== 'string') return;
  for (const part of value.parts) {
    if (!part.origin || part.text.length !== part.origin.endIndex - part.origin.startIndex) continue;
    assert.equal(source.slice(part.origin.startIndex, part.origin.endIndex), part.text);
  }
}

test('plain strings: escapes are parts of their own, literal text maps 1:1', () => {
  const { value, source } = stringOf('"a\\tb\\n\\"q\\" \\${x} $${y} \\z"');
  assert.equal(value.value, 'a\tb\n"q" ${x} $${y} z');
  assert.deepEqual(
    value.parts.map((p) => [p.text, at(p.origin)]),
    [
      ['a', '1:2-1:3'],
      ['\t', '1:3-1:5'],
      ['b', '1:5-1:6'],
      ['\n', '1:6-1:8'],
      ['"', '1:8-1:10'],
      ['q', '1:10-1:11'],
      ['"', '1:11-1:13'],
      [' ', '1:13-1:14'],
      ['$', '1:14-1:16'],
      ['{x} $${y} ', '1:16-1:26'],
      ['z', '1:26-1:28'],
    ],
  );
  assertOneToOne(value, source);
});

test('plain strings read CR LF as LF', () => {
  assert.equal(stringOf('"a\r\nb\rc"').value.value, 'a\nb\nc');
});

test('indented strings strip the smallest indentation and keep each line a part of its own', () => {
  const source = "''\n    server {\n      listen 80;\n\n    }\n  ''";
  const { value } = stringOf(source);
  assert.equal(value.value, 'server {\n  listen 80;\n\n}\n');
  assert.deepEqual(
    value.parts.map((p) => [p.text, at(p.origin)]),
    [
      ['server {\n', '2:5-3:1'],
      ['  listen 80;\n', '3:5-4:1'],
      ['\n', '4:1-5:1'],
      ['}\n', '5:5-6:1'],
    ],
  );
  assertOneToOne(value, source);
});

test('indented string escapes', () => {
  const source = "''\n  a ''$ b ''' c ''\\n d ''\\t e ''${x} $y\n''";
  const { value } = stringOf(source);
  // Nix 2.8 trims the line after an escaped newline too: " d" loses its space.
  assert.equal(value.value, "a $ b '' c \nd \t e ${x} $y\n");
  const escapes = value.parts.filter((p) => p.origin && p.text.length !== p.origin.endIndex - p.origin.startIndex);
  assert.deepEqual(
    escapes.map((p) => [p.text, source.slice(p.origin!.startIndex, p.origin!.endIndex)]),
    [
      ['$', "''$"],
      ["''", "'''"],
      ['\n', "''\\n"],
      ['\t', "''\\t"],
      ['$', "''$"],
    ],
  );
  assertOneToOne(value, source);
});

test('indentation: tabs are not indentation, space-only lines do not count, interpolations end it', () => {
  assert.equal(stringOf("''\n\tx\n  y''").value.value, '\tx\n  y');
  assert.equal(stringOf("''\n    x\n  \n    y\n      ''").value.value, 'x\n\ny\n');
  assert.equal(stringOf("''\n  ${\"a\"}\n    b\n''").value.value, 'a\n  b\n');
  assert.equal(stringOf("''  x\n  y  ''").value.value, 'x\ny  ');
});

test('an interpolated let-bound literal keeps the literal as its origin', () => {
  const source = 'let\n  tag = "1.25.0";\nin\n"journeyapps/powersync-service:${tag}"';
  const { value } = stringOf(source);
  assert.equal(value.value, 'journeyapps/powersync-service:1.25.0');
  assert.deepEqual(
    value.parts.map((p) => [p.text, at(p.origin)]),
    [
      ['journeyapps/powersync-service:', '4:2-4:32'],
      ['1.25.0', '2:10-2:16'],
    ],
  );
  assert.equal(at(value.origin), '4:1-4:39');
});

test('interpolation inside indented strings keeps origins through several bindings', () => {
  const source = "let\n  v = \"8080\";\n  port = v;\nin ''\n  port: ${port}\n''";
  const { value } = stringOf(source);
  assert.deepEqual(
    value.parts.map((p) => [p.text, at(p.origin)]),
    [
      ['port: ', '5:3-5:9'],
      ['8080', '2:8-2:12'],
      ['\n', '5:16-6:1'],
    ],
  );
});
