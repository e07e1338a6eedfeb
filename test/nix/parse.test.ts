import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseNix } from '../../src/nix/parse.js';
import { at } from './eval-helpers.js';

const errorsOf = (text: string) => parseNix(text, 'f.nix').errors.map((e) => `${at(e.span)} ${e.message}`);

test('a valid file parses without errors', () => {
  const parsed = parseNix('{ pkgs, ... }: { a = pkgs.hello; b = "x${toString 1}"; }', 'hosts/web.nix');
  assert.deepEqual(parsed.errors, []);
  assert.equal(parsed.root.type, 'source_code');
  assert.equal(parsed.file, 'hosts/web.nix');
  assert.deepEqual(parsed.span(parsed.root.firstNamedChild!), parsed.lines.span('hosts/web.nix', 0, parsed.text.length));
});

test('a trailing comma in formals is valid Nix, not an error', () => {
  assert.deepEqual(errorsOf('{ lib, pkgs, }: 1'), []);
  assert.deepEqual(errorsOf('{ lib, b ? 1, }: 1'), []);
  assert.deepEqual(errorsOf('args@{ lib, # the library\n}: 1'), []);
});

test('a missing token is reported where it is missing', () => {
  assert.deepEqual(errorsOf('{ a = 1 }'), ['1:8-1:8 missing `;`']);
  assert.deepEqual(errorsOf('[ 1 2'), ['1:6-1:6 missing `]`']);
  assert.deepEqual(errorsOf('{ a, , b }: 1'), ['1:4-1:5 unexpected `,`']);
});

test('the experimental pipe operator is an error', () => {
  assert.deepEqual(errorsOf('x |> f'), ['1:3-1:4 unexpected `|>`: the experimental pipe operator is not supported']);
});

test('columns count UTF-16 code units', () => {
  // "é" is one unit, "😀" two: the `|>` starts at column 7.
  assert.deepEqual(errorsOf('"é😀" |> f'), ['1:7-1:8 unexpected `|>`: the experimental pipe operator is not supported']);
  assert.deepEqual(errorsOf('"😀\n😀" |> f').map((e) => e.split(' ')[0]), ['2:5-2:6']);
});

test('deeply nested files parse and are walked without recursion', () => {
  const nested = (close: string) => '{ a = '.repeat(10_000) + '1' + close.repeat(10_000);
  assert.deepEqual(parseNix(nested('; }'), 'deep.nix').errors, []);
  assert.ok(parseNix(nested(' }'), 'deep.nix').errors.length > 0);
});
