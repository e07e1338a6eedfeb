import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations, messages } from '../helpers/lint-fixture.js';

test('nix-parse-error: a missing semicolon is reported where the parser stops; the rest is still analysed', () => {
  const result = lintFixture('rules/nix-parse-error/fail-missing-semicolon');
  assert.deepEqual(locations(result, 'nix-parse-error'), ['hosts/web-arm/configuration.nix:4:27']);
});

test('nix-parse-error: the experimental |> operator is an error', () => {
  assert.deepEqual(locations(lintFixture('rules/nix-parse-error/fail-pipe-operator'), 'nix-parse-error'), ['hosts/web-arm/configuration.nix:4:52']);
});

test('nix-parse-error: a trailing comma in formals (nixfmt style) is valid Nix and not reported', () => {
  assert.deepEqual(locations(lintFixture('rules/nix-parse-error/pass-trailing-comma'), 'nix-parse-error'), []);
});

test('yaml-parse-error: bad indentation in YAML written in a Nix string is located in the .nix file', () => {
  const result = lintFixture('rules/yaml-parse-error/fail-nix-string');
  assert.ok(locations(result, 'yaml-parse-error').length >= 1);
  assert.equal(locations(result, 'yaml-parse-error')[0], 'hosts/web-arm/configuration.nix:6:13');
});

test('yaml-parse-error: a duplicate key in a mounted YAML file is reported at the second key', () => {
  const result = lintFixture('rules/yaml-parse-error/fail-yaml-file');
  assert.deepEqual(locations(result, 'yaml-parse-error'), ['hosts/web-arm/service.yaml:5:1']);
  assert.match(messages(result, 'yaml-parse-error')[0], /key "port" appears twice/);
});

test('yaml-parse-error: a valid service config with !env passes', () => {
  assert.deepEqual(locations(lintFixture('rules/yaml-parse-error/pass-valid'), 'yaml-parse-error'), []);
});

test('cannot-verify: an unmodelled builtin in extraOptions is one finding naming every rule that needed it', () => {
  const result = lintFixture('rules/cannot-verify/fail-unknown-function');
  assert.deepEqual(locations(result, 'cannot-verify'), ['hosts/web-arm/configuration.nix:5:23']);
  assert.match(messages(result, 'cannot-verify')[0], /^no-pull-newer, port-loopback-only and egress-network cannot verify the container `extraOptions`: builtins\.fetchurl is not modelled/);
  assert.equal(result.findings.find((f) => f.ruleId === 'cannot-verify')?.severity, 'warning');
});

test('cannot-verify: a fully static tree has none', () => {
  assert.deepEqual(locations(lintFixture('rules/cannot-verify/pass-static'), 'cannot-verify'), []);
});

test('nix-import: a missing file and a path outside ROOT are reported at the import', () => {
  const result = lintFixture('rules/nix-import/fail-missing-and-outside');
  assert.deepEqual(locations(result, 'nix-import'), ['hosts/web-arm/configuration.nix:3:5', 'hosts/web-arm/configuration.nix:4:5']);
  assert.match(messages(result, 'nix-import')[0], /`hosts\/web-arm\/missing\.nix` cannot be read: no such file/);
});

test('nix-import: a directory import reads default.nix; modulesPath imports are opaque', () => {
  const result = lintFixture('rules/nix-import/pass-directory-import');
  assert.deepEqual(locations(result, 'nix-import'), []);
  assert.deepEqual(locations(result, 'image-digest-pinned'), []);
  assert.equal(result.host, 'web-arm');
});

test('import-cycle: the import closing a cycle is a warning', () => {
  const result = lintFixture('rules/import-cycle/fail-cycle');
  assert.deepEqual(locations(result, 'import-cycle'), ['hosts/web-arm/b.nix:1:15']);
  assert.equal(result.findings.find((f) => f.ruleId === 'import-cycle')?.severity, 'warning');
});

test('import-cycle: two modules sharing an import is not a cycle', () => {
  assert.deepEqual(locations(lintFixture('rules/import-cycle/pass-shared-import'), 'import-cycle'), []);
});
