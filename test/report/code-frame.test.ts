import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeFrame } from '../../src/report/code-frame.js';

const text = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven'].join('\n');

describe('codeFrame', () => {
  it('shows two lines either side and carets under the exact columns', () => {
    assert.equal(
      codeFrame(text, { line: 10, column: 2, endLine: 10, endColumn: 4 }),
      ['   8 | eight', '   9 | nine', '> 10 | ten', '     |  ^^', '  11 | eleven'].join('\n'),
    );
  });

  it('is clipped at the start of the file', () => {
    assert.equal(codeFrame(text, { line: 1, column: 1, endLine: 1, endColumn: 4 }), ['> 1 | one', '    | ^^^', '  2 | two', '  3 | three'].join('\n'));
  });

  it('marks an empty range with one caret, and a range over lines on its first line', () => {
    assert.equal(codeFrame('ab', { line: 1, column: 2, endLine: 1, endColumn: 2 }), '> 1 | ab\n    |  ^');
    assert.equal(codeFrame('abc\ndef', { line: 1, column: 2, endLine: 2, endColumn: 2 }), '> 1 | abc\n    |  ^^\n  2 | def');
  });

  it('keeps tabs before the caret so that it lines up', () => {
    assert.equal(codeFrame('\tx = 1;', { line: 1, column: 2, endLine: 1, endColumn: 3 }), '> 1 | \tx = 1;\n    | \t^');
  });

  it('replaces control characters, so a linted file cannot drive the terminal', () => {
    assert.equal(codeFrame('a\u001b[2Jb', { line: 1, column: 1, endLine: 1, endColumn: 2 }), '> 1 | a\ufffd[2Jb\n    | ^');
  });

  it('handles CRLF line ends and is undefined for a line not in the text', () => {
    assert.equal(codeFrame('a\r\nb', { line: 2, column: 1, endLine: 2, endColumn: 2 }), '  1 | a\n> 2 | b\n    | ^');
    assert.equal(codeFrame('a', { line: 3, column: 1, endLine: 3, endColumn: 2 }), undefined);
  });
});
