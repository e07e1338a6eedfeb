import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { renderMarkdown } from '../../src/report/markdown-terminal.js';
import { REPO } from '../helpers/lint-fixture.js';
import { capturedContext } from './captured-context.js';

describe('explain', () => {
  const doc = readFileSync(`${REPO}docs/rules/no-pull-newer.md`, 'utf8');

  it('renders the page for a terminal: styled headings and code, fences dropped, examples indented', async () => {
    const context = capturedContext({ stdoutIsTTY: true, env: { TERM: 'xterm' } });
    assert.equal(await main(['explain', 'no-pull-newer'], context), 0);
    const out = context.out();
    assert.match(out, /\u001b\[1m\u001b\[4mno-pull-newer\u001b\[24m\u001b\[22m/);
    assert.doesNotMatch(out, /```/);
    assert.doesNotMatch(out, /^## /m);
    const plain = out.replace(/\u001b\[[0-9;]*m/g, '');
    assert.match(plain, /^Failing example$/m);
    assert.match(plain, /^ {4}\{\n {6}virtualisation\.oci-containers/m);
    assert.match(plain, /^ {2}• `?pull = "newer";/m);
  });

  it('piped, or with NO_COLOR or --no-color, prints the Markdown as written', async () => {
    for (const [args, overrides] of [
      [['explain', 'no-pull-newer'], {}],
      [['explain', 'no-pull-newer'], { stdoutIsTTY: true, env: { NO_COLOR: '1' } }],
      [['explain', '--no-color', 'no-pull-newer'], { stdoutIsTTY: true }],
    ] as const) {
      const context = capturedContext(overrides);
      assert.equal(await main([...args], context), 0);
      assert.equal(context.out(), doc);
    }
  });

  it('renders links as their text and address', () => {
    const out = renderMarkdown('See [the policy](../policy.md) and **this**.\n', 1).replace(/\u001b\[[0-9;]*m/g, '');
    assert.equal(out, 'See the policy (../policy.md) and this.\n');
  });
});
