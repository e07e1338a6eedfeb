import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../src/engine/finding.js';
import { formatJson, toJsonReport } from '../../src/report/json.js';

const error: Finding = {
  ruleId: 'image-digest-pinned',
  severity: 'error',
  message: 'Pin the image to a release tag and its digest.',
  file: 'hosts/web-arm/powersync.nix',
  line: 4,
  column: 13,
  endLine: 4,
  endColumn: 50,
  related: [{ file: 'hosts/web-arm/configuration.nix', line: 3, column: 5, message: 'imported here' }],
};
const warning: Finding = { ...error, ruleId: 'cannot-verify', severity: 'warning', message: 'Cannot verify.', related: undefined };

const input = { root: '/repo', host: 'web-arm', findings: [error, warning], suppressed: [], files: 7 };

describe('json report', () => {
  it('has exactly the keys of SPEC section 3, in order', () => {
    const report = JSON.parse(formatJson(input, 12.4));
    assert.deepEqual(Object.keys(report), ['version', 'root', 'host', 'findings', 'suppressed', 'summary']);
    assert.deepEqual(report.summary, { errors: 1, warnings: 1, files: 7, durationMs: 12 });
    assert.equal(report.version, 1);
    assert.deepEqual(report.suppressed, []);
  });

  it('prints findings with their documented keys only', () => {
    const internal = { ...error, evaluatorNote: 'not for output' } as Finding;
    const [finding] = toJsonReport({ ...input, findings: [internal] }, 0).findings;
    assert.deepEqual(Object.keys(finding), ['ruleId', 'severity', 'message', 'file', 'line', 'column', 'endLine', 'endColumn', 'related']);
    assert.deepEqual(finding.related, error.related);
  });

  it('keeps a fix and leaves out empty or missing optional keys', () => {
    const fix = { description: 'pin', edits: [{ file: error.file, startIndex: 10, endIndex: 20, text: '"x"' }] };
    const [fixed, bare] = toJsonReport({ ...input, findings: [{ ...error, related: [], fix }, warning] }, 0).findings;
    assert.deepEqual(fixed.fix, fix);
    assert.equal('related' in fixed, false);
    assert.deepEqual(Object.keys(bare), ['ruleId', 'severity', 'message', 'file', 'line', 'column', 'endLine', 'endColumn']);
  });

  it('lists a suppressed finding with the reason and place of its directive', () => {
    const suppression = { kind: 'inSource' as const, justification: 'staging host', file: error.file, line: 3, column: 5 };
    const report = toJsonReport({ ...input, findings: [warning], suppressed: [{ ...error, related: undefined, suppression }] }, 0);
    assert.deepEqual(report.suppressed, [{ ruleId: error.ruleId, severity: 'error', message: error.message, file: error.file, line: 4, column: 13, endLine: 4, endColumn: 50, suppression }]);
    assert.deepEqual(report.summary, { errors: 0, warnings: 1, files: 7, durationMs: 0 });
  });

  it('is one JSON document on one line', () => {
    const text = formatJson(input, 0);
    assert.equal(text.indexOf('\n'), text.length - 1);
  });
});
