import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rules } from '../src/engine/registry.js';
import { renderRuleList, withRuleList } from '../scripts/readme-rules.js';
import { REPO } from './helpers/lint-fixture.js';

test('the README rule list matches the registry (npm run docs regenerates it)', () => {
  const readme = readFileSync(`${REPO}README.md`, 'utf8');
  assert.equal(withRuleList(readme), readme);
  for (const rule of rules) assert.ok(renderRuleList().includes(`\`${rule.id}\``));
});

for (const rule of rules) {
  test(`${rule.id} has a doc with examples, a failing fixture and a passing fixture`, () => {
    const doc = `${REPO}docs/rules/${rule.id}.md`;
    assert.ok(existsSync(doc), `missing ${doc}`);
    assert.match(readFileSync(doc, 'utf8'), new RegExp(`^# ${rule.id}\\b`));
    const cases = existsSync(`${REPO}fixtures/rules/${rule.id}`) ? readdirSync(`${REPO}fixtures/rules/${rule.id}`) : [];
    assert.ok(cases.some((c) => c.startsWith('fail-')), `fixtures/rules/${rule.id}/fail-* missing`);
    assert.ok(cases.some((c) => c.startsWith('pass-')) || rule.id === 'cannot-verify', `fixtures/rules/${rule.id}/pass-* missing`);
  });
}

test('rule ids are unique', () => {
  assert.equal(new Set(rules.map((r) => r.id)).size, rules.length);
});
