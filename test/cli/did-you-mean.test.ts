import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closestMatch, didYouMean } from '../../src/engine/errors.js';

describe('did you mean', () => {
  it('suggests the nearest plausible typo', () => {
    assert.equal(closestMatch('adress', ['address', 'port']), 'address');
    assert.equal(closestMatch('explian', ['rules', 'explain']), 'explain');
    assert.equal(closestMatch('--formt', ['--format', '--host']), '--format');
    assert.equal(closestMatch('warn', ['error', 'warning', 'off']), 'warning');
  });

  it('stays silent when nothing is close', () => {
    assert.equal(closestMatch('zzz', ['error', 'warning', 'off']), undefined);
    assert.equal(closestMatch('image', ['host', 'domain']), undefined);
    assert.equal(didYouMean('qq', ['rules']), '');
  });

  it('phrases the hint for appending to a message', () => {
    assert.equal(didYouMean('rulez', ['rules', 'explain']), ' (did you mean "rules"?)');
  });
});
