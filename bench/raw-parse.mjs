// The baseline of bench (b): bare node plus a raw tree-sitter parse of the same files, in
// one process. Plain JavaScript, so that nothing but node itself is loaded.
// Usage: node bench/raw-parse.mjs ROOT FILE-LIST (one ROOT-relative path a line)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [root, list] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const Parser = require('tree-sitter');
const parser = new Parser();
parser.setLanguage(require('tree-sitter-nix'));
let nodes = 0;
for (const file of readFileSync(list, 'utf8').split('\n')) {
  if (file === '') continue;
  const tree = parser.parse(readFileSync(path.join(root, file), 'utf8'));
  nodes += tree.rootNode.endIndex > 0 ? 1 : 0;
}
process.stdout.write(`${nodes}\n`);
