/** Directives of an nginx extraConfig written in Nix: text that is not statically known may
 * hold any directive, so only a string known outside its directives has a known set of them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extraConfigDirectives } from '../../src/model/nginx-config.js';
import { stringOf } from '../../src/nix/eval/make.js';
import { UNKNOWN_TEXT } from '../../src/nix/eval/index.js';
import type { Span } from '../../src/source/span.js';

const at: Span = { file: 'x.nix', startIndex: 0, endIndex: 1, line: 1, column: 1, endLine: 1, endColumn: 2 };
const text = (t: string) => ({ text: t, origin: at });
const hole = (reason: string) => ({ text: UNKNOWN_TEXT, unknown: reason, origin: at });

test('a known extraConfig gives its directives', () => {
  const directives = extraConfigDirectives(stringOf([text('proxy_read_timeout 1h;\nproxy_buffering off;\n')], at));
  assert.ok(Array.isArray(directives));
  assert.deepEqual(directives.map((d) => d.name), ['proxy_read_timeout', 'proxy_buffering']);
});

test('an unknown part inside a directive marks that directive only', () => {
  const directives = extraConfigDirectives(stringOf([text('proxy_pass http://'), hole('pkgs.x is not modelled'), text(';\nproxy_buffering off;\n')], at));
  assert.ok(Array.isArray(directives));
  assert.equal(directives[0].unknown?.reason, 'pkgs.x is not modelled');
  assert.equal(directives[1].unknown, undefined);
});

test('an unknown part between directives makes the directives unknown: it could set any of them', () => {
  for (const parts of [[hole('the whole string gave up')], [text('proxy_buffering off;\n'), hole('an interpolated value'), text('\n')]]) {
    const directives = extraConfigDirectives(stringOf(parts, at));
    assert.ok(!Array.isArray(directives));
    assert.match(directives.reason, /gave up|interpolated value/);
  }
});
