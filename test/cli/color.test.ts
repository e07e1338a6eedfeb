import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveColorLevel } from '../../src/cli/color.js';

describe('resolveColorLevel', () => {
  it('colours a terminal and nothing else by default', () => {
    assert.equal(resolveColorLevel(undefined, {}, true), 1);
    assert.equal(resolveColorLevel(undefined, {}, false), 0);
    assert.equal(resolveColorLevel(undefined, { TERM: 'dumb' }, true), 0);
  });

  it('honours NO_COLOR when set to anything but the empty string', () => {
    assert.equal(resolveColorLevel(undefined, { NO_COLOR: '1' }, true), 0);
    assert.equal(resolveColorLevel(undefined, { NO_COLOR: '' }, true), 1);
  });

  it('reads FORCE_COLOR as Node does, over NO_COLOR and without a terminal', () => {
    assert.equal(resolveColorLevel(undefined, { FORCE_COLOR: '' }, false), 1);
    assert.equal(resolveColorLevel(undefined, { FORCE_COLOR: '1', NO_COLOR: '1' }, false), 1);
    assert.equal(resolveColorLevel(undefined, { FORCE_COLOR: '3' }, false), 3);
    assert.equal(resolveColorLevel(undefined, { FORCE_COLOR: '0' }, true), 0);
    assert.equal(resolveColorLevel(undefined, { FORCE_COLOR: 'false' }, true), 0);
  });

  it('lets --color and --no-color win over everything', () => {
    assert.equal(resolveColorLevel(true, { NO_COLOR: '1', FORCE_COLOR: '0' }, false), 1);
    assert.equal(resolveColorLevel(false, { FORCE_COLOR: '3' }, true), 0);
  });

  it('uses the depth the terminal announces', () => {
    assert.equal(resolveColorLevel(undefined, { COLORTERM: 'truecolor' }, true), 3);
    assert.equal(resolveColorLevel(undefined, { TERM: 'xterm-256color' }, true), 2);
  });
});
