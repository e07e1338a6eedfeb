import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations, messages } from '../helpers/lint-fixture.js';

const RULE = 'image-digest-pinned';
const fixture = (name: string) => lintFixture(`rules/${RULE}/${name}`);

test('image-digest-pinned: `latest` without a digest reports the tag and the missing digest', () => {
  const result = fixture('fail-latest');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:2:63', 'hosts/web-arm/configuration.nix:2:93']);
  assert.match(messages(result, RULE).join('\n'), /tag `latest` floats/);
});

test('image-digest-pinned: a floating tag bound in a let is reported at the binding, with the use site related', () => {
  const result = fixture('fail-let-floating-tag');
  const [finding] = result.findings.filter((f) => f.ruleId === RULE);
  assert.deepEqual([finding.line, finding.column, finding.endLine, finding.endColumn], [3, 10, 3, 14]);
  assert.deepEqual(finding.related?.map((r) => `${r.line}:${r.column}`), ['9:15']);
  assert.match(finding.message, /`1\.25` floats to the newest patch release/);
});

test('image-digest-pinned: a -next tag and a short digest are each reported at their characters', () => {
  const result = fixture('fail-next-and-short-digest');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:3:46', 'hosts/web-arm/configuration.nix:3:58']);
  assert.match(messages(result, RULE)[0], /pre-release/);
});

test('image-digest-pinned: mkForce in a second module through mkMerge wins and is reported there', () => {
  assert.deepEqual(locations(fixture('fail-second-module-mkforce'), RULE), ['hosts/web-arm/override.nix:4:38', 'hosts/web-arm/override.nix:4:68']);
});

test('image-digest-pinned: a pinned image built by interpolation from a let attrset passes', () => {
  assert.deepEqual(locations(fixture('pass-let-interpolation'), RULE), []);
});

test('image-digest-pinned: imageFile = dockerTools.pullImage { imageDigest } counts as pinned', () => {
  assert.deepEqual(locations(fixture('pass-pull-image'), RULE), []);
});

test('image-digest-pinned: a tag from an unmodelled package is cannot-verify, not a pass or a violation', () => {
  const result = fixture('unknown-tag');
  assert.deepEqual(locations(result, RULE), []);
  assert.deepEqual(locations(result, 'cannot-verify'), ['hosts/web-arm/configuration.nix:3:95']);
  assert.match(messages(result, 'cannot-verify')[0], /image-digest-pinned cannot verify the image tag and digest: pkgs\.powersync/);
});
