import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseNginxDuration } from '../../src/nginx/duration.js';

describe('parseNginxDuration', () => {
  it('reads a bare number as seconds', () => {
    assert.equal(parseNginxDuration('3600'), 3_600_000);
    assert.equal(parseNginxDuration('0'), 0);
  });

  it('reads every unit of a millisecond directive', () => {
    assert.equal(parseNginxDuration('250ms'), 250);
    assert.equal(parseNginxDuration('3600s'), 3_600_000);
    assert.equal(parseNginxDuration('60m'), 3_600_000);
    assert.equal(parseNginxDuration('1h'), 3_600_000);
    assert.equal(parseNginxDuration('2d'), 172_800_000);
    assert.equal(parseNginxDuration('1w'), 604_800_000);
  });

  it('reads months (30 days) and years (365 days) for second directives only', () => {
    assert.equal(parseNginxDuration('1M', 'sec'), 2_592_000_000);
    assert.equal(parseNginxDuration('1y', 'sec'), 31_536_000_000);
    assert.equal(parseNginxDuration('1M'), undefined);
    assert.equal(parseNginxDuration('1y'), undefined);
    assert.equal(parseNginxDuration('5ms', 'sec'), undefined);
  });

  it('combines units with or without spaces, largest first', () => {
    assert.equal(parseNginxDuration('1h30m'), 5_400_000);
    assert.equal(parseNginxDuration('1h 30m'), 5_400_000);
    assert.equal(parseNginxDuration('1d 2h 3m 4s 5ms'), 93_784_005);
    assert.equal(parseNginxDuration('1y 1M 1w', 'sec'), 34_732_800_000);
    assert.equal(parseNginxDuration('1m 5'), 65_000);
  });

  it('rejects units out of order or repeated', () => {
    assert.equal(parseNginxDuration('30m1h'), undefined);
    assert.equal(parseNginxDuration('1h1h'), undefined);
    assert.equal(parseNginxDuration('1s 5 5'), undefined);
    assert.equal(parseNginxDuration('5 1s'), undefined);
  });

  it('rejects what nginx rejects', () => {
    for (const text of ['', 's', '1x', '1.5h', '-1s', '1S', '1H', '1 h', '1\th', '99999999999999999999y']) {
      assert.equal(parseNginxDuration(text, 'sec'), undefined, text);
    }
  });
});
