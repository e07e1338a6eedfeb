// Heavy dependencies, bundled one file each for the CLI to load on first use
// (src/powersync/vendored.ts). `@powersync/service-sync-rules` is an ES module graph of a few
// hundred files that compiles a JSON schema with ajv when it is imported: loading it from
// node_modules costs several times node's own start-up. Bundled into one minified CommonJS
// file, with its schema validator precompiled (standalone ajv, the same schema and options),
// it loads in a fraction of that — and it is still PowerSync's own code, unchanged otherwise.
// Beside it goes V8's code cache for it (`.cache`), made by loading it once and validating
// sample sync rules, so that the CLI does not compile it again (src/powersync/vendored.ts).
//
// Used by scripts/build.mjs; returns the files to write (path relative to the repo → text).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { build } from 'esbuild';

/** The module of the package that compiles the schema, and the text we replace in it. */
const SCHEMA_MODULE = /[\\/]@powersync[\\/]service-sync-rules[\\/]dist[\\/]json_schema\.js$/;
const AJV_SETUP = [
  "import ajvModule from 'ajv';",
  'const Ajv = ajvModule.default ?? ajvModule;',
  'const ajv = new Ajv({ allErrors: true, verbose: true });',
];
const COMPILE = 'export const validateSyncRulesSchema = ajv.compile(syncRulesSchema);';

export async function vendorBundles(repoRoot) {
  const require = createRequire(path.join(repoRoot, 'package.json'));
  const entry = require.resolve('@powersync/service-sync-rules');
  const { syncRulesSchema } = await import(entry);
  // The options of the package's own `new Ajv(...)` (checked below against its source).
  const ajv = new Ajv.default({ allErrors: true, verbose: true, code: { source: true, esm: true } });
  const validator = standaloneCode.default(ajv, ajv.compile(syncRulesSchema));

  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    write: false,
    outfile: 'dist/vendor/service-sync-rules.cjs',
    logLevel: 'warning',
    plugins: [
      {
        name: 'precompiled-sync-rules-schema',
        setup(pluginBuild) {
          pluginBuild.onResolve({ filter: /^powersync-lint:sync-rules-validator$/ }, () => ({ path: 'sync-rules-validator', namespace: 'powersync-lint' }));
          pluginBuild.onLoad({ filter: /.*/, namespace: 'powersync-lint' }, () => ({ contents: validator, loader: 'js', resolveDir: repoRoot }));
          pluginBuild.onLoad({ filter: SCHEMA_MODULE }, (args) => {
            let source = readFileSync(args.path, 'utf8');
            // The package changed: fail the build rather than ship a validator of another schema.
            for (const line of [...AJV_SETUP, COMPILE]) {
              if (!source.includes(line)) throw new Error(`${args.path}: expected \`${line}\` (update scripts/vendor.mjs for this version of the package)`);
            }
            for (const line of AJV_SETUP) source = source.replace(line, '');
            source = `import __precompiledValidator from 'powersync-lint:sync-rules-validator';\n${source}`;
            source = source.replace(COMPILE, 'export const validateSyncRulesSchema = __precompiledValidator;');
            return { contents: source, loader: 'js' };
          });
        },
      },
    ],
  });
  const files = Object.fromEntries(result.outputFiles.map((file) => [path.relative(repoRoot, file.path), file.text]));
  const bundle = 'dist/vendor/service-sync-rules.cjs';
  files[`${bundle}.cache`] = codeCache(path.join(repoRoot, bundle), files[bundle], (exports) => {
    // Edition 3 (streams) needs Object.groupBy, as at run time (src/powersync/sync-rules.ts).
    Object.groupBy ??= (items, keyOf) => {
      const groups = Object.create(null);
      let index = 0;
      for (const item of items) (groups[keyOf(item, index++)] ??= []).push(item);
      return groups;
    };
    for (const sample of SAMPLE_SYNC_RULES) exports.SqlSyncRules.fromYaml(sample, { defaultSchema: 'public', throwOnError: false });
  });
  return files;
}

/** Sync rules in both editions, so that the parser's code is compiled into the cache. */
const SAMPLE_SYNC_RULES = [
  `bucket_definitions:
  global:
    data:
      - SELECT id, name FROM lists WHERE archived = false
  by_user:
    parameters: SELECT request.user_id() AS user_id
    data:
      - SELECT * FROM todos WHERE owner_id = bucket.user_id
`,
  `config:
  edition: 2
streams:
  lists:
    query: SELECT * FROM lists WHERE owner_id = auth.user_id()
`,
];

/** The wrapper src/powersync/vendored.ts compiles a bundle in: V8 accepts a code cache only
 * for the very same source text. */
export function wrapCommonJs(source) {
  return `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
}

/** V8's code cache of a CommonJS bundle, after `exercise` has run the code worth caching. */
function codeCache(filename, source, exercise) {
  const script = new vm.Script(wrapCommonJs(source), { filename });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(filename), module, filename, path.dirname(filename));
  exercise(module.exports);
  return script.createCachedData();
}
