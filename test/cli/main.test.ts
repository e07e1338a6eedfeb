import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { capturedContext } from './captured-context.js';

describe('main: dispatch and exit codes, in-process', () => {
  it('prints help that lists the commands and the exit codes', async () => {
    const context = capturedContext();
    assert.equal(await main(['--help'], context), 0);
    assert.match(context.out(), /^Usage:$/m);
    assert.match(context.out(), /^  explain RULE +print a rule's documentation/m);
    assert.match(context.out(), /^  2  usage or configuration error/m);
    assert.equal(context.err(), '');
  });

  it('prints the package version', async () => {
    const context = capturedContext();
    assert.equal(await main(['--version'], context), 0);
    assert.match(context.out(), /^\d+\.\d+\.\d+\S*\n$/);
  });

  it('exits 2 on an unknown option, with the message on stderr only', async () => {
    const context = capturedContext();
    assert.equal(await main(['--bogus'], context), 2);
    assert.equal(context.out(), '');
    assert.match(context.err(), /^powersync-lint: unknown option --bogus\n/);
  });

  it('exits 2 on an unknown command, suggesting the nearest one', async () => {
    const context = capturedContext({ cwd: mkdtempSync(path.join(tmpdir(), 'powersync-lint-main-')) });
    assert.equal(await main(['rulez'], context), 2);
    assert.match(context.err(), /^powersync-lint: unknown command "rulez" \(did you mean "rules"\?\)\n/);
  });

  it('exits 2 when ROOT cannot be read', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'powersync-lint-main-'));
    writeFileSync(path.join(cwd, 'file.txt'), '');
    for (const root of ['./missing', 'file.txt']) {
      const context = capturedContext({ cwd });
      assert.equal(await main([root], context), 2, root);
      assert.match(context.err(), /^powersync-lint: (cannot read ROOT|ROOT .* is not a directory)/);
    }
  });

  it('exits 2 on a bad policy file, each problem on its own line', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'powersync-lint-main-'));
    writeFileSync(path.join(cwd, '.powersync-lint.yaml'), 'listen:\n  adress: 127.0.0.1\n');
    const context = capturedContext({ cwd });
    assert.equal(await main([], context), 2);
    assert.equal(context.err(), '.powersync-lint.yaml:2:3: unknown key "listen.adress" (did you mean "address"?)\n');
  });

  it('turns a bug into exit 3 with a short report, and a stack only on request', async () => {
    const failing = { write: () => { throw new Error('disk on fire'); } };
    const quiet = capturedContext({ stdout: failing });
    assert.equal(await main(['--help'], quiet), 3);
    assert.match(quiet.err(), /^powersync-lint: internal error: disk on fire \(please report this bug/);
    assert.doesNotMatch(quiet.err(), /\n\s+at /);

    const debug = capturedContext({ stdout: failing, env: { POWERSYNC_LINT_DEBUG: '1' } });
    assert.equal(await main(['--help'], debug), 3);
    assert.match(debug.err(), /\n\s+at /);
  });
});
