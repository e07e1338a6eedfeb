import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toJSON, type Value } from '../../src/nix/eval/index.js';
import { evaluate, member, reasonOf } from './eval-helpers.js';

/**
 * Runs `body`, asserting it finishes well within the linter's time budget. The measure is
 * the process's CPU time, not the wall clock: test files run in parallel on machines that
 * may be busy, and what is bounded is the work done.
 */
function quickly<T>(body: () => T, limitMs = 1000): T {
  const start = process.cpuUsage();
  const result = body();
  const { user, system } = process.cpuUsage(start);
  const elapsed = (user + system) / 1000;
  assert.ok(elapsed < limitMs, `took ${elapsed.toFixed(0)} ms of CPU time (limit ${limitMs} ms)`);
  return result;
}

/** Forces everything reachable, as a rule reading a whole value would. */
const forceAll = (v: Value) => toJSON(v, { unknowns: 'mark' });

test('let x = x; in x is an infinite recursion, reported as unknown', () => {
  const { value } = quickly(() => evaluate('let x = x; in x'));
  assert.equal(reasonOf(value), 'infinite recursion at main.nix:1:9');
});

test('rec { a = b; b = a; } gives a set whose members are unknown', () => {
  const { value } = quickly(() => evaluate('rec { a = b; b = a; }'));
  assert.match(reasonOf(member(value, 'a')), /^infinite recursion at main\.nix:1:/);
  assert.match(reasonOf(member(value, 'b')), /^infinite recursion at main\.nix:1:/);
});

test('unbounded recursion through a function ends at the depth budget', () => {
  const { value } = quickly(() => evaluate('let f = x: f x; in f 1'));
  assert.equal(reasonOf(value), 'evaluation nested deeper than 1000 levels');
  const counted = quickly(() => evaluate('let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 100000').value);
  assert.equal(reasonOf(counted), 'evaluation nested deeper than 1000 levels');
});

test('a 50,000-element list evaluates in well under a second', () => {
  const text = `[ ${Array.from({ length: 50_000 }, (_, i) => String(i)).join(' ')} ]`;
  const json = quickly(() => forceAll(evaluate(text).value)) as number[];
  assert.equal(json.length, 50_000);
  assert.equal(json[49_999], 49_999);
});

test('import ./. from default.nix and mutual imports end as import cycles', () => {
  const self = quickly(() => evaluate('import ./main.nix').value);
  assert.equal(reasonOf(self), 'import cycle: `main.nix` is imported while it is being evaluated');
  const { value } = quickly(() => evaluate('import ./a', { 'a/default.nix': 'import ../b.nix', 'b.nix': 'import ./a' }));
  assert.equal(reasonOf(value), 'import cycle: `a/default.nix` is imported while it is being evaluated');
  // A lazy reference back is no cycle, in Nix either.
  const lazyBack = quickly(() => evaluate('import ./a', { 'a/default.nix': 'import ../b.nix', 'b.nix': '{ x = (import ./a).y; y = 1; }' }).value);
  assert.equal(toJSON(member(lazyBack, 'x')), 1);
});

test('10,000 levels of nested attrsets, lists and parentheses give unknowns, not a stack overflow', () => {
  const tooDeep = /"\$unknown":"(expression nested deeper than 1000 levels|value nested too deeply to render as JSON)"/;
  const attrs = `${'{ a = '.repeat(10_000)}1${'; }'.repeat(10_000)}`;
  assert.match(JSON.stringify(quickly(() => forceAll(evaluate(attrs).value))), tooDeep);
  const list = `${'[ '.repeat(10_000)}1${' ]'.repeat(10_000)}`;
  assert.match(JSON.stringify(quickly(() => forceAll(evaluate(list).value))), tooDeep);
  const parens = `${'('.repeat(10_000)}1${')'.repeat(10_000)}`;
  assert.equal(reasonOf(quickly(() => evaluate(parens).value)), 'expression nested deeper than 1000 levels');
  const sum = `1${' + 1'.repeat(10_000)}`;
  assert.match(reasonOf(quickly(() => evaluate(sum).value)), /nested deeper than 1000 levels/);
});

test('deep structure built by evaluation is cut by the JSON depth limit', () => {
  const { value } = quickly(() => evaluate('let nest = n: if n == 0 then 0 else { a = nest (n - 1); }; in nest 5000'));
  assert.match(JSON.stringify(quickly(() => forceAll(value))), /nested too deeply to render as JSON/);
});

test('the step budget bounds work, including work done by builtins', () => {
  const huge = quickly(() => evaluate('builtins.length (builtins.genList (x: x) 1000000000)').value);
  assert.equal(reasonOf(huge), 'evaluation step budget of 2000000 steps exhausted');
  const doubling = 'let d = s: s + s; in d (d (d (d (d (d (d (d (d (d (d (d (d (d (d (d (d (d (d (d (d (d (d (d "ab")))))))))))))))))))))))';
  const { value } = quickly(() => evaluate(`builtins.stringLength (${doubling})`));
  assert.match(reasonOf(value), /step budget/);
  const small = quickly(() => evaluate('let f = n: if n == 0 then 0 else f (n - 1); in f 900', {}, { maxSteps: 1000 }).value);
  assert.equal(reasonOf(small), 'evaluation step budget of 1000 steps exhausted');
});

test('a quadratic fold exhausts the budget instead of running for minutes', () => {
  const text = "builtins.length (builtins.foldl' (acc: x: acc ++ [ x ]) [ ] (builtins.genList (x: x) 50000))";
  assert.match(reasonOf(quickly(() => evaluate(text).value)), /step budget/);
});
