import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseNginxConfig, type NginxDirective } from '../../src/nginx/directives.js';

/** name + argument texts, recursively: the shape most assertions care about. */
function shape(directives: NginxDirective[]): unknown[] {
  return directives.map((d) => (d.block ? [d.name.text, ...d.args.map((a) => a.text), shape(d.block)] : [d.name.text, ...d.args.map((a) => a.text)]));
}

describe('parseNginxConfig', () => {
  it('reads directives with their arguments and offsets', () => {
    const text = 'proxy_read_timeout 3600s;\nproxy_buffering off;\n';
    const { directives, errors } = parseNginxConfig(text);
    assert.deepEqual(errors, []);
    assert.deepEqual(directives[0], {
      name: { text: 'proxy_read_timeout', start: 0, end: 18, quoted: false },
      args: [{ text: '3600s', start: 19, end: 24, quoted: false }],
      start: 0,
      end: 25,
    });
    assert.deepEqual(shape(directives), [['proxy_read_timeout', '3600s'], ['proxy_buffering', 'off']]);
    assert.equal(text.slice(directives[1].args[0].start, directives[1].args[0].end), 'off');
  });

  it('ignores a comment after a directive, even one that looks like a value', () => {
    const text = 'proxy_read_timeout 60s; # 3600s\nproxy_send_timeout 60s;#proxy_send_timeout 3600s;\n';
    const { directives, errors } = parseNginxConfig(text);
    assert.deepEqual(errors, []);
    assert.deepEqual(shape(directives), [['proxy_read_timeout', '60s'], ['proxy_send_timeout', '60s']]);
  });

  it('ignores commented-out directives and whole comment lines', () => {
    const { directives } = parseNginxConfig('# proxy_read_timeout 3600s;\n  #proxy_send_timeout 3600s;\nkeepalive_timeout 75s;');
    assert.deepEqual(shape(directives), [['keepalive_timeout', '75s']]);
  });

  it('keeps # inside a word, as nginx does', () => {
    const { directives } = parseNginxConfig('return 200 a#b;');
    assert.deepEqual(shape(directives), [['return', '200', 'a#b']]);
  });

  it('unquotes quoted arguments and applies escapes, with offsets over the quotes', () => {
    const text = `add_header X-Note "a; b { c } # d" always;\nreturn 200 'it\\'s "fine"\\n';`;
    const { directives, errors } = parseNginxConfig(text);
    assert.deepEqual(errors, []);
    assert.deepEqual(shape(directives), [['add_header', 'X-Note', 'a; b { c } # d', 'always'], ['return', '200', `it's "fine"\n`]]);
    const note = directives[0].args[1];
    assert.deepEqual([note.start, note.end, note.quoted], [18, 34, true]);
    assert.equal(text.slice(note.start, note.end), '"a; b { c } # d"');
  });

  it('reads a quoted duration with a space as one argument', () => {
    const { directives } = parseNginxConfig('proxy_read_timeout "1h 30m";');
    assert.deepEqual(shape(directives), [['proxy_read_timeout', '1h 30m']]);
  });

  it('keeps unknown backslash escapes as written', () => {
    const { directives } = parseNginxConfig('rewrite ^/a\\.b$ /c;');
    assert.deepEqual(shape(directives), [['rewrite', '^/a\\.b$', '/c']]);
  });

  it('does not open a block at ${ of a variable', () => {
    const { directives, errors } = parseNginxConfig('proxy_set_header Host ${host}:$server_port;');
    assert.deepEqual(errors, []);
    assert.deepEqual(shape(directives), [['proxy_set_header', 'Host', '${host}:$server_port']]);
  });

  it('reads blocks and their nested directives', () => {
    const text = 'location /sync {\n  proxy_buffering off;\n  if ($request_method = OPTIONS) { return 204; }\n}\nproxy_read_timeout 1h;';
    const { directives, errors } = parseNginxConfig(text);
    assert.deepEqual(errors, []);
    assert.deepEqual(shape(directives), [
      ['location', '/sync', [['proxy_buffering', 'off'], ['if', '($request_method', '=', 'OPTIONS)', [['return', '204']]]]],
      ['proxy_read_timeout', '1h'],
    ]);
    assert.deepEqual([directives[0].start, directives[0].end], [0, text.indexOf('}\nproxy') + 1]);
  });

  it('keeps a directive missing its ";" and reports it', () => {
    const { directives, errors } = parseNginxConfig('proxy_read_timeout 3600s\n');
    assert.deepEqual(shape(directives), [['proxy_read_timeout', '3600s']]);
    assert.deepEqual(errors, [{ message: '"proxy_read_timeout" is not terminated by ";"', start: 0, end: 24 }]);
  });

  it('reports stray and missing braces and goes on', () => {
    const { directives, errors } = parseNginxConfig('} a 1; location / { b 2;\n');
    assert.deepEqual(shape(directives), [['a', '1'], ['location', '/', [['b', '2']]]]);
    assert.deepEqual(errors, [
      { message: 'unexpected "}"', start: 0, end: 1 },
      { message: '"{" is not closed by "}"', start: 18, end: 19 },
    ]);
  });

  it('reports an empty directive, a nameless block and a directive cut by "}"', () => {
    const { directives, errors } = parseNginxConfig('; { a 1; } location / { b 2 }');
    assert.deepEqual(shape(directives), [['location', '/', [['b', '2']]]]);
    assert.deepEqual(errors, [
      { message: 'unexpected ";"', start: 0, end: 1 },
      { message: 'unexpected "{"', start: 2, end: 3 },
      { message: '"b" is not terminated by ";"', start: 24, end: 27 },
    ]);
  });

  it('reports an unterminated quote and text glued to a closing quote', () => {
    assert.deepEqual(parseNginxConfig('return 200 "abc;').errors, [
      { message: 'unterminated double-quoted string', start: 11, end: 16 },
      { message: '"return" is not terminated by ";"', start: 0, end: 16 },
    ]);
    assert.deepEqual(parseNginxConfig("return 200 'a'b;").errors, [{ message: 'unexpected "b" after a quoted string', start: 14, end: 15 }]);
  });

  it('survives deep nesting without recursion', () => {
    const depth = 100_000;
    const { directives, errors } = parseNginxConfig('a {'.repeat(depth) + '}'.repeat(depth));
    assert.equal(errors.length, 0);
    assert.equal(directives.length, 1);
  });

  it('returns nothing for empty or comment-only text', () => {
    assert.deepEqual(parseNginxConfig(''), { directives: [], errors: [] });
    assert.deepEqual(parseNginxConfig('  # nothing\n'), { directives: [], errors: [] });
  });
});
