/**
 * The README's rule list, generated from the registry so it cannot drift:
 * `npm run docs` rewrites it; test/docs.test.ts fails when it is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rules } from '../src/engine/registry.js';

const START = '<!-- rules:start -->';
const END = '<!-- rules:end -->';

export function renderRuleList(): string {
  const lines = rules.map((r) => `- [\`${r.id}\`](docs/rules/${r.id}.md)${r.defaultSeverity === 'warning' ? ' (warning)' : ''}${r.fixable ? ' (fixable)' : ''} — ${r.summary}`);
  return `${START}\n${lines.join('\n')}\n${END}`;
}

export function withRuleList(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${START} … ${END} markers`);
  return readme.slice(0, start) + renderRuleList() + readme.slice(end + END.length);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = fileURLToPath(new URL('../README.md', import.meta.url));
  writeFileSync(path, withRuleList(readFileSync(path, 'utf8')));
}
