// Bundles the CLI with esbuild. Start-up loads one file, dist/cli.mjs (the command dispatch);
// each command and each heavy part (the lint engine, the YAML parser, the sync-rules
// validator) is a chunk in dist/chunks/ loaded by the first `import()` that needs it, so a
// warm-cache lint never compiles the evaluator and `rules` never loads the engine.
//
// The bundle carries a build id: the hash of everything it contains (and of the native
// parser it loads), so that the lint cache (src/engine/cache.ts) never trusts a result that
// another build of the tool computed.
//
// Usage: node scripts/build.mjs
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildSchemas } from './build-schemas.mjs';
import { vendorBundles } from './vendor.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Same length as a hex SHA-256, so that replacing it moves no column of the source maps. */
const BUILD_ID_PLACEHOLDER = '0'.repeat(64);

// The bundle imports the precompiled validators, so they must be current first.
buildSchemas();

/** Native addons load a .node binary relative to their own package: they cannot be bundled. */
const external = ['tree-sitter', 'tree-sitter-nix'];

let result;
try {
  result = await build({
    absWorkingDir: repoRoot,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    external,
    define: { __POWERSYNC_LINT_BUILD_ID__: JSON.stringify(BUILD_ID_PLACEHOLDER) },
    // Bundled CommonJS dependencies call require(), which an ES module lacks; give them one.
    // The names are unusual so that they cannot collide with bundled code.
    banner: {
      js: "import { createRequire as __powersyncLintCreateRequire } from 'node:module';\nconst require = __powersyncLintCreateRequire(import.meta.url);",
    },
    write: false,
    logLevel: 'warning',
  });
} catch {
  // esbuild has already printed its errors, with their locations; the stack would add nothing.
  process.exitCode = 1;
}

// Heavy dependencies as one file each (scripts/vendor.mjs), loaded on first use.
const vendored = result ? await vendorBundles(repoRoot) : {};

if (result) {
  const files = [
    ...result.outputFiles.map((file) => ({ path: file.path, text: file.text })),
    ...Object.entries(vendored).map(([file, text]) => ({ path: path.join(repoRoot, file), text })),
  ].sort((a, b) => a.path.localeCompare(b.path));
  const hash = createHash('sha256');
  for (const file of files) {
    // A V8 code cache is derived from its bundle (and differs from build to build).
    if (file.path.endsWith('.cache')) continue;
    hash.update(path.relative(repoRoot, file.path)).update('\0').update(file.text).update('\0');
  }
  // The parser is loaded from node_modules at run time: its version is part of the build.
  const require = createRequire(path.join(repoRoot, 'package.json'));
  for (const name of external) hash.update(`${name}@${require(`${name}/package.json`).version}\0`);
  const buildId = hash.digest('hex');

  const written = new Set();
  for (const file of files) {
    mkdirSync(path.dirname(file.path), { recursive: true });
    const text = file.path.endsWith('.mjs') ? file.text.replaceAll(BUILD_ID_PLACEHOLDER, buildId) : file.text;
    // Through a temporary file and a rename: a CLI starting meanwhile reads either build whole.
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, file.path);
    written.add(file.path);
  }
  pruneChunks(path.join(repoRoot, 'dist', 'chunks'), written);
}

/** Chunks of earlier builds would only accumulate. Those of the last hour stay: a CLI that
 * started on an earlier build may still import them. */
function pruneChunks(dir, keep) {
  const hourAgo = Date.now() - 60 * 60 * 1000;
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (keep.has(file)) continue;
    try {
      if (statSync(file).mtimeMs < hourAgo) rmSync(file, { force: true });
    } catch {
      // gone already
    }
  }
}
