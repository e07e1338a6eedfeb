/**
 * The service config against PowerSync's own JSON schema (`@powersync/service-schema`),
 * tightened to what the service really does (scripts/service-config-schema.mjs) and compiled
 * ahead of time (src/powersync/generated/). Every ajv error becomes one message at the YAML
 * node it is about, with a "did you mean" for misspelt or misplaced keys.
 */
import type { ErrorObject } from 'ajv';
import { closestMatch } from '../engine/errors.js';
import type { YamlPath } from '../yaml/path.js';
import { isEnvPlaceholder } from '../yaml/tags.js';
import { redactDsn } from './dsn.js';
import { keyIndex, validate } from './generated/service-config-validator.js';
import type { CheckSink, ConfigSource } from './config-source.js';
import { displayPath, documentSpan, envText, isPlainObject, keySpan, useSite, valueAt, valueSpan } from './config-source.js';

/** Keys that another check reports with a more specific message: not repeated here. */
const REPORTED_ELSEWHERE: { parent: RegExp; key: string }[] = [
  // service-config-replication: `slot_name` is ignored, and what the slot will be called.
  { parent: /^replication\.connections\[\d+\]$/, key: 'slot_name' },
];

/** Unknown keys with a known story: what PowerSync does instead. `parent` is the display path. */
const SPECIAL_HINTS: { parent: RegExp; key: RegExp; message: (where: string) => string }[] = [
  {
    parent: /^api$/,
    key: /^port$/,
    message: () => '`api.port` is ignored by PowerSync: `api` holds only `tokens` and `parameters`, and the service listens on the top-level `port` (default 8080); move it to a top-level `port:`.',
  },
  {
    parent: /^(storage|replication\.connections\[\d+\])$/,
    key: /^slot_name$/,
    message: (where) => `\`${where}.slot_name\` is ignored by PowerSync: the slot is named \`<slot_name_prefix><sync rules id>_<4 hex>\` (default prefix \`powersync_\`, e.g. \`powersync_1_a3f9\`); set \`slot_name_prefix\` instead.`,
  },
  {
    parent: /./,
    key: /^publication_name$/,
    message: (where) => `\`${where}.publication_name\` is ignored by PowerSync, which always uses the publication named \`powersync\`; remove the key and create that publication.`,
  },
  {
    parent: /^(storage|replication\.connections\[\d+\])$/,
    key: /^replication$/,
    message: (where) => `\`${where}.replication\` is ignored: PowerSync opens its replication connection itself; remove the key.`,
  },
];

/** Keys PowerSync would have understood under another spelling. */
const SPELLINGS: Record<string, string> = { ssl: 'sslmode', ssl_mode: 'sslmode', sslMode: 'sslmode', tls: 'sslmode', jwks_url: 'jwks_uri', jwksUri: 'jwks_uri', audiences: 'audience', aud: 'audience' };

/** What the sample values of `!env` placeholders stand for, by suffix. */
const SAMPLE = { string: '', number: 0, boolean: false } as const;

/** Keywords that judge a value, not its type: meaningless on an `!env` placeholder. */
const VALUE_KEYWORDS = new Set(['enum', 'const', 'pattern', 'format', 'minimum', 'maximum', 'minLength', 'maxLength']);

export function schemaProblems(source: ConfigSource, sink: CheckSink): void {
  unknownTagProblems(source, sink);
  const placeholders = new Set<string>();
  const data = withSamples(source.value, '', placeholders);
  if (validate(data)) return;
  const errors = collapseAnyOf(validate.errors ?? []).filter((error) => !isAboutPlaceholder(error, placeholders, data));
  const seen = new Set<string>();
  for (const error of errors) {
    const path = toYamlPath(error.instancePath, data);
    const described = describe(error, path, source);
    if (!described) continue;
    const key = `${described.at.file}\0${described.at.startIndex}\0${described.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    sink.report(described.at, described.message, { related: useSite(source, error.keyword === 'additionalProperties' ? [...path, String((error.params as { additionalProperty?: unknown }).additionalProperty)] : path, described.at) });
  }
}

/** A copy of the value with each `!env` placeholder replaced by a sample of its type. */
function withSamples(value: unknown, pointer: string, placeholders: Set<string>): unknown {
  if (isEnvPlaceholder(value)) {
    placeholders.add(pointer);
    return SAMPLE[value.suffix ?? 'string'];
  }
  if (Array.isArray(value)) return value.map((item, i) => withSamples(item, `${pointer}/${i}`, placeholders));
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withSamples(item, `${pointer}/${escapePointer(key)}`, placeholders)]));
  }
  return value;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isAboutPlaceholder(error: ErrorObject, placeholders: Set<string>, data: unknown): boolean {
  if (error.keyword === 'discriminator') {
    const tag = (error.params as { tag?: string }).tag ?? 'type';
    return placeholders.has(`${error.instancePath}/${escapePointer(tag)}`) || (error.params as { tagValue?: unknown }).tagValue === undefined;
  }
  if (!VALUE_KEYWORDS.has(error.keyword)) return false;
  if (placeholders.has(error.instancePath)) return true;
  // `const` on a discriminated branch's tag: the discriminator error says it better.
  return error.keyword === 'const' && valueAtPointer(data, error.instancePath) === undefined;
}

function valueAtPointer(data: unknown, pointer: string): unknown {
  return valueAt(data, toYamlPath(pointer, data));
}

/**
 * ajv reports an `anyOf` failure with the errors of every branch. Keep the errors of the
 * branches whose type the value has (a string that is not digits, for a port); when the value
 * has none of the branches' types, keep the `anyOf` error alone.
 */
function collapseAnyOf(errors: ErrorObject[]): ErrorObject[] {
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf');
  if (anyOfs.length === 0) return errors;
  const drop = new Set<ErrorObject>();
  for (const anyOf of anyOfs) {
    const prefix = anyOf.schemaPath.slice(0, -'anyOf'.length);
    const branchErrors = errors.filter((e) => e !== anyOf && e.schemaPath.startsWith(`${prefix}anyOf/`));
    const byBranch = new Map<string, ErrorObject[]>();
    for (const e of branchErrors) {
      const branch = e.schemaPath.slice(prefix.length).split('/')[1];
      byBranch.set(branch, [...(byBranch.get(branch) ?? []), e]);
    }
    const typed = [...byBranch.values()].filter((list) => !list.some((e) => e.keyword === 'type' && e.instancePath === anyOf.instancePath));
    for (const e of branchErrors) drop.add(e);
    if (typed.length > 0) {
      drop.add(anyOf);
      for (const e of typed.flat()) drop.delete(e);
    }
  }
  return errors.filter((e) => !drop.has(e));
}

/** `/replication/connections/0/uri` → ['replication', 'connections', 0, 'uri']. */
function toYamlPath(pointer: string, data: unknown): YamlPath {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let current = data;
  for (const raw of pointer.slice(1).split('/')) {
    const step = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      path.push(Number(step));
      current = current[Number(step)];
    } else {
      path.push(step);
      current = isPlainObject(current) ? current[step] : undefined;
    }
  }
  return path;
}

/** Keys whose values are secrets: a message names the key, never the value. */
const SECRET_KEY = /^(password|supabase_jwt_secret|secret_access_key|deploy_key|client_private_key|k|tokens|cacert)$/;

function isSecretPath(path: YamlPath): boolean {
  return path.some((step) => typeof step === 'string' && SECRET_KEY.test(step));
}

function describe(error: ErrorObject, path: YamlPath, source: ConfigSource): { at: ReturnType<typeof keySpan>; message: string } | undefined {
  const where = displayPath(path);
  const secret = isSecretPath(path);
  const raw = valueAt(source.value, path);
  // A secret's value is described by its type only.
  const original = secret && !isEnvPlaceholder(raw) && raw !== null && typeof raw !== 'object' ? new SecretValue(typeof raw) : raw;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      if (REPORTED_ELSEWHERE.some((r) => r.key === key && r.parent.test(where))) return undefined;
      const at = keySpan(source, [...path, key]);
      const special = SPECIAL_HINTS.find((h) => h.key.test(key) && h.parent.test(where));
      if (special) return { at, message: special.message(where) };
      const siblings = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const container = where === '' ? 'at the top level' : `in \`${where}\``;
      return { at, message: `Unknown key \`${key}\` ${container}: PowerSync ignores it without a word; ${unknownKeyHint(key, where, siblings)}` };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      if (where === '' && missing === 'storage') {
        return { at: documentSpan(source), message: 'The config has no `storage`: PowerSync does not start without bucket storage; add `storage:` with `type: postgresql` and the connection.' };
      }
      return { at: anchorSpan(source, path), message: `\`${where || 'the config'}\` lacks \`${missing}\`, which PowerSync requires; add it.` };
    }
    case 'type': {
      const expected = String(params.type).replace(/,/g, ' or ');
      if (isEnvPlaceholder(original)) {
        const wanted = expected === 'number' || expected === 'boolean' ? `; write \`!env ${original.env}::${expected}\`` : '';
        return { at: valueSpan(source, path), message: `\`${where}\` must be a ${expected}, but \`${envText(original)}\` substitutes a ${original.suffix ?? 'string'}${wanted}.` };
      }
      return { at: valueSpan(source, path), message: `\`${where}\` must be ${article(expected)}, not ${describeValue(original)}; PowerSync refuses the config at startup.` };
    }
    case 'anyOf': {
      const types = anyOfTypes(error.parentSchema);
      return { at: valueSpan(source, path), message: `\`${where}\` must be ${types}, not ${describeValue(original)}; PowerSync refuses the config at startup.` };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      if (secret) return { at: valueSpan(source, path), message: `\`${where}\` is not a value PowerSync accepts; use ${orList(allowed)}.` };
      const value = String(original);
      const guess = closestMatch(value, allowed) ?? allowed.find((a) => a.length >= 3 && value.toLowerCase().startsWith(a.toLowerCase()));
      const hint = guess ? ` (did you mean \`${guess}\`?)` : '';
      const libpq = path[path.length - 1] === 'sslmode' && ['require', 'prefer', 'allow', 'verify_full', 'verify_ca'].includes(value) ? ' PowerSync does not take libpq\'s sslmode values.' : '';
      return { at: valueSpan(source, path), message: `\`${where}: ${value}\` is not a value PowerSync accepts: the service fails at startup; use ${orList(allowed)}${hint}.${libpq}` };
    }
    case 'const':
      return { at: valueSpan(source, path), message: `\`${where}\` must be \`${String(params.allowedValue)}\`, not ${describeValue(original)}.` };
    case 'pattern':
      if (secret) return { at: valueSpan(source, path), message: `\`${where}\` is not a port number.` };
      return { at: valueSpan(source, path), message: `\`${where}: ${String(original)}\` is not a port number; write digits only, such as \`8080\`.` };
    case 'discriminator': {
      const tag = String(params.tag);
      const value = String(params.tagValue);
      const allowed = discriminatorValues(error.parentSchema, tag);
      const guess = closestMatch(value, allowed);
      const hint = guess ? ` (did you mean \`${guess}\`?)` : '';
      const at = valueSpan(source, [...path, tag]);
      if (/^replication\.connections\[\d+\]$/.test(where)) {
        return { at, message: `\`type: ${value}\` is not a connection type: PowerSync fails at startup with \`Invalid connection types: "${value}"\`; use ${orList(allowed)}${hint}.` };
      }
      if (where === 'storage') {
        return { at, message: `\`type: ${value}\` is not a storage type: PowerSync fails at startup; use ${orList(allowed)}${hint}.` };
      }
      return { at, message: `\`${where}.${tag}: ${value}\` is not one of ${orList(allowed)}${hint}.` };
    }
    default:
      return { at: valueSpan(source, path), message: `\`${where || 'the config'}\` ${error.message ?? 'is invalid'}.` };
  }
}

/** The key that names the object at `path`, or the first key inside it (a list item has no key). */
function anchorSpan(source: ConfigSource, path: YamlPath): ReturnType<typeof keySpan> {
  if (path.length > 0 && typeof path[path.length - 1] === 'string') return keySpan(source, path);
  const value = valueAt(source.value, path);
  const first = isPlainObject(value) ? Object.keys(value)[0] : undefined;
  return first !== undefined ? keySpan(source, [...path, first]) : valueSpan(source, path);
}

/** The end of an unknown-key message: a likely spelling, the place the key belongs, or the keys allowed. */
function unknownKeyHint(key: string, where: string, siblings: string[]): string {
  const guess = (SPELLINGS[key] !== undefined && siblings.includes(SPELLINGS[key]) ? SPELLINGS[key] : undefined) ?? closestMatch(key, siblings) ?? siblings.find((s) => s.endsWith(`_${key}`) || s.startsWith(`${key}_`));
  if (guess === 'sync_rules') return 'did you mean `sync_config` (or its deprecated alias `sync_rules`)?';
  if (guess) return `did you mean \`${guess}\`?`;
  const elsewhere = (keyIndex[key] ?? []).map((p) => p.replace(/\[\]/g, '[…]')).filter((p) => p !== (where ? `${where}.${key}` : key));
  if (elsewhere.length > 0) {
    const places = [...elsewhere].sort((a, b) => a.split('.').length - b.split('.').length).slice(0, 3);
    return `\`${key}\` belongs at ${orList(places)}.`;
  }
  return siblings.length > 0 ? `the keys here are ${siblings.map((s) => `\`${s}\``).join(', ')}.` : 'remove it.';
}

function discriminatorValues(parentSchema: unknown, tag: string): string[] {
  const branches = (parentSchema as { oneOf?: { properties?: Record<string, { const?: unknown }> }[] } | undefined)?.oneOf ?? [];
  return branches.map((b) => b.properties?.[tag]?.const).filter((v): v is string => typeof v === 'string');
}

function anyOfTypes(parentSchema: unknown): string {
  const branches = (parentSchema as { anyOf?: { type?: string; pattern?: string }[] } | undefined)?.anyOf ?? [];
  const names = branches.map((b) => (b.type === 'string' && b.pattern === '^[0-9]+$' ? 'a string of digits' : article(b.type ?? 'value')));
  return names.length > 0 ? names.join(' or ') : 'something else';
}

function article(type: string): string {
  if (type === 'null') return 'null';
  if (type === 'array') return 'a list';
  if (type === 'object') return 'a map';
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

/** Stands for a secret's value in messages. */
class SecretValue {
  constructor(readonly type: string) {}
}

function describeValue(value: unknown): string {
  if (value instanceof SecretValue) return `a ${value.type} (value not shown)`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (isEnvPlaceholder(value)) return `\`${envText(value)}\``;
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') {
    const shown = redactDsn(value);
    return `the string \`${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}\``;
  }
  return `\`${String(value)}\``;
}

function orList(values: string[]): string {
  const quoted = values.map((v) => `\`${v}\``);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/** A tag the `yaml` package did not know: PowerSync keeps the text after it as a plain string. */
function unknownTagProblems(source: ConfigSource, sink: CheckSink): void {
  for (const warning of source.warnings ?? []) {
    const tag = /^Unresolved tag: (\S+)/.exec(warning.message)?.[1];
    if (!tag) continue;
    const message =
      tag === '!env'
        ? '`!env` applies to a single value (`uri: !env PS_SOURCE_DSN`), not to a map or a list: PowerSync ignores the tag here.'
        : `Unknown tag \`${tag}\`${closestMatch(tag, ['!env']) ? ' (did you mean `!env`?)' : ''}: PowerSync keeps the text after it as a literal string instead of reading an environment variable.`;
    sink.report(warning.span, message);
  }
}
