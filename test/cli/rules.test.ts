import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatRuleTable } from '../../src/cli/rules.js';

describe('rules table', () => {
  it('aligns id, severity and fixable, in registry order', () => {
    const table = formatRuleTable([
      { id: 'image-digest-pinned', defaultSeverity: 'error', fixable: true, summary: 'The image is pinned.' },
      { id: 'cannot-verify', defaultSeverity: 'warning', fixable: false, summary: 'A value is not known.' },
    ]);
    assert.equal(
      table,
      `RULE                 SEVERITY  FIXABLE  CHECKS
image-digest-pinned  error     yes      The image is pinned.
cannot-verify        warning   no       A value is not known.
`,
    );
  });
});
