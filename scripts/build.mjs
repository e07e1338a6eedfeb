// Bundles the CLI into one ESM file, dist/cli.mjs, loaded by bin/powersync-lint. One file
// means one module to resolve and read at start-up instead of hundreds.
//
// Usage: node scripts/build.mjs
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildSchemas } from './build-schemas.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// The bundle imports the precompiled validators, so they must be current first.
buildSchemas();

const bundled = build({
  absWorkingDir: repoRoot,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/cli.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Native addons load a .node binary relative to their own package: they cannot be bundled.
  external: ['tree-sitter', 'tree-sitter-nix'],
  // Bundled CommonJS dependencies call require(), which an ES module lacks; give them one.
  // The names are unusual so that they cannot collide with bundled code.
  banner: {
    js: "import { createRequire as __powersyncLintCreateRequire } from 'node:module';\nconst require = __powersyncLintCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
// esbuild has already printed its errors, with their locations; the stack would add nothing.
await bundled.catch(() => {
  process.exitCode = 1;
});
