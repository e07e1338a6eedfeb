import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { PG_BLOCK_BYTES, parsePgMemory } from '../../src/powersync/units.js';

const MB = 1024 * 1024;

describe('parsePgMemory', () => {
  it('reads each 1024-based unit', () => {
    assert.equal(parsePgMemory('8192B'), 8192);
    assert.equal(parsePgMemory('64kB'), 65_536);
    assert.equal(parsePgMemory('512MB'), 512 * MB);
    assert.equal(parsePgMemory('2GB'), 2048 * MB);
    assert.equal(parsePgMemory('1TB'), 1024 * 1024 * MB);
  });

  it('counts a bare number in 8 kB pages for shared_buffers', () => {
    assert.equal(parsePgMemory('65536'), 512 * MB);
    assert.equal(parsePgMemory(65536), 512 * MB);
    assert.equal(parsePgMemory(16384), 128 * MB);
  });

  it('counts a bare number in the base unit it is given', () => {
    assert.equal(parsePgMemory('4096', 1024), 4 * MB);
    assert.equal(parsePgMemory(4096, 1024), 4 * MB);
  });

  it('accepts spaces and fractions, rounding to whole base units as PostgreSQL does', () => {
    assert.equal(parsePgMemory(' 512 MB '), 512 * MB);
    assert.equal(parsePgMemory('0.5GB'), 512 * MB);
    assert.equal(parsePgMemory('1e3kB'), 1_000 * 1024);
    assert.equal(parsePgMemory('12kB'), 2 * PG_BLOCK_BYTES);
    assert.equal(parsePgMemory('4kB'), 0);
    assert.equal(parsePgMemory('12kB', 1024), 12 * 1024);
  });

  it('rejects lower-case or unknown units, as PostgreSQL does', () => {
    for (const text of ['512mb', '512Mb', '512M', '1KB', '1 kb', '1PB', '1 constructor']) assert.equal(parsePgMemory(text), undefined, text);
  });

  it('rejects what is not a non-negative size', () => {
    for (const value of ['', 'MB', '-1MB', '1.2.3MB', '512 MB MB', '0512MB', '0x10', Number.NaN, -1, Infinity]) {
      assert.equal(parsePgMemory(value), undefined, String(value));
    }
  });
});
