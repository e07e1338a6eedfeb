import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../src/engine/finding.js';
import { escapeData, escapeProperty, formatGithub } from '../../src/report/github.js';

const finding: Finding = {
  ruleId: 'no-pull-newer',
  severity: 'error',
  message: '`pull = "newer"` re-pulls the image; remove it.',
  file: 'hosts/web-arm/configuration.nix',
  line: 5,
  column: 12,
  endLine: 5,
  endColumn: 19,
};

describe('github report', () => {
  it('one workflow command per finding, errors as ::error and warnings as ::warning', () => {
    const warning: Finding = { ...finding, ruleId: 'cannot-verify', severity: 'warning', message: 'cannot verify x.', line: 9, endLine: 9 };
    assert.equal(
      formatGithub([warning, finding], { displayPath: (file) => `infra/${file}` }),
      '::error file=infra/hosts/web-arm/configuration.nix,line=5,col=12,endLine=5,endColumn=19,title=no-pull-newer::`pull = "newer"` re-pulls the image; remove it.\n' +
        '::warning file=infra/hosts/web-arm/configuration.nix,line=9,col=12,endLine=9,endColumn=19,title=cannot-verify::cannot verify x.\n',
    );
  });

  it('escapes per the workflow-command rules, so a value cannot end or inject a command', () => {
    assert.equal(escapeData('100% sure\r\nnext::line'), '100%25 sure%0D%0Anext::line');
    assert.equal(escapeProperty('a,b:c%d\n'), 'a%2Cb%3Ac%25d%0A');
    const hostile: Finding = { ...finding, file: 'a,b:c.nix', message: 'line one\n::error::injected' };
    const out = formatGithub([hostile], { displayPath: (file) => file });
    assert.equal(out.split('\n').length, 2);
    assert.match(out, /^::error file=a%2Cb%3Ac\.nix,line=5,/);
    assert.match(out, /::line one%0A::error::injected\n$/);
  });

  it('adds related locations to the message, and prints nothing for a clean run', () => {
    const related: Finding = { ...finding, related: [{ file: 'modules/x.nix', line: 3, column: 4, message: 'used here' }] };
    assert.match(formatGithub([related], { displayPath: (file) => file }), /remove it\.%0A↳ modules\/x\.nix:3:4: used here\n$/);
    assert.equal(formatGithub([], { displayPath: (file) => file }), '');
  });
});
