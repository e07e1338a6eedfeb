import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../src/engine/finding.js';
import { formatJunit } from '../../src/report/junit.js';
import type { ReportRule } from '../../src/report/report-rule.js';

const rule = (id: string, severity: ReportRule['severity']): ReportRule => ({
  id,
  summary: id,
  defaultSeverity: 'error',
  severity,
  fixable: false,
  helpUri: `file:///docs/${id}.md`,
  doc: () => undefined,
});
const finding = (ruleId: string, severity: Finding['severity'], message: string): Finding => ({
  ruleId,
  severity,
  message,
  file: 'hosts/web-arm/configuration.nix',
  line: 4,
  column: 3,
  endLine: 4,
  endColumn: 9,
});

describe('junit report', () => {
  const rules = [rule('no-pull-newer', 'error'), rule('cannot-verify', 'warning'), rule('port-loopback-only', 'error'), rule('liveness-probe', undefined)];
  const xml = formatJunit(
    {
      findings: [finding('no-pull-newer', 'error', 'pull = "newer" <is> & bad'), finding('cannot-verify', 'warning', 'cannot verify x')],
      suppressed: [{ ...finding('port-loopback-only', 'error', 'open port'), suppression: { kind: 'inSource', justification: 'lab host', file: 'x', line: 3, column: 1 } }],
    },
    { host: 'web-arm', durationMs: 1234, rules, displayPath: (file) => file },
  );

  it('one testcase per rule; failures carry the findings; an off rule is skipped', () => {
    assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="powersync-lint" tests="4" failures="2" errors="0" skipped="1" time="1\.234">/);
    assert.equal(xml.match(/<testcase /g)?.length, 4);
    assert.match(xml, /<testcase classname="powersync-lint web-arm" name="no-pull-newer" time="0">\n {6}<failure type="error" message="no-pull-newer: 1 error">hosts\/web-arm\/configuration\.nix:4:3: error: pull = "newer" &lt;is&gt; &amp; bad<\/failure>/);
    assert.match(xml, /<failure type="warning" message="cannot-verify: 1 warning">/);
    assert.match(xml, /name="liveness-probe" time="0">\n {6}<skipped message="off in the policy"\/>/);
  });

  it('a rule whose findings are all suppressed passes, listing them with the reason', () => {
    assert.match(xml, /name="port-loopback-only" time="0">\n {6}<system-out>hosts\/web-arm\/configuration\.nix:4:3: error: open port \[suppressed: lab host\]<\/system-out>/);
  });

  it('is well formed: every tag closes, no raw & or < in text', () => {
    const stack: string[] = [];
    for (const [, closing, name, selfClosing] of xml.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
      if (selfClosing) continue;
      if (closing) assert.equal(stack.pop(), name);
      else stack.push(name);
    }
    assert.deepEqual(stack, []);
    assert.doesNotMatch(xml.replace(/<[^>]*>/g, ''), /&(?!amp;|lt;|gt;|quot;|#\d+;)|</);
  });
});
