/**
 * A real OCI registry for the `pin` tests: Debian's `docker-registry` (the CNCF distribution
 * registry, `registry:2`), started on 127.0.0.1 with a free port and a temporary storage
 * directory, seeded through its HTTP API with multi-arch image indexes, stopped after.
 *
 * The registry's own token auth (`auth: token`) needs TLS certificates and a signing key, so
 * the bearer challenge flow is covered by `startBearerProxy`: a small HTTP server in front of
 * the real registry that answers 401 with `WWW-Authenticate: Bearer realm=…,service=…,scope=…`
 * until a request carries a token from its own `/token` endpoint, and then forwards the request
 * to the registry unchanged. It can also fail requests (503/429) to exercise retries, and
 * paginate the tag list with `Link` headers as Docker Hub and distribution v3 do (the
 * distribution 2.8 in Debian answers `tags/list` in one page and ignores `n`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REGISTRY_BINARY = '/usr/bin/docker-registry';

/** Why the registry tests cannot run here, or undefined when they can. */
export function registryUnavailable(): string | undefined {
  // To see the skip path on a machine that has the registry.
  if (process.env.POWERSYNC_LINT_TEST_NO_REGISTRY === '1') return 'POWERSYNC_LINT_TEST_NO_REGISTRY=1: the pin tests against a real registry are skipped';
  const binary = existsSync(REGISTRY_BINARY) ? REGISTRY_BINARY : whichRegistry();
  if (!binary) return 'docker-registry is not installed (apt-get install docker-registry): the pin tests against a real registry are skipped';
  return undefined;
}

function whichRegistry(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v docker-registry'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

export interface LocalRegistry {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts docker-registry; resolves when `GET /v2/` answers. */
export async function startRegistry(): Promise<LocalRegistry> {
  const binary = existsSync(REGISTRY_BINARY) ? REGISTRY_BINARY : whichRegistry()!;
  const dir = mkdtempSync(path.join(tmpdir(), 'powersync-lint-registry-'));
  const port = await freePort();
  const config = path.join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: error',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${path.join(dir, 'storage')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: 127.0.0.1:${port}`,
      `  secret: ${randomBytes(16).toString('hex')}`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(binary, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!exited) {
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 3000))]);
      if (!exited) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`docker-registry exited at start:\n${stderr}`);
    }
    try {
      const response = await fetch(`${url}/v2/`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`docker-registry did not answer on ${url} within 15 s:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url, stop };
}

export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';

export function sha256(bytes: Buffer | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

async function pushBlob(url: string, repository: string, bytes: Buffer): Promise<{ digest: string; size: number }> {
  const digest = sha256(bytes);
  const start = await fetch(`${url}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  if (start.status !== 202) throw new Error(`blob upload start: HTTP ${start.status} ${await start.text()}`);
  const location = new URL(start.headers.get('location')!, url);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', headers: { 'Content-Type': 'application/octet-stream' }, body: new Uint8Array(bytes) });
  if (put.status !== 201) throw new Error(`blob upload: HTTP ${put.status} ${await put.text()}`);
  return { digest, size: bytes.length };
}

async function pushManifest(url: string, repository: string, reference: string, mediaType: string, body: Buffer): Promise<string> {
  const response = await fetch(`${url}/v2/${repository}/manifests/${reference}`, { method: 'PUT', headers: { 'Content-Type': mediaType }, body: new Uint8Array(body) });
  if (response.status !== 201) throw new Error(`manifest ${reference}: HTTP ${response.status} ${await response.text()}`);
  return sha256(body);
}

export interface SeededTag {
  tag: string;
  /** The digest of what the tag names (the index for multi-arch tags). */
  digest: string;
  mediaType: string;
}

/**
 * Pushes a multi-arch image (linux/amd64 and linux/arm64, one small layer each) for `tag`: the
 * platform manifests by digest, then the index (OCI, or a Docker manifest list) by tag.
 * Each tag gets distinct content, so distinct digests.
 */
export async function pushMultiArch(url: string, repository: string, tag: string, format: 'oci' | 'docker' = 'oci'): Promise<SeededTag> {
  const manifestType = format === 'oci' ? OCI_MANIFEST : DOCKER_MANIFEST;
  const indexType = format === 'oci' ? OCI_INDEX : DOCKER_LIST;
  const children: { mediaType: string; digest: string; size: number; platform: { architecture: string; os: string } }[] = [];
  for (const architecture of ['amd64', 'arm64']) {
    const layer = await pushBlob(url, repository, Buffer.from(`layer of ${repository}:${tag} for ${architecture}\n`));
    const config = await pushBlob(url, repository, Buffer.from(JSON.stringify({ architecture, os: 'linux', config: { Labels: { tag } }, rootfs: { type: 'layers', diff_ids: [layer.digest] } })));
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: manifestType,
        config: { mediaType: format === 'oci' ? 'application/vnd.oci.image.config.v1+json' : 'application/vnd.docker.container.image.v1+json', ...config },
        layers: [{ mediaType: format === 'oci' ? 'application/vnd.oci.image.layer.v1.tar+gzip' : 'application/vnd.docker.image.rootfs.diff.tar.gzip', ...layer }],
      }),
    );
    const digest = await pushManifest(url, repository, sha256(manifest), manifestType, manifest);
    children.push({ mediaType: manifestType, digest, size: manifest.length, platform: { architecture, os: 'linux' } });
  }
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: indexType, manifests: children }, null, 2));
  const digest = await pushManifest(url, repository, tag, indexType, index);
  return { tag, digest, mediaType: indexType };
}

/** Pushes a single-platform image manifest for `tag`. */
export async function pushSinglePlatform(url: string, repository: string, tag: string): Promise<SeededTag> {
  const layer = await pushBlob(url, repository, Buffer.from(`single layer ${tag}\n`));
  const config = await pushBlob(url, repository, Buffer.from(JSON.stringify({ architecture: 'arm64', os: 'linux', rootfs: { type: 'layers', diff_ids: [layer.digest] } })));
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }],
    }),
  );
  const digest = await pushManifest(url, repository, tag, OCI_MANIFEST, manifest);
  return { tag, digest, mediaType: OCI_MANIFEST };
}

export interface BearerProxy {
  url: string;
  /** Token requests served so far, with their query. */
  tokenRequests: URLSearchParams[];
  /** Requests to /v2/ paths, method and path. */
  requests: string[];
  /** The next `count` /v2/ requests fail with `status` (after authentication). */
  failNext(count: number, status: 429 | 500 | 502 | 503, retryAfter?: string): void;
  /** Drop Docker-Content-Digest from manifest answers (a registry that does not send it). */
  hideDigestHeader: boolean;
  /** When set, `tags/list` answers at most this many tags per page, with a `Link` to the next. */
  tagPageSize?: number;
  stop(): Promise<void>;
}

/** The bearer-token front of `upstream` (see the file comment). */
export async function startBearerProxy(upstream: string, repository: string): Promise<BearerProxy> {
  const tokens = new Set<string>();
  const tokenRequests: URLSearchParams[] = [];
  const requests: string[] = [];
  let failures: { count: number; status: number; retryAfter?: string } = { count: 0, status: 503 };
  const state: { hideDigestHeader: boolean; tagPageSize?: number } = { hideDigestHeader: false };
  const service = 'powersync-lint-test';
  const scope = `repository:${repository}:pull`;
  let base = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    if (url.pathname === '/token') {
      tokenRequests.push(url.searchParams);
      if (url.searchParams.get('service') !== service || url.searchParams.get('scope') !== scope) {
        res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errors: [{ code: 'DENIED', message: 'wrong service or scope' }] }));
        return;
      }
      const token = randomBytes(12).toString('hex');
      tokens.add(token);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ token, expires_in: 300 }));
      return;
    }
    const auth = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!auth || !tokens.has(auth)) {
      res
        .writeHead(401, {
          'Content-Type': 'application/json',
          'WWW-Authenticate': `Bearer realm="${base}/token",service="${service}",scope="${scope}"`,
        })
        .end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
      return;
    }
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (failures.count > 0) {
      failures.count--;
      res.writeHead(failures.status, failures.retryAfter ? { 'Retry-After': failures.retryAfter } : {}).end('busy');
      return;
    }
    if (state.tagPageSize !== undefined && url.pathname.endsWith('/tags/list')) {
      servePage(url, state.tagPageSize).then(
        ({ body, link }) => res.writeHead(200, { 'Content-Type': 'application/json', ...(link ? { Link: link } : {}) }).end(body),
        (error: Error) => res.writeHead(502).end(error.message),
      );
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of ['accept']) if (req.headers[name]) headers[name] = String(req.headers[name]);
    fetch(`${upstream}${url.pathname}${url.search}`, { method: req.method, headers })
      .then(async (response) => {
        const out: Record<string, string> = {};
        response.headers.forEach((value, name) => {
          if (name === 'content-length' || name === 'transfer-encoding' || name === 'connection') return;
          if (state.hideDigestHeader && name === 'docker-content-digest') return;
          out[name] = value;
        });
        const body = Buffer.from(await response.arrayBuffer());
        if (req.method !== 'HEAD') out['content-length'] = String(body.length);
        res.writeHead(response.status, out).end(req.method === 'HEAD' ? undefined : body);
      })
      .catch((error: Error) => res.writeHead(502).end(error.message));
  });
  const servePage = async (url: URL, pageSize: number) => {
    const all = ((await (await fetch(`${upstream}${url.pathname}`)).json()) as { tags: string[] }).tags.sort();
    const n = Math.min(Number(url.searchParams.get('n') ?? pageSize), pageSize);
    const last = url.searchParams.get('last');
    const rest = last === null ? all : all.filter((tag) => tag > last);
    const page = rest.slice(0, n);
    const link = rest.length > n ? `<${url.pathname}?n=${n}&last=${encodeURIComponent(page[page.length - 1])}>; rel="next"` : undefined;
    return { body: JSON.stringify({ name: repository, tags: page }), link };
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url: base,
    tokenRequests,
    requests,
    failNext: (count, status, retryAfter) => {
      failures = { count, status, retryAfter };
    },
    get hideDigestHeader() {
      return state.hideDigestHeader;
    },
    set hideDigestHeader(value: boolean) {
      state.hideDigestHeader = value;
    },
    get tagPageSize() {
      return state.tagPageSize;
    },
    set tagPageSize(value: number | undefined) {
      state.tagPageSize = value;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
