import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFixture, locations } from '../helpers/lint-fixture.js';

const RULE = 'port-loopback-only';
const fixture = (name: string) => lintFixture(`rules/${RULE}/${name}`);

test('port-loopback-only: unbound, 0.0.0.0 and container-only ports are reported; a let-bound one at its binding', () => {
  const result = fixture('fail-ports');
  assert.deepEqual(locations(result, RULE), ['hosts/web-arm/configuration.nix:3:13', 'hosts/web-arm/configuration.nix:10:7', 'hosts/web-arm/configuration.nix:11:7']);
  const first = result.findings.find((f) => f.ruleId === RULE)!;
  assert.deepEqual(first.related?.map((r) => `${r.line}:${r.column}`), ['9:7']);
  assert.match(first.message, /"127\.0\.0\.1:8080:8080"/);
});

test('port-loopback-only: -p, --publish, -P and --net=host in extraOptions are reported', () => {
  assert.deepEqual(locations(fixture('fail-extra-options'), RULE), [
    'hosts/web-arm/configuration.nix:4:22',
    'hosts/web-arm/configuration.nix:4:39',
    'hosts/web-arm/configuration.nix:4:71',
    'hosts/web-arm/configuration.nix:4:76',
  ]);
});

test('port-loopback-only: networks = [ "host" ] under an mkIf that holds is reported', () => {
  assert.deepEqual(locations(fixture('fail-networks-host'), RULE), ['hosts/web-arm/configuration.nix:5:18']);
});

test('port-loopback-only: 127.0.0.1 and [::1] pass; another container on the host network is not its business', () => {
  assert.deepEqual(locations(fixture('pass-loopback'), RULE), []);
});
