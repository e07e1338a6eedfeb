import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, UsageError } from '../../src/engine/errors.js';
import { loadPolicy, parsePolicy } from '../../src/engine/policy-file.js';
import { defaultPolicy } from '../../src/engine/policy.js';

const FILE = '.powersync-lint.yaml';
const RULES = ['image-digest-pinned', 'no-pull-newer', 'port-loopback-only'];

function problemsOf(text: string): string[] {
  try {
    parsePolicy(text, FILE, RULES);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${error}`);
    return error.message.split('\n');
  }
  assert.fail('expected the policy to be rejected');
}

describe('parsePolicy: defaults and merging', () => {
  it('keeps every default for an empty file or one with only comments', () => {
    assert.deepEqual(parsePolicy('', FILE, RULES), defaultPolicy());
    assert.deepEqual(parsePolicy('# nothing to change\n', FILE, RULES), defaultPolicy());
  });

  it('merges nested sections key by key and replaces lists', () => {
    const policy = parsePolicy(
      ['host: db-arm', 'listen: { port: 9000 }', 'secrets: [ a, b ]', 'rules:', '  no-pull-newer: warning', 'suppressions: { allowed: false }'].join('\n'),
      FILE,
      RULES,
    );
    const defaults = defaultPolicy();
    assert.equal(policy.host, 'db-arm');
    assert.deepEqual(policy.listen, { address: defaults.listen.address, port: 9000 });
    assert.deepEqual(policy.secrets, ['a', 'b']);
    assert.deepEqual(policy.rules, { 'no-pull-newer': 'warning' });
    assert.deepEqual(policy.suppressions, { allowed: false, unsuppressible: [] });
    assert.deepEqual(policy.network, defaults.network);
    assert.equal(policy.domain, defaults.domain);
  });

  it('reads bare numbers as nginx and PostgreSQL do, kept as strings for the rules', () => {
    const policy = parsePolicy('proxyTimeout: 7200\nsharedBuffersMin: 65536\n', FILE, RULES);
    assert.equal(policy.proxyTimeout, '7200');
    assert.equal(policy.sharedBuffersMin, '65536');
  });

  it('accepts the durations and sizes the rules can parse', () => {
    const policy = parsePolicy('proxyTimeout: 1h 30m\nsharedBuffersMin: 1GB\n', FILE, RULES);
    assert.equal(policy.proxyTimeout, '1h 30m');
    assert.equal(policy.sharedBuffersMin, '1GB');
  });
});

describe('parsePolicy: problems, each at its place in the file', () => {
  it('names an unknown nested key by its path, with a suggestion', () => {
    assert.deepEqual(problemsOf('listen:\n  adress: 127.0.0.1\n'), [
      '.powersync-lint.yaml:2:3: unknown key "listen.adress" (did you mean "address"?)',
    ]);
  });

  it('reports an unknown top-level key', () => {
    assert.deepEqual(problemsOf('hots: web-arm\n'), ['.powersync-lint.yaml:1:1: unknown key "hots" (did you mean "host"?)']);
  });

  it('rejects a severity outside error | warning | off', () => {
    assert.deepEqual(problemsOf('rules:\n  no-pull-newer: warn\n'), [
      '.powersync-lint.yaml:2:18: rules.no-pull-newer: must be one of error, warning, off (got "warn"; did you mean "warning"?)',
    ]);
  });

  it('rejects rule ids the registry does not know, in rules and unsuppressible', () => {
    assert.deepEqual(problemsOf('rules:\n  image-digest-pined: off\nsuppressions:\n  unsuppressible: [ no-pull-newr ]\n'), [
      '.powersync-lint.yaml:2:3: unknown rule "image-digest-pined" (did you mean "image-digest-pinned"?)',
      '.powersync-lint.yaml:4:21: unknown rule "no-pull-newr" (did you mean "no-pull-newer"?)',
    ]);
  });

  it('checks types and ranges, saying what is expected', () => {
    assert.deepEqual(problemsOf('listen: { port: 70000 }\nsecrets: reptide\n'), [
      '.powersync-lint.yaml:1:17: listen.port: must be a port number from 1 to 65535 (got 70000)',
      '.powersync-lint.yaml:2:10: secrets: must be a list (got "reptide")',
    ]);
  });

  it('rejects a duration nginx would reject and a size PostgreSQL would not read', () => {
    const problems = problemsOf('proxyTimeout: 1s 1h\nsharedBuffersMin: 512mb\n');
    assert.equal(problems.length, 2);
    assert.match(problems[0], /^\.powersync-lint\.yaml:1:15: proxyTimeout: nginx would reject "1s 1h"/);
    assert.match(problems[1], /^\.powersync-lint\.yaml:2:19: sharedBuffersMin: PostgreSQL would not read "512mb"/);
  });

  it('reports every problem at once, in file order', () => {
    const problems = problemsOf('rules: { nope: off }\nlisten: { port: "8080" }\ncontainr: powersync\n');
    assert.deepEqual(
      problems.map((line) => line.split(': ')[0]),
      ['.powersync-lint.yaml:1:10', '.powersync-lint.yaml:2:17', '.powersync-lint.yaml:3:1'],
    );
  });

  it('wants a mapping at the top', () => {
    assert.deepEqual(problemsOf('- host\n'), ['.powersync-lint.yaml:1:1: the policy: must be a mapping (got a list)']);
  });

  it('reports YAML syntax errors and duplicate keys at their line', () => {
    assert.match(problemsOf('listen: { port: 8080\n')[0], /^\.powersync-lint\.yaml:\d+:\d+: invalid YAML: /);
    assert.match(problemsOf('host: a\nhost: b\n')[0], /^\.powersync-lint\.yaml:2:1: invalid YAML: .*unique/);
  });

  it('refuses a file whose aliases expand without bound, as a problem of the file', () => {
    const lines = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) lines.push(`l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
    assert.match(problemsOf(lines.join('\n'))[0], /^\.powersync-lint\.yaml: invalid YAML: /);
  });

  it('is a usage error, so the CLI exits 2', () => {
    assert.throws(() => parsePolicy('hots: x', FILE, RULES), UsageError);
  });
});

describe('loadPolicy', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'powersync-lint-policy-'));

  it('uses the defaults when ROOT has no policy file', () => {
    assert.deepEqual(loadPolicy({ root, knownRuleIds: RULES }), { policy: defaultPolicy() });
  });

  it('reads ROOT/.powersync-lint.yaml and names it as ROOT was written', () => {
    const repo = path.join(root, 'repo');
    mkdirSync(repo);
    writeFileSync(path.join(repo, FILE), 'host: web-arm\n');
    const loaded = loadPolicy({ root: 'repo', cwd: root, knownRuleIds: RULES });
    assert.equal(loaded.file, path.join('repo', FILE));
    assert.equal(loaded.policy.host, 'web-arm');
  });

  it('requires a --config file to exist and be a file', () => {
    assert.throws(() => loadPolicy({ root, configFile: 'missing.yaml', cwd: root, knownRuleIds: RULES }), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /^cannot read policy file missing\.yaml: /);
      return true;
    });
    assert.throws(() => loadPolicy({ root, configFile: '.', cwd: root, knownRuleIds: RULES }), /cannot read policy file \.: not a file/);
  });

  it('names --config FILE in its problems', () => {
    writeFileSync(path.join(root, 'strict.yaml'), 'rules: { no-pull-newer: fatal }\n');
    assert.throws(
      () => loadPolicy({ root, configFile: 'strict.yaml', cwd: root, knownRuleIds: RULES }),
      (error: unknown) => error instanceof ConfigError && error.message.startsWith('strict.yaml:1:25: rules.no-pull-newer: must be one of'),
    );
  });
});
