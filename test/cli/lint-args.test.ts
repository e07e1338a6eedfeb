import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseLintArgs } from '../../src/cli/lint-args.js';
import { UsageError } from '../../src/engine/errors.js';

function usageErrorOf(args: string[]): string {
  try {
    parseLintArgs(args);
  } catch (error) {
    assert.ok(error instanceof UsageError, `expected a UsageError, got ${error}`);
    return error.message;
  }
  assert.fail(`expected ${args.join(' ')} to be rejected`);
}

describe('parseLintArgs', () => {
  it('defaults to the current directory, stylish, no warning limit, colour left to the terminal', () => {
    assert.deepEqual(parseLintArgs([]), {
      help: false,
      version: false,
      root: '.',
      host: undefined,
      entry: undefined,
      config: undefined,
      format: 'stylish',
      output: undefined,
      maxWarnings: undefined,
      quiet: false,
      fix: false,
      staged: false,
      cache: true,
      color: undefined,
    });
  });

  it('reads every option, long and short', () => {
    const invocation = parseLintArgs(['repo', '--host', 'web-arm', '--entry', 'e.nix', '-c', 'p.yaml', '-f', 'json', '-o', 'out.json', '--max-warnings', '0', '--quiet']);
    assert.equal(invocation.root, 'repo');
    assert.equal(invocation.host, 'web-arm');
    assert.equal(invocation.entry, 'e.nix');
    assert.equal(invocation.config, 'p.yaml');
    assert.equal(invocation.format, 'json');
    assert.equal(invocation.output, 'out.json');
    assert.equal(parseLintArgs(['--staged']).staged, true);
    assert.equal(parseLintArgs(['--no-cache']).cache, false);
    assert.equal(invocation.maxWarnings, 0);
    assert.equal(invocation.quiet, true);
  });

  it('takes the last of --color and --no-color', () => {
    assert.equal(parseLintArgs(['--color']).color, true);
    assert.equal(parseLintArgs(['--no-color']).color, false);
    assert.equal(parseLintArgs(['--no-color', '--color']).color, true);
    assert.equal(parseLintArgs(['--color', '--no-color']).color, false);
  });

  it('answers --help and --version even when the rest is wrong', () => {
    assert.equal(parseLintArgs(['--help', '--format', 'xml']).help, true);
    assert.equal(parseLintArgs(['-v', 'a', 'b']).version, true);
  });

  it('rejects an unknown option with a suggestion and a pointer to --help', () => {
    assert.equal(usageErrorOf(['--formt', 'json']), 'unknown option --formt (did you mean "--format"?)\nRun "powersync-lint --help" for usage.');
    assert.match(usageErrorOf(['-x']), /^unknown option -x\n/);
  });

  it('rejects a missing or unwanted option value', () => {
    assert.match(usageErrorOf(['--host']), /^option --host needs a value\n/);
    assert.match(usageErrorOf(['--quiet=yes']), /^option --quiet takes no value\n/);
    assert.match(usageErrorOf(['--output', '-q']), /^option --output needs a value \(write --output=VALUE/);
  });

  it('rejects an unknown format, naming the formats', () => {
    assert.equal(usageErrorOf(['--format', 'jsno']), 'unknown format "jsno" (did you mean "json"?); formats: stylish, json, sarif, github, junit');
  });

  it('rejects a --max-warnings that is not a whole number', () => {
    for (const value of ['-1', 'x', '1.5', '']) assert.match(usageErrorOf([`--max-warnings=${value}`]), /^--max-warnings needs a whole number/);
  });

  it('rejects more than one ROOT', () => {
    assert.equal(usageErrorOf(['a', 'b']), 'expected at most one ROOT directory, got 2: a b');
  });
});

describe('parseLintArgs --fix', () => {
  it('turns fixing on', () => {
    assert.equal(parseLintArgs(['--fix', 'root']).fix, true);
    assert.equal(parseLintArgs(['root']).fix, false);
  });
});
