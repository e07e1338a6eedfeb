import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations, messages } from '../helpers/lint-fixture.js';
import { lineOf, textAfterFix, unverified } from '../helpers/apply-fix.js';

const RULE = 'mounts-read-only';
const dir = (name: string) => `rules/${RULE}/${name}`;
const findings = (name: string) => lintFixture(dir(name)).findings.filter((f) => f.ruleId === RULE);

test('mounts-read-only: a writable service config volume and a let-bound sync rules volume; other volumes are not its business', () => {
  const result = lintFixture(dir('fail-writable'));
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:9:17', 'hosts/web-arm/configuration.nix:16:7']);
  const [rules] = result.findings.filter((f) => f.ruleId === RULE);
  assert.deepEqual(rules.related?.map((r) => `${r.line}:${r.column}`), ['17:7']);
  assert.match(messages(result, RULE)[0], /sync rules \(\/config\/rules\/sync-rules\.yaml\)/);
  assert.match(messages(result, RULE)[1], /service config \(\/config\/service\.yaml\)/);
});

test('mounts-read-only: the fix appends `,ro` to an option list and `:ro` to a bare mount, on the literal', () => {
  const [rules, config] = findings('fail-writable');
  assert.equal(lineOf(textAfterFix(dir('fail-writable'), rules), 9), '  rulesVolume = "${./sync-rules.yaml}:/config/rules/sync-rules.yaml:Z,ro";');
  assert.equal(lineOf(textAfterFix(dir('fail-writable'), config), 16), '      "${serviceConfig}:/config/service.yaml:ro"');
});

test('mounts-read-only: a `:rw` directory mount from a second module (mkAfter) carrying both files is one finding; the fix turns rw into ro', () => {
  const result = lintFixture(dir('fail-rw-directory-second-module'));
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/volumes.nix:4:5']);
  assert.match(messages(result, RULE)[0], /service config .* and the sync rules .*\(`rw`\)/);
  const [finding] = result.findings.filter((f) => f.ruleId === RULE);
  assert.equal(lineOf(textAfterFix(dir('fail-rw-directory-second-module'), finding), 4), '    "${./powersync}:/config:ro"');
});

test('mounts-read-only: `ro` in an option list (`ro,Z`, `Z,ro`) passes, with a formats.yaml config and the sync_rules alias', () => {
  const result = lintFixture(dir('pass-option-lists'));
  assert.deepEqual(locations(result, RULE), []);
  assert.deepEqual(unverified(result, RULE), []);
});
