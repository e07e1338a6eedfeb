/** The CLI as a process: the warm cache path, a reader that goes away (EPIPE), Ctrl-C
 * (SIGINT), an unwritable cache directory. Runs bin/powersync-lint over the bundle. */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { largeHost } from '../../bench/generate.js';
import { REPO } from '../helpers/lint-fixture.js';

const bin = path.join(REPO, 'bin', 'powersync-lint');

describe('bin/powersync-lint as a process', () => {
  let scratch: string;
  let example: string;
  let probe: string;

  before(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'powersync-lint-process-'));
    example = path.join(scratch, 'example');
    cpSync(`${REPO}fixtures/web-arm`, example, { recursive: true });
    // Preloaded into the CLI: at exit, names the tree-sitter modules that were loaded.
    probe = path.join(scratch, 'probe.mjs');
    writeFileSync(
      probe,
      `import { createRequire } from 'node:module';
import { writeSync } from 'node:fs';
const require = createRequire(import.meta.url);
process.on('exit', () => writeSync(2, 'tree-sitter loaded: ' + Object.keys(require.cache).some((file) => file.includes('tree-sitter')) + '\\n'));
`,
    );
  });

  after(() => rmSync(scratch, { recursive: true, force: true }));

  const env = (extra: Record<string, string> = {}) => ({ ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, XDG_CACHE_HOME: path.join(scratch, 'cache'), ...extra });

  it('a warm run answers from the cache without loading the parser', () => {
    const run = () => spawnSync(process.execPath, ['--import', pathToFileURL(probe).href, bin, '--format', 'json', example], { encoding: 'utf8', env: env() });
    const cold = run();
    const warm = run();
    assert.equal(cold.status, 0, cold.stderr);
    assert.match(cold.stderr, /tree-sitter loaded: true/);
    assert.equal(warm.status, 0, warm.stderr);
    assert.match(warm.stderr, /tree-sitter loaded: false/);
    const findings = (stdout: string) => (JSON.parse(stdout) as { findings: unknown[] }).findings;
    assert.deepEqual(findings(warm.stdout), findings(cold.stdout));
  });

  it('an unwritable cache directory changes nothing but the speed', () => {
    const notADirectory = path.join(scratch, 'not-a-directory');
    writeFileSync(notADirectory, '');
    const result = spawnSync(process.execPath, [bin, example], { encoding: 'utf8', env: env({ XDG_CACHE_HOME: notADirectory }) });
    assert.equal(result.status, 0);
    assert.equal(result.stderr, '');
  });

  it('a reader that goes away early (| head) ends the run quietly with the lint status', async () => {
    // Hundreds of findings with code frames: far more output than a pipe buffers.
    const root = path.join(scratch, 'broken');
    cpSync(`${REPO}fixtures/web-arm`, root, { recursive: true });
    const imports: string[] = [];
    mkdirSync(path.join(root, 'hosts/web-arm/broken'));
    for (let i = 0; i < 400; i++) {
      writeFileSync(path.join(root, `hosts/web-arm/broken/m${i}.nix`), `{\n  a = ${i}\n  b = 2;\n}\n`);
      imports.push(`./broken/m${i}.nix`);
    }
    writeFileSync(path.join(root, 'hosts/web-arm/broken.nix'), `{ imports = [ ${imports.join(' ')} ]; }\n`);
    const config = path.join(root, 'hosts/web-arm/configuration.nix');
    const { readFileSync } = await import('node:fs');
    writeFileSync(config, readFileSync(config, 'utf8').replace('./networking.nix\n', './networking.nix\n    ./broken.nix\n'));
    for (const both of [false, true]) {
      const child = spawn(process.execPath, [bin, '--no-cache', root], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
      });
      // Like `head`: read the first chunk, then close the pipe (both pipes: `2>&1 | head`).
      child.stdout.once('data', () => {
        child.stdout.destroy();
        if (both) child.stderr.destroy();
      });
      const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      assert.equal(status, 1, stderr);
      assert.doesNotMatch(stderr, /internal error|EPIPE|at .*\.mjs/);
    }
  });

  it('Ctrl-C (SIGINT) stops the lint quietly with status 130', { timeout: 120_000 }, async () => {
    // Large enough that the lint is still running when the signal comes.
    const { root } = largeHost(path.join(scratch, 'large'), 3000);
    // Preloaded: once the launcher has started (its first statement installs the handler),
    // it says so in a file; only then does the signal come, while the lint runs.
    const ready = path.join(scratch, 'ready');
    const announce = path.join(scratch, 'announce.mjs');
    writeFileSync(announce, "import { writeFileSync } from 'node:fs';\nsetImmediate(() => writeFileSync(process.env.READY_FILE, 'ready'));\n");
    const child = spawn(process.execPath, ['--import', pathToFileURL(announce).href, bin, '--no-cache', '--host', 'web-arm', root], {
      env: env({ READY_FILE: ready }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const poll = setInterval(() => {
      if (!existsSync(ready)) return;
      clearInterval(poll);
      setTimeout(() => child.kill('SIGINT'), 200);
    }, 20);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
    assert.deepEqual([code, signal], [130, null]);
    assert.equal(stdout, '');
    assert.equal(stderr, '');
  });
});
