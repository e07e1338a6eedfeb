import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations, messages } from '../helpers/lint-fixture.js';

const RULE = 'update-helper';
const fixture = (name: string) => lintFixture(`rules/${RULE}/${name}`);

test('update-helper: a missing helper is reported at the image it should keep current', () => {
  const result = fixture('fail-missing');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:2:62']);
  assert.match(messages(result, RULE)[0], /utils\/pkgs\/powersync-service\/update\.sh cannot be read/);
});

test('update-helper: a helper that is not executable and rewrites a module the host no longer uses (pin only in a comment)', () => {
  const result = fixture('fail-not-executable-stale');
  assert.deepEqual(locations(result, RULE), ['utils/pkgs/powersync-service/update.sh:1:1', 'utils/pkgs/powersync-service/update.sh:1:1']);
  assert.match(messages(result, RULE)[0], /is not executable/);
  assert.match(messages(result, RULE)[1], /neither runs `powersync-lint pin` nor names modules\/powersync\.nix/);
  assert.deepEqual(result.findings.filter((f) => f.ruleId === RULE)[1].related?.map((r) => `${r.file}:${r.line}:${r.column}`), ['modules/powersync.nix:2:62']);
});

test('update-helper: a helper naming the file where the tag and digest are written (imported by a let binding) passes', () => {
  assert.deepEqual(locations(fixture('pass-names-module'), RULE), []);
});

test('update-helper: `npx powersync-lint --no-color pin` at the policy path passes', () => {
  const result = lintFixture(`rules/${RULE}/pass-npx-pin`, { updateHelper: 'scripts/update-powersync' });
  assert.deepEqual(locations(result, RULE), []);
});
