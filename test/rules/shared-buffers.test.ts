import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations, messages } from '../helpers/lint-fixture.js';
import { lineOf, textAfterFix, unverified } from '../helpers/apply-fix.js';
import { ruleById } from '../../src/engine/registry.js';

const RULE = 'shared-buffers';
const dir = (name: string) => `rules/${RULE}/${name}`;
const finding = (name: string) => lintFixture(dir(name)).findings.find((f) => f.ruleId === RULE);

test('shared-buffers: "256MB" is below 512MB; the fix rewrites the text inside the quotes', () => {
  const result = lintFixture(dir('fail-low-string'));
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:4:22']);
  assert.equal(lineOf(textAfterFix(dir('fail-low-string'), finding('fail-low-string')), 4), '    shared_buffers = "512MB";');
  assert.equal(ruleById(RULE)?.fixable, true);
});

test('shared-buffers: a bare number counts 8 kB pages; a let-bound 16384 from a second module beats a mkDefault "1GB"', () => {
  const result = lintFixture(dir('fail-pages-second-module'));
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/postgresql.nix:3:13']);
  assert.match(messages(result, RULE)[0], /8 kB pages: 128MB/);
  assert.equal(lineOf(textAfterFix(dir('fail-pages-second-module'), finding('fail-pages-second-module')), 3), '  buffers = "512MB";');
});

test("shared-buffers: not set means PostgreSQL's 128MB; reported at the settings, without a fix", () => {
  const result = lintFixture(dir('fail-unset'));
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:5:5']);
  assert.match(messages(result, RULE)[0], /default 128MB/);
  assert.equal(finding('fail-unset')?.fix, undefined);
});

test('shared-buffers: units are case-sensitive ("1gb" makes PostgreSQL refuse to start)', () => {
  const result = lintFixture(dir('fail-invalid-unit'));
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:3:49']);
  assert.match(messages(result, RULE)[0], /not a PostgreSQL memory size/);
});

test('shared-buffers: 65536 pages (512MB) and an interpolated "1GB" under mkIf in a mkMerge pass', () => {
  for (const name of ['pass-bare-pages', 'pass-units-and-pages']) {
    const result = lintFixture(dir(name));
    assert.deepEqual(locations(result, RULE), [], name);
    assert.deepEqual(unverified(result, RULE), [], name);
  }
});

test('shared-buffers: the minimum comes from the policy', () => {
  assert.deepEqual(locations(lintFixture(dir('pass-bare-pages'), { sharedBuffersMin: '1GB' }), RULE), ['hosts/web-arm/configuration.nix:3:49']);
});
