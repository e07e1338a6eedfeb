/**
 * Heavy dependencies as the bundle ships them (scripts/vendor.mjs): one minified CommonJS
 * file each in dist/vendor/, with V8's code cache for it beside it, loaded on first use with
 * a synchronous require-like call, because the rules that need them are synchronous.
 * Running from source (tsx), the package itself is loaded.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export interface LoadedBundle {
  exports: unknown;
  /** Whether V8 used the code cache (false when there is none or it was made by another V8). */
  cacheAccepted: boolean;
}

/** `bundled` is the file name in dist/vendor/. */
export function requireVendored<T>(specifier: string, bundled: string): T {
  const file = vendoredFile(bundled);
  return (file ? loadBundle(file).exports : createRequire(import.meta.url)(specifier)) as T;
}

/** dist/vendor/<name>, beside dist/cli.mjs and one level above the chunks in dist/chunks/;
 * undefined when running from source. */
export function vendoredFile(bundled: string): string | undefined {
  return [`../vendor/${bundled}`, `./vendor/${bundled}`].map((relative) => fileURLToPath(new URL(relative, import.meta.url))).find((file) => existsSync(file));
}

/** Runs a CommonJS bundle as require() would, compiling it with its code cache when V8 accepts it. */
export function loadBundle(file: string): LoadedBundle {
  const source = readFileSync(file, 'utf8');
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    // No cache: compile.
  }
  // The same wrapper as scripts/vendor.mjs (wrapCommonJs): V8 checks the source matches.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} as unknown };
  const init = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;
  init(module.exports, createRequire(file), module, file, path.dirname(file));
  return { exports: module.exports, cacheAccepted: cachedData !== undefined && !script.cachedDataRejected };
}
