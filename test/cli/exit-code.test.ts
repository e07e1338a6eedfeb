import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExitCode, lintExitCode } from '../../src/cli/exit-code.js';

describe('lintExitCode', () => {
  const cases: [errors: number, warnings: number, maxWarnings: number | undefined, expected: number][] = [
    [0, 0, undefined, ExitCode.ok],
    [0, 5, undefined, ExitCode.ok],
    [1, 0, undefined, ExitCode.findings],
    [1, 0, 10, ExitCode.findings],
    [0, 2, 2, ExitCode.ok],
    [0, 3, 2, ExitCode.findings],
    [0, 1, 0, ExitCode.findings],
    [0, 0, 0, ExitCode.ok],
  ];
  for (const [errors, warnings, maxWarnings, expected] of cases) {
    it(`${errors} errors, ${warnings} warnings, --max-warnings ${maxWarnings ?? 'unset'} → ${expected}`, () => {
      assert.equal(lintExitCode({ errors, warnings }, maxWarnings), expected);
    });
  }

  it('keeps the codes of SPEC section 2', () => {
    assert.deepEqual(ExitCode, { ok: 0, findings: 1, usage: 2, internal: 3 });
  });
});
