#!/usr/bin/env node
// Launcher, the package's `bin`. The CLI is bundled into dist/ by `npm run build`
// (scripts/build.mjs; `prepare` runs it on install from git). The `.mjs` name makes it an ES
// module on every Node 20 — an extensionless file in a "type": "module" package is refused
// before Node 20.10. bin/powersync-lint is a symlink to it for use in the repository.
import { existsSync } from 'node:fs';

// Ctrl-C stops quietly with the shell's status for SIGINT (128 + 2), from the very start.
process.once('SIGINT', () => process.exit(130));

const cli = new URL('../dist/cli.mjs', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('powersync-lint: dist/cli.mjs is missing: run npm run build\n');
  process.exit(3);
}
const { run } = await import(cli.href);
await run();
