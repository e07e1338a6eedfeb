import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDirective } from '../../src/engine/suppression-directives.js';
import { lintFixture } from '../helpers/lint-fixture.js';
import { defaultPolicy } from '../../src/engine/policy.js';
import type { LintResult } from '../../src/engine/lint.js';

const KNOWN = ['no-pull-newer', 'port-loopback-only', 'dsn-direct-endpoint'];
const at = (result: LintResult, list: 'findings' | 'suppressed', ruleId: string) =>
  result[list].filter((f) => f.ruleId === ruleId).map((f) => `${f.file}:${f.line}:${f.column}`);

describe('parseDirective', () => {
  it('reads the kind, the rules with their offsets, and the reason', () => {
    const comment = '# powersync-lint-disable-next-line no-pull-newer, port-loopback-only -- staging host';
    assert.deepEqual(parseDirective(comment, KNOWN), {
      kind: 'next-line',
      rules: [
        { id: 'no-pull-newer', start: 35, end: 48 },
        { id: 'port-loopback-only', start: 50, end: 68 },
      ],
      reason: 'staging host',
      problems: [],
    });
    assert.equal(parseDirective('#powersync-lint-disable-file no-pull-newer -- why', KNOWN)?.kind, 'file');
  });

  it('ignores comments that are not directives', () => {
    assert.equal(parseDirective('# see powersync-lint-disable-next-line in the docs', KNOWN), undefined);
    assert.equal(parseDirective('# an ordinary comment', KNOWN), undefined);
  });

  it('reports a missing reason, an unknown rule, a wrong word, no rule, and the stage rules', () => {
    const problems = (comment: string) => parseDirective(comment, KNOWN)!.problems.map((p) => p.message);
    assert.match(problems('# powersync-lint-disable-next-line no-pull-newer')[0], /needs a reason after " -- "/);
    assert.match(problems('# powersync-lint-disable-next-line no-pull-newer --')[0], /needs a reason/);
    assert.match(problems('# powersync-lint-disable-next-line no-pull-newr -- why')[0], /unknown rule "no-pull-newr" \(did you mean "no-pull-newer"\?\)/);
    assert.match(problems('# powersync-lint-disable-nextline no-pull-newer -- why')[0], /unknown directive .*did you mean "powersync-lint-disable-next-line"/);
    assert.match(problems('# powersync-lint-disable-line no-pull-newer -- why')[0], /on the line above/);
    assert.match(problems('# powersync-lint-disable-next-line -- why')[0], /names no rule/);
    assert.match(problems('# powersync-lint-disable-next-line no-pull-newer because -- why')[0], /"no-pull-newer because" is not a rule id/);
    assert.match(problems('# powersync-lint-disable-next-line unused-suppression -- why')[0], /cannot be suppressed in source/);
    assert.deepEqual(problems('# powersync-lint-disable-next-line no-pull-newer -- why'), []);
  });
});

describe('suppressions in a lint', () => {
  it('a Nix comment covers the next line; above a binding, the whole binding (an nginx string included)', () => {
    const result = lintFixture('suppressions/scopes');
    assert.deepEqual(at(result, 'suppressed', 'no-pull-newer'), ['hosts/web-arm/configuration.nix:19:12']);
    // The other no-pull-newer finding, further down, is reported: a directive silences exactly its finding.
    assert.deepEqual(at(result, 'findings', 'no-pull-newer'), ['hosts/web-arm/configuration.nix:24:7']);
    assert.deepEqual(at(result, 'suppressed', 'vhost-proxy-timeouts'), ['hosts/web-arm/nginx.nix:6:26', 'hosts/web-arm/nginx.nix:7:26']);
    assert.deepEqual(at(result, 'findings', 'vhost-proxy-timeouts'), []);
  });

  it('a comment inside YAML in a Nix string covers the list entry below it, located in the .nix file', () => {
    const result = lintFixture('suppressions/scopes');
    assert.deepEqual(at(result, 'suppressed', 'dsn-direct-endpoint'), ['hosts/web-arm/configuration.nix:8:38', 'hosts/web-arm/configuration.nix:8:77']);
    assert.deepEqual(at(result, 'findings', 'dsn-direct-endpoint'), []);
    assert.deepEqual(result.findings.filter((f) => f.ruleId.endsWith('-suppression')), []);
  });

  it('a suppressed finding carries the reason and where the directive is', () => {
    const [finding] = lintFixture('suppressions/scopes').suppressed.filter((f) => f.ruleId === 'no-pull-newer');
    assert.deepEqual(finding.suppression, {
      kind: 'inSource',
      justification: 'staging host follows the moving tag',
      file: 'hosts/web-arm/configuration.nix',
      line: 18,
      column: 5,
    });
  });

  it('in a YAML file, a comment above "- key:" covers that entry and not the next one', () => {
    const result = lintFixture('suppressions/yaml-file');
    assert.deepEqual(at(result, 'suppressed', 'dsn-no-replication-param'), ['hosts/web-arm/powersync.yaml:5:12']);
    assert.deepEqual(at(result, 'findings', 'dsn-no-replication-param'), ['hosts/web-arm/powersync.yaml:7:12']);
  });

  it('disable-file covers the whole file', () => {
    const result = lintFixture('rules/unused-suppression/pass-every-directive-used');
    assert.deepEqual(at(result, 'suppressed', 'dsn-no-replication-param'), ['hosts/web-arm/powersync.yaml:6:12']);
    assert.deepEqual(at(result, 'findings', 'unused-suppression'), []);
  });

  it('suppressions.allowed: false makes every directive an error and silences nothing', () => {
    const result = lintFixture('suppressions/scopes', { suppressions: { allowed: false, unsuppressible: [] } });
    assert.deepEqual(result.suppressed, []);
    assert.deepEqual(at(result, 'findings', 'invalid-suppression'), [
      'hosts/web-arm/configuration.nix:6:9',
      'hosts/web-arm/configuration.nix:18:5',
      'hosts/web-arm/nginx.nix:4:5',
    ]);
    assert.match(result.findings.find((f) => f.ruleId === 'invalid-suppression')!.message, /suppressions\.allowed: false/);
    assert.deepEqual(at(result, 'findings', 'no-pull-newer'), ['hosts/web-arm/configuration.nix:19:12', 'hosts/web-arm/configuration.nix:24:7']);
  });

  it('an unsuppressible rule makes its directive an error at the rule name; other directives still work', () => {
    const result = lintFixture('suppressions/scopes', { suppressions: { allowed: true, unsuppressible: ['no-pull-newer'] } });
    assert.deepEqual(at(result, 'findings', 'invalid-suppression'), ['hosts/web-arm/configuration.nix:18:40']);
    assert.match(result.findings.find((f) => f.ruleId === 'invalid-suppression')!.message, /no-pull-newer cannot be suppressed: the policy lists it under suppressions\.unsuppressible/);
    assert.deepEqual(at(result, 'findings', 'no-pull-newer').length, 2);
    assert.equal(at(result, 'suppressed', 'vhost-proxy-timeouts').length, 2);
  });

  it('the policy severity of the stage rules applies, and off turns them off', () => {
    const warn = lintFixture('rules/invalid-suppression/fail-directives', { rules: { 'invalid-suppression': 'warning' } });
    assert.ok(warn.findings.filter((f) => f.ruleId === 'invalid-suppression').every((f) => f.severity === 'warning'));
    const off = lintFixture('rules/unused-suppression/fail-nothing-to-silence', { rules: { 'unused-suppression': 'off' } });
    assert.deepEqual(at(off, 'findings', 'unused-suppression'), []);
  });

  it('a directive for a rule the policy turned off is unused', () => {
    const result = lintFixture('suppressions/scopes', { ...defaultPolicy(), rules: { 'no-pull-newer': 'off' } });
    assert.deepEqual(at(result, 'findings', 'unused-suppression'), ['hosts/web-arm/configuration.nix:18:40']);
  });
});
