/**
 * `client_auth`: how PowerSync verifies the JWTs clients send. For Supabase Auth that is the
 * project's JWKS (`https://<ref>.supabase.co/auth/v1/.well-known/jwks.json`) with the audience
 * `authenticated` that Supabase puts in user tokens.
 */
import type { YamlPath } from '../yaml/path.js';
import { isEnvPlaceholder } from '../yaml/tags.js';
import type { CheckSink, ConfigSource } from './config-source.js';
import { documentSpan, envText, hasKey, keySpan, spanInValue, useSite, valueAt, valueSpan } from './config-source.js';

export interface AuthContext {
  /** The policy's Supabase project ref; without it only what holds for any Supabase project is checked. */
  supabaseProject?: string;
  /** Linting a host: Supabase JWKS auth is required and `supabase_jwt_secret` is not allowed at all. */
  policy: boolean;
}

export const SUPABASE_AUDIENCE = 'authenticated';
const JWKS_PATH = '/auth/v1/.well-known/jwks.json';

export function supabaseJwksUri(ref: string): string {
  return `https://${ref}.supabase.co${JWKS_PATH}`;
}

export function authProblems(source: ConfigSource, context: AuthContext, sink: CheckSink): void {
  const auth = valueAt(source.value, ['client_auth']);
  const expected = context.supabaseProject ? supabaseJwksUri(context.supabaseProject) : undefined;
  if (auth === undefined) {
    sink.report(documentSpan(source), `The config has no \`client_auth\`, so PowerSync accepts no client token; add \`client_auth: { jwks_uri: ${expected ?? 'https://<ref>.supabase.co' + JWKS_PATH}, audience: [${SUPABASE_AUDIENCE}] }\`.`);
    return;
  }
  secretCheck(source, context, sink);
  const supabaseJwks = jwksUriCheck(source, context, expected, sink);
  supabaseFlagCheck(source, context, expected, sink);
  audienceCheck(source, context, supabaseJwks, sink);
}

/** The legacy shared secret: a secret in the config, and a key Supabase is retiring for JWKS. */
function secretCheck(source: ConfigSource, context: AuthContext, sink: CheckSink): void {
  const secret = valueAt(source.value, ['client_auth', 'supabase_jwt_secret']);
  if (secret === undefined) return;
  const literal = !isEnvPlaceholder(secret);
  if (!context.policy && !literal) return;
  const at = keySpan(source, ['client_auth', 'supabase_jwt_secret']);
  const why = literal ? 'it puts the JWT signing secret in plain text in the config, and ' : '';
  sink.report(at, `Remove \`supabase_jwt_secret\`: ${why}Supabase signs user tokens with asymmetric keys published as a JWKS; verify them with \`jwks_uri\` instead.`);
}

/** Whether a `jwks_uri` names a Supabase JWKS (any project), for the audience check. */
function jwksUriCheck(source: ConfigSource, context: AuthContext, expected: string | undefined, sink: CheckSink): boolean {
  const path: YamlPath = ['client_auth', 'jwks_uri'];
  const value = valueAt(source.value, path);
  const entries: { path: YamlPath; value: unknown }[] = Array.isArray(value) ? value.map((v, i) => ({ path: [...path, i], value: v })) : value === undefined ? [] : [{ path, value }];
  let supabase = false;
  for (const entry of entries) if (typeof entry.value === 'string' && supabaseRefOf(entry.value) !== undefined) supabase = true;
  if (!expected) {
    for (const entry of entries) if (typeof entry.value === 'string') supabaseShapeCheck(source, entry.path, entry.value, sink);
    return supabase;
  }
  if (entries.some((e) => e.value === expected)) return true;
  const env = entries.find((e) => isEnvPlaceholder(e.value));
  if (env && isEnvPlaceholder(env.value)) {
    sink.cannotVerify('`client_auth.jwks_uri`', `it is \`${envText(env.value)}\`, set when the container starts`, valueSpan(source, env.path));
    return true;
  }
  if (entries.length === 0) {
    if (valueAt(source.value, ['client_auth', 'supabase']) === true) return true; // supabaseFlagCheck
    sink.report(keySpan(source, ['client_auth']), `\`client_auth\` has no \`jwks_uri\`, so no Supabase user token verifies; add \`jwks_uri: ${expected}\`.`);
    return true;
  }
  const literal = entries.filter((e): e is { path: YamlPath; value: string } => typeof e.value === 'string');
  const target = literal.find((e) => supabaseRefOf(e.value) !== undefined) ?? literal[0];
  if (target) wrongJwksUri(source, target.path, target.value, expected, context.supabaseProject!, sink);
  return true;
}

/** Points at the part of the URI that differs: the project ref, the path, or the scheme. */
function wrongJwksUri(source: ConfigSource, path: YamlPath, uri: string, expected: string, project: string, sink: CheckSink): void {
  const match = /^(https?):\/\/([^./]+)\.supabase\.co(\/[^?#]*)?/i.exec(uri);
  if (!match) {
    sink.report(valueSpan(source, path), `\`${uri}\` is not the Supabase project's JWKS, so Supabase user tokens do not verify; use \`${expected}\`.`);
    return;
  }
  const [, scheme, ref, urlPath = ''] = match;
  if (ref !== project) {
    const start = scheme.length + 3;
    const at = spanInValue(source, path, start, start + ref.length);
    sink.report(at, `\`${ref}\` is not the policy's Supabase project \`${project}\`: tokens of its users do not verify; use \`${expected}\`.`, { related: useSite(source, path, at) });
  } else if (urlPath !== JWKS_PATH) {
    const start = match[0].length - urlPath.length;
    sink.report(spanInValue(source, path, start, start + Math.max(urlPath.length, 1)), `Supabase publishes its JWKS at \`${JWKS_PATH}\`, not at \`${urlPath || '/'}\`; use \`${expected}\`.`);
  } else {
    sink.report(spanInValue(source, path, 0, scheme.length), `Use \`https\`: \`${expected}\`.`);
  }
}

/** Without a policy: a Supabase JWKS URI must still have Supabase's path. */
function supabaseShapeCheck(source: ConfigSource, path: YamlPath, uri: string, sink: CheckSink): void {
  const match = /^(https?):\/\/([^./]+)\.supabase\.co(\/[^?#]*)?/i.exec(uri);
  if (!match) return;
  const urlPath = match[3] ?? '';
  if (urlPath !== JWKS_PATH) {
    const start = match[0].length - urlPath.length;
    sink.report(spanInValue(source, path, start, start + Math.max(urlPath.length, 1)), `Supabase publishes its JWKS at \`${JWKS_PATH}\`, not at \`${urlPath || '/'}\`; use \`${supabaseJwksUri(match[2])}\`.`);
  }
}

/** `supabase: true` derives the JWKS from the replication connection's host, which must then be a literal `db.<ref>.supabase.co`. */
function supabaseFlagCheck(source: ConfigSource, context: AuthContext, expected: string | undefined, sink: CheckSink): void {
  if (valueAt(source.value, ['client_auth', 'supabase']) !== true) return;
  const jwks = valueAt(source.value, ['client_auth', 'jwks_uri']);
  if (jwks !== undefined) return;
  const uri = valueAt(source.value, ['replication', 'connections', 0, 'uri']);
  const hostname = valueAt(source.value, ['replication', 'connections', 0, 'hostname']);
  const hidden = isEnvPlaceholder(uri) && typeof hostname !== 'string';
  if (!hidden && !context.policy) return;
  const why = hidden ? 'the connection URI comes from `!env`, which hides the host, so no key is loaded' : 'this deployment names the JWKS explicitly';
  sink.report(valueSpan(source, ['client_auth', 'supabase']), `\`supabase: true\` derives the JWKS from a literal \`db.<ref>.supabase.co\` replication host, and ${why}; set \`jwks_uri: ${expected ?? `https://<ref>.supabase.co${JWKS_PATH}`}\`.`);
}

/** PowerSync checks `aud`: an empty audience rejects every token not derived from Supabase (`PSYNC_S2105`). */
function audienceCheck(source: ConfigSource, context: AuthContext, supabaseJwks: boolean, sink: CheckSink): void {
  const path: YamlPath = ['client_auth', 'audience'];
  const audience = valueAt(source.value, path);
  const verifiesTokens = hasKey(valueAt(source.value, ['client_auth']), 'jwks_uri') || hasKey(valueAt(source.value, ['client_auth']), 'jwks');
  const needsAuthenticated = context.policy || supabaseJwks;
  if (audience === undefined || (Array.isArray(audience) && audience.length === 0)) {
    if (!verifiesTokens && !needsAuthenticated) return;
    const at = audience === undefined ? keySpan(source, ['client_auth']) : valueSpan(source, path);
    sink.report(at, `\`client_auth\` has no \`audience\`, so PowerSync rejects every token from the JWKS (\`PSYNC_S2105\`); add \`audience: [${needsAuthenticated ? SUPABASE_AUDIENCE : '<the aud of your tokens>'}]\`.`);
    return;
  }
  if (!Array.isArray(audience) || !needsAuthenticated) return;
  if (audience.includes(SUPABASE_AUDIENCE)) return;
  const env = audience.find((a) => isEnvPlaceholder(a));
  if (env && isEnvPlaceholder(env)) {
    sink.cannotVerify('`client_auth.audience`', `an entry is \`${envText(env)}\`, set when the container starts`, valueSpan(source, path));
    return;
  }
  sink.report(valueSpan(source, path), `\`audience\` lacks \`${SUPABASE_AUDIENCE}\`, the \`aud\` of Supabase user tokens, so PowerSync rejects them; add \`${SUPABASE_AUDIENCE}\`.`);
}

function supabaseRefOf(uri: string): string | undefined {
  return /^https?:\/\/([^./]+)\.supabase\.co(\/|$)/i.exec(uri)?.[1];
}
