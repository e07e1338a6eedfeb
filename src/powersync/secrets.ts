/**
 * What counts as a secret written in plain text, for `no-plaintext-secrets`. Nothing here
 * returns or formats a secret's value: callers get ranges and key names only.
 */

/** Kinds of plaintext secrets PowerSync configs and NixOS modules carry. */
export type SecretKind = 'dsn-password' | 'password' | 'supabase-jwt-secret' | 'hmac-key' | 'api-token';

/** Keys whose value is a secret wherever they appear in a YAML document or a Nix attrset. */
export const SECRET_KEYS: Record<string, SecretKind> = {
  password: 'password',
  supabase_jwt_secret: 'supabase-jwt-secret',
};

/** Text in the place of a secret that is not a secret: a reference resolved later (`!env`,
 * `${…}`, `$VAR`, `%VAR%`), an empty or null value, a mask or an obvious placeholder. */
export function isPlaceholderSecret(text: string): boolean {
  const t = text.trim().replace(/^(["'])(.*)\1$/, '$2').trim();
  if (t === '' || t === '~' || t === 'null') return true;
  if (t.startsWith('!env') || t.startsWith('${') || t.startsWith('$') || /^%\w+%$/.test(t)) return true;
  if (t.includes('«unknown»')) return true;
  if (/^\*+$/.test(t) || /^<[^<>]*>$/.test(t) || /^\{\{.*\}\}$/.test(t)) return true;
  return false;
}

/**
 * Where the password of a DSN is: in the user info (`scheme://user:PASSWORD@host`) or in a
 * `password=` query parameter. Offsets into `dsn`; undefined when there is none. The user info
 * runs to the last `@` before the path, so a password with an unencoded `@` is covered whole.
 */
export function dsnPasswordRange(dsn: string): { start: number; end: number } | undefined {
  const userStart = dsn.indexOf('//') + 2;
  if (userStart < 2) return undefined;
  const queryAt = dsn.indexOf('?', userStart);
  const beforeQuery = queryAt < 0 ? dsn.length : queryAt;
  const at = dsn.lastIndexOf('@', beforeQuery - 1);
  if (at >= userStart) {
    const colon = dsn.indexOf(':', userStart);
    if (colon >= 0 && colon < at && colon + 1 < at) return { start: colon + 1, end: at };
  }
  if (queryAt >= 0) {
    const match = /(?:^|&)password=([^&#]*)/i.exec(dsn.slice(queryAt + 1));
    if (match && match[1] !== '') {
      const start = queryAt + 1 + match.index + match[0].length - match[1].length;
      return { start, end: start + match[1].length };
    }
  }
  return undefined;
}

/** The password of a DSN written in place, not interpolated or taken from the environment. */
export function dsnLiteralPassword(dsn: string): { start: number; end: number } | undefined {
  const range = dsnPasswordRange(dsn);
  if (!range) return undefined;
  const text = dsn.slice(range.start, range.end);
  return isPlaceholderSecret(text) || text.includes('${') ? undefined : range;
}

const MASK = '****';
const NIX_SECRET = /\b(password|supabase_jwt_secret)(\s*=\s*)("(?:[^"\\]|\\.)*"|''.*?'')/g;
const YAML_SECRET = /^(\s*-?\s*(?:password|supabase_jwt_secret|k)\s*:\s*)(?!!env\b)(\S.*)$/gm;
const DSN_PASSWORD = /(postgres(?:ql)?:\/\/[^\s:@/"'`]*:)([^\s"'`]+)(@)/gi;

/**
 * A line of a linted file with every secret this module recognises masked, for reporters that
 * print source (code frames). Errs on masking too much.
 */
export function redactSecretText(text: string): string {
  return text
    .replace(DSN_PASSWORD, `$1${MASK}$3`)
    .replace(NIX_SECRET, (_m, key: string, eq: string) => `${key}${eq}"${MASK}"`)
    .replace(YAML_SECRET, (_m, head: string) => `${head}${MASK}`);
}

/** Where a finding is, as reporters have it (1-based; endColumn exclusive). */
export interface FindingRange {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Findings whose range is the secret itself: a plaintext secret, or an unencrypted value in a sops file. */
function coversSecret(finding: FindingRange): boolean {
  return finding.ruleId === 'no-plaintext-secrets' || (finding.ruleId === 'sops-secret-encrypted' && !finding.file.endsWith('.nix'));
}

/**
 * The text of `file` as reporters may print it (code frames, SARIF snippets): the ranges of
 * findings that cover a secret are masked with `*` (columns stay where they are), then every
 * secret this module recognises is redacted. Pass every finding of the run, suppressed ones
 * included: a context line of one finding may hold another's secret.
 */
export function secretSafeText(text: string, file: string, findings: readonly FindingRange[]): string {
  const lines = text.split('\n');
  for (const f of findings) {
    if (f.file !== file || !coversSecret(f)) continue;
    for (let line = f.line; line <= f.endLine && line <= lines.length; line++) {
      const source = lines[line - 1];
      const from = line === f.line ? f.column - 1 : 0;
      const to = line === f.endLine ? Math.min(f.endColumn - 1, source.length) : source.length;
      if (to > from) lines[line - 1] = source.slice(0, from) + '*'.repeat(to - from) + source.slice(to);
    }
  }
  return redactSecretText(lines.join('\n'));
}
