/**
 * A client for the read side of the OCI distribution API (the Docker Registry HTTP API v2):
 * list a repository's tags, resolve a tag to its manifest digest. Anonymous pull access with
 * bearer tokens, as Docker Hub does it: a 401 carries
 * `WWW-Authenticate: Bearer realm=…,service=…,scope=…`, the realm hands out a token for that
 * scope, and the request is repeated with it. Every request has a timeout; 429 and 5xx
 * answers, timeouts and dropped connections are retried with exponential backoff (a refused
 * connection or an unknown host is reported at once: a wrong URL does not heal).
 */
import { createHash } from 'node:crypto';
import { RegistryError } from './errors.js';

/** Manifest types `pin` accepts, the multi-arch index first: its digest is what to pin. */
export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
] as const;

export const INDEX_MEDIA_TYPES: readonly string[] = MANIFEST_MEDIA_TYPES.slice(0, 2);

export interface RegistryClientOptions {
  /** `https://registry-1.docker.io`, `http://127.0.0.1:5000`: scheme, host and port. */
  baseUrl: string;
  /** Per request, including the token request (default 20 s). */
  timeoutMs?: number;
  /** Retries after the first attempt, on 429, 5xx and network failures (default 3). */
  retries?: number;
  /** First backoff; doubles each retry, with jitter (default 500 ms). */
  backoffMs?: number;
  /** A `Retry-After` longer than this is capped to it (default 30 s). */
  maxRetryAfterMs?: number;
  /** Tags per page when listing (the `n` parameter); default: the registry's own page size.
   * Either way every page is read, following `Link`. */
  pageSize?: number;
  userAgent?: string;
  /** For tests. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

export interface ResolvedManifest {
  digest: string;
  /** The manifest's media type as the registry served it. */
  mediaType: string;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const MAX_TAG_PAGES = 1000;

export class RegistryClient {
  readonly baseUrl: string;
  private readonly options: Required<Omit<RegistryClientOptions, 'fetch' | 'sleep' | 'userAgent' | 'pageSize'>> & Pick<RegistryClientOptions, 'userAgent' | 'pageSize'>;
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Bearer tokens by scope, for the life of the client. */
  private readonly tokens = new Map<string, string>();

  constructor(options: RegistryClientOptions) {
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    this.options = {
      baseUrl: this.baseUrl,
      timeoutMs: options.timeoutMs ?? 20_000,
      retries: options.retries ?? 3,
      backoffMs: options.backoffMs ?? 500,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
      pageSize: options.pageSize,
      userAgent: options.userAgent,
    };
    this.fetch = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Every tag of the repository, following `Link: <…>; rel="next"` pagination. */
  async listTags(repository: string): Promise<string[]> {
    const tags: string[] = [];
    const seen = new Set<string>();
    let url: string | undefined = `${this.baseUrl}/v2/${repository}/tags/list${this.options.pageSize === undefined ? '' : `?n=${this.options.pageSize}`}`;
    for (let page = 0; url !== undefined; page++) {
      if (page >= MAX_TAG_PAGES || seen.has(url)) throw new RegistryError('protocol', `${this.describe(repository)}: the tag list does not end (page ${page + 1} links back or past ${MAX_TAG_PAGES} pages)`);
      seen.add(url);
      const response = await this.request(url, { method: 'GET', headers: { Accept: 'application/json' } }, repository, 'list the tags of').catch((error: unknown) => {
        if (error instanceof RegistryError && error.kind === 'not-found') throw new RegistryError('not-found', `${this.describe(repository)} does not exist (the tag list answered 404)`);
        throw error;
      });
      const body = await readJson(response, `${this.describe(repository)}: the tag list`);
      const pageTags = (body as { tags?: unknown }).tags;
      if (pageTags !== null && pageTags !== undefined && !(Array.isArray(pageTags) && pageTags.every((t) => typeof t === 'string'))) {
        throw new RegistryError('protocol', `${this.describe(repository)}: the tag list is not {"tags": [strings]}`);
      }
      tags.push(...((pageTags as string[] | null | undefined) ?? []));
      url = this.nextPage(response.headers.get('link'), url, repository);
    }
    return tags;
  }

  /**
   * The digest of the manifest `reference` (a tag) names: `HEAD` with the accepted manifest
   * types, the `Docker-Content-Digest` header; without that header, `GET` and the sha256 of the
   * body as served.
   */
  async resolveDigest(repository: string, reference: string): Promise<ResolvedManifest> {
    const url = `${this.baseUrl}/v2/${repository}/manifests/${encodeURIComponent(reference)}`;
    const headers = { Accept: MANIFEST_MEDIA_TYPES.join(', ') };
    const what = `resolve tag "${reference}" of`;
    const head = await this.request(url, { method: 'HEAD', headers }, repository, what, [405, 501]).catch((error: unknown) => {
      if (error instanceof RegistryError && error.kind === 'not-found') throw new RegistryError('not-found', `${this.describe(repository)} has no tag "${reference}"`);
      throw error;
    });
    if (head.ok) {
      const digest = head.headers.get('docker-content-digest')?.trim();
      const mediaType = mediaTypeOf(head);
      if (digest && DIGEST.test(digest)) return { digest, mediaType };
      if (digest && !digest.startsWith('sha256:')) throw new RegistryError('protocol', `${this.describe(repository)}: tag "${reference}" has a ${digest.split(':')[0]} digest; only sha256 can be pinned`);
    }
    // No usable header (or HEAD is not allowed): fetch the manifest and hash what was served.
    const response = await this.request(url, { method: 'GET', headers }, repository, what);
    const body = Buffer.from(await response.arrayBuffer());
    const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    const announced = response.headers.get('docker-content-digest')?.trim();
    if (announced && DIGEST.test(announced) && announced !== digest) {
      throw new RegistryError('protocol', `${this.describe(repository)}: tag "${reference}" was served with digest ${announced} but its content hashes to ${digest}`);
    }
    return { digest, mediaType: mediaTypeOf(response) };
  }

  /** `host/repository` for messages. */
  describe(repository: string): string {
    return `${new URL(this.baseUrl).host}/${repository}`;
  }

  private nextPage(link: string | null, current: string, repository: string): string | undefined {
    if (!link) return undefined;
    for (const entry of link.split(/,(?=\s*<)/)) {
      const match = /^\s*<([^>]*)>\s*(.*)$/.exec(entry);
      if (!match || !/(^|;)\s*rel="?next"?\s*(;|$)/i.test(match[2])) continue;
      const next = new URL(match[1], current);
      if (next.origin !== new URL(this.baseUrl).origin) {
        throw new RegistryError('protocol', `${this.describe(repository)}: the tag list links to another server (${next.origin})`);
      }
      return next.href;
    }
    return undefined;
  }

  /**
   * One request with retries and bearer authentication. Answers with a status in `passThrough`
   * are returned as they are; any other non-2xx answer is an error.
   */
  private async request(url: string, init: { method: string; headers: Record<string, string> }, repository: string, what: string, passThrough: number[] = []): Promise<Response> {
    let authenticated = false;
    for (;;) {
      const scope = `repository:${repository}:pull`;
      const token = this.tokens.get(scope);
      const headers: Record<string, string> = { ...init.headers, ...(this.options.userAgent ? { 'User-Agent': this.options.userAgent } : {}) };
      if (token) headers.Authorization = `Bearer ${token}`;
      const response = await this.withRetries(() => this.fetch(url, { method: init.method, headers, redirect: 'follow', signal: AbortSignal.timeout(this.options.timeoutMs) }), `${what} ${this.describe(repository)}`);
      if (response.status === 401 && !authenticated) {
        await discard(response);
        const challenge = parseChallenge(response.headers.get('www-authenticate'));
        if (!challenge) throw new RegistryError('auth', `cannot ${what} ${this.describe(repository)}: the registry answered 401 without a Bearer challenge (only anonymous token access is supported)`);
        this.tokens.set(scope, await this.fetchToken(challenge, scope, repository));
        authenticated = true;
        continue;
      }
      if (response.ok || passThrough.includes(response.status)) return response;
      throw await this.statusError(response, what, repository);
    }
  }

  private async fetchToken(challenge: Map<string, string>, scope: string, repository: string): Promise<string> {
    const realm = challenge.get('realm');
    let url: URL;
    try {
      url = new URL(realm ?? '');
    } catch {
      throw new RegistryError('auth', `${this.describe(repository)}: the Bearer challenge has no valid realm URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RegistryError('auth', `${this.describe(repository)}: the token realm ${url.origin} is not http(s)`);
    const service = challenge.get('service');
    if (service) url.searchParams.set('service', service);
    for (const s of (challenge.get('scope') ?? scope).split(' ').filter(Boolean)) url.searchParams.append('scope', s);
    const response = await this.withRetries(
      () => this.fetch(url, { method: 'GET', headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(this.options.timeoutMs) }),
      `get a pull token for ${this.describe(repository)} from ${url.origin}`,
    );
    if (!response.ok) {
      await discard(response);
      throw new RegistryError('auth', `cannot get a pull token for ${this.describe(repository)}: ${url.origin}${url.pathname} answered ${response.status} ${response.statusText}`.trimEnd());
    }
    const body = (await readJson(response, `the token service ${url.origin}`)) as { token?: unknown; access_token?: unknown };
    const token = typeof body.token === 'string' ? body.token : typeof body.access_token === 'string' ? body.access_token : undefined;
    if (!token || /[\s\r\n]/.test(token)) throw new RegistryError('auth', `the token service ${url.origin} answered without a usable token`);
    return token;
  }

  /** Runs a fetch; retries 429, 5xx and network failures with exponential backoff and jitter. */
  private async withRetries(attempt: () => Promise<Response>, what: string): Promise<Response> {
    for (let tried = 0; ; tried++) {
      const last = tried >= this.options.retries;
      let response: Response;
      try {
        response = await attempt();
      } catch (error) {
        if (last || isPermanent(error)) throw new RegistryError('network', `cannot ${what}: ${describeNetworkError(error, this.options.timeoutMs)}${tried > 0 ? ` (after ${tried + 1} attempts)` : ''}`);
        await this.sleep(this.backoff(tried));
        continue;
      }
      if (last || !(response.status === 429 || response.status >= 500)) return response;
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      await discard(response);
      await this.sleep(Math.min(retryAfter ?? this.backoff(tried), this.options.maxRetryAfterMs));
    }
  }

  private backoff(tried: number): number {
    const base = this.options.backoffMs * 2 ** tried;
    return base + Math.floor(Math.random() * base * 0.25);
  }

  private async statusError(response: Response, what: string, repository: string): Promise<RegistryError> {
    const detail = await errorDetail(response);
    const where = this.describe(repository);
    const suffix = detail ? ` (${detail})` : '';
    if (response.status === 404) return new RegistryError('not-found', `cannot ${what} ${where}: not found${suffix}`);
    if (response.status === 401 || response.status === 403) return new RegistryError('auth', `cannot ${what} ${where}: access denied, HTTP ${response.status}${suffix}`);
    const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    const retried = response.status === 429 || response.status >= 500 ? ` after ${this.options.retries + 1} attempts` : '';
    return new RegistryError('http', `cannot ${what} ${where}: ${status}${retried}${suffix}`);
  }
}

/** `https://host[:port]` without a trailing slash or path; throws a RegistryError otherwise. */
export function normalizeBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RegistryError('protocol', `"${text}" is not a registry URL such as https://registry-1.docker.io`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RegistryError('protocol', `"${text}" is not an http(s) registry URL`);
  if (url.username || url.password) throw new RegistryError('protocol', 'a registry URL with credentials in it is not supported');
  if (url.pathname !== '/' && url.pathname !== '' && url.pathname !== '/v2' && url.pathname !== '/v2/') {
    throw new RegistryError('protocol', `"${text}": give the registry's base URL (scheme, host, port), without a path`);
  }
  return url.origin;
}

/** The parameters of a `Bearer` challenge, or undefined for any other scheme. */
export function parseChallenge(header: string | null): Map<string, string> | undefined {
  if (!header) return undefined;
  const match = /^\s*Bearer\s+(.*)$/i.exec(header);
  if (!match) return undefined;
  const params = new Map<string, string>();
  for (const param of match[1].matchAll(/([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    params.set(param[1].toLowerCase(), param[2] !== undefined ? param[2].replace(/\\(.)/g, '$1') : param[3]);
  }
  return params;
}

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function mediaTypeOf(response: Response): string {
  return (response.headers.get('content-type') ?? '').split(';')[0].trim();
}

async function readJson(response: Response, what: string): Promise<unknown> {
  const text = await response.text();
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object') return value;
  } catch {
    // reported below
  }
  throw new RegistryError('protocol', `${what} is not JSON`);
}

/** The distribution spec's `{"errors":[{"code","message"}]}`, shortened, for messages. */
async function errorDetail(response: Response): Promise<string | undefined> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return undefined;
  }
  try {
    const errors = (JSON.parse(text) as { errors?: { code?: unknown; message?: unknown }[] }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      return errors
        .map((e) => [e.code, e.message].filter((x) => typeof x === 'string' && x !== '').join(': '))
        .filter(Boolean)
        .join('; ')
        .slice(0, 300);
    }
  } catch {
    // not JSON: say nothing rather than echo a page of HTML
  }
  return undefined;
}

async function discard(response: Response): Promise<void> {
  try {
    await response.arrayBuffer();
  } catch {
    // the body is of no interest
  }
}

/** A wrong host or port, not a passing failure: retrying would only delay the message. */
function isPermanent(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND';
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  const cause = err.cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN') return 'host not found';
  if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ''}`;
  return err.message ?? String(error);
}
