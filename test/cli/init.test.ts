import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { loadPolicy } from '../../src/engine/policy-file.js';
import { defaultPolicy } from '../../src/engine/policy.js';
import { rules } from '../../src/engine/registry.js';
import { capturedContext } from './captured-context.js';

const scratch = () => mkdtempSync(path.join(tmpdir(), 'powersync-lint-init-'));
const load = (root: string) => loadPolicy({ root, knownRuleIds: rules.map((rule) => rule.id) }).policy;

describe('init', () => {
  it('writes a commented policy file that the policy loader reads as exactly the defaults', async () => {
    const root = scratch();
    const context = capturedContext({ cwd: root });
    assert.equal(await main(['init'], context), 0, context.err());
    assert.match(context.out(), /wrote \.powersync-lint\.yaml/);
    const text = readFileSync(path.join(root, '.powersync-lint.yaml'), 'utf8');
    assert.ok(text.split('\n').filter((line) => line.startsWith('#')).length >= 15, 'every key is explained');
    for (const key of Object.keys(defaultPolicy()).filter((key) => key !== 'host')) assert.match(text, new RegExp(`^${key}: `, 'm'));
    assert.match(text, /^# host: web-arm$/m);
    assert.deepEqual(load(root), defaultPolicy());
  });

  it('names the host when the repository has exactly one', async () => {
    const root = scratch();
    mkdirSync(path.join(root, 'hosts/edge-1'), { recursive: true });
    writeFileSync(path.join(root, 'hosts/edge-1/configuration.nix'), '{ }\n');
    assert.equal(await main(['init', root], capturedContext()), 0);
    assert.deepEqual(load(root), { ...defaultPolicy(), host: 'edge-1' });
  });

  it('refuses to overwrite an existing file (exit 2), leaving it as it was', async () => {
    const root = scratch();
    writeFileSync(path.join(root, '.powersync-lint.yaml'), 'host: mine\n');
    const context = capturedContext({ cwd: root });
    assert.equal(await main(['init'], context), 2);
    assert.match(context.err(), /\.powersync-lint\.yaml already exists; not overwriting it/);
    assert.equal(readFileSync(path.join(root, '.powersync-lint.yaml'), 'utf8'), 'host: mine\n');
  });
});
