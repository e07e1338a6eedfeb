/** Loads the policy file (SPEC section 4): YAML, validated by a validator precompiled from
 * policy-schema.json (see scripts/build-schemas.mjs) and by the checks a schema cannot make
 * (rule ids, durations, sizes), merged over the defaults. */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { isMap, isNode, isScalar, parseDocument, type Document } from 'yaml';
import { parseNginxDuration } from '../nginx/duration.js';
import { parsePgMemory } from '../powersync/units.js';
import { LineMap } from '../source/span.js';
import { MAX_FILE_BYTES } from '../source/tree.js';
import { ConfigError, UsageError, closestMatch, didYouMean } from './errors.js';
import { validate } from './generated/policy-validator.js';
import { defaultPolicy, POLICY_FILE_NAME, type Policy, type RuleSetting } from './policy.js';

export { POLICY_FILE_NAME };

export interface LoadPolicyOptions {
  /** ROOT as the user wrote it: the default file is ROOT/.powersync-lint.yaml, which may be absent. */
  root: string;
  /** `--config FILE`, which must exist. */
  configFile?: string;
  /** Rule ids of the registry: `rules` keys and `suppressions.unsuppressible` must name one. */
  knownRuleIds: readonly string[];
  /** Directory that relative paths are resolved from (default: the process's). */
  cwd?: string;
}

export interface LoadedPolicy {
  policy: Policy;
  /** The policy file that was read, as named in messages; undefined when the defaults apply. */
  file?: string;
}

/** The file's content once validated: every key optional, nested sections partial. */
interface PolicyFile {
  host?: string;
  container?: string;
  image?: string;
  domain?: string;
  listen?: Partial<Policy['listen']>;
  network?: Partial<Policy['network']>;
  /** A bare number is seconds, as in nginx. */
  proxyTimeout?: string | number;
  /** A bare number counts 8 kB pages, as in PostgreSQL. */
  sharedBuffersMin?: string | number;
  storage?: Partial<Policy['storage']>;
  slotNamePrefix?: string;
  secrets?: string[];
  supabaseProject?: string;
  probe?: string;
  updateHelper?: string;
  suppressions?: Partial<Policy['suppressions']>;
  rules?: Record<string, RuleSetting>;
}

/** Throws UsageError when the file cannot be read, ConfigError when its content is invalid. */
export function loadPolicy(options: LoadPolicyOptions): LoadedPolicy {
  const file = options.configFile ?? path.join(options.root, POLICY_FILE_NAME);
  const text = readPolicyText(path.resolve(options.cwd ?? process.cwd(), file), file, options.configFile !== undefined);
  if (text === undefined) return { policy: defaultPolicy() };
  return { policy: parsePolicy(text, file, options.knownRuleIds), file };
}

/** Parses and validates policy text; `file` names it in messages. Throws ConfigError listing
 * every problem, each at its line and column. */
export function parsePolicy(text: string, file: string, knownRuleIds: readonly string[]): Policy {
  const lines = new LineMap(text);
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((error) => ({ ...lines.position(error.pos[0]), message: `invalid YAML: ${error.message}` })),
    );
  }
  // An empty file, or one with only comments, keeps every default.
  const data: unknown = toPlainData(doc, file) ?? {};
  const schemaProblems = validate(data) ? [] : (validate.errors ?? []).map(describeSchemaError);
  const problems = [...schemaProblems, ...problemsBeyondSchema(data, knownRuleIds)];
  if (problems.length > 0) {
    const located = problems.map(({ at, message }) => ({ ...placeOf(doc, lines, at), message }));
    throw new ConfigError(file, located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)));
  }
  return mergePolicy(defaultPolicy(), data as PolicyFile);
}

/** yaml refuses to expand aliases past a limit (a "billion laughs" file): that is the file's
 * fault, not ours. */
function toPlainData(doc: Document, file: string): unknown {
  try {
    return doc.toJS();
  } catch (error) {
    throw new ConfigError(file, [{ message: `invalid YAML: ${(error as Error).message}` }]);
  }
}

function readPolicyText(absolutePath: string, file: string, required: boolean): string | undefined {
  let stats;
  try {
    stats = statSync(absolutePath);
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read policy file ${file}: ${(error as Error).message}`);
  }
  if (!stats.isFile()) throw new UsageError(`cannot read policy file ${file}: not a file`);
  if (stats.size > MAX_FILE_BYTES) throw new UsageError(`cannot read policy file ${file}: larger than ${MAX_FILE_BYTES} bytes`);
  try {
    return readFileSync(absolutePath, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read policy file ${file}: ${(error as Error).message}`);
  }
}

/** Nested sections merge key by key, so `listen: { port: 9000 }` keeps the default address;
 * lists replace the default list. */
function mergePolicy(base: Policy, file: PolicyFile): Policy {
  const { listen, network, proxyTimeout, sharedBuffersMin, storage, suppressions, rules, ...scalars } = file;
  return {
    ...base,
    ...scalars,
    listen: { ...base.listen, ...listen },
    network: { ...base.network, ...network },
    proxyTimeout: proxyTimeout === undefined ? base.proxyTimeout : String(proxyTimeout),
    sharedBuffersMin: sharedBuffersMin === undefined ? base.sharedBuffersMin : String(sharedBuffersMin),
    storage: { ...base.storage, ...storage },
    suppressions: { ...base.suppressions, ...suppressions },
    rules: { ...base.rules, ...rules },
  };
}

/** Where a problem is: the path of the value in the document, or of the key when the key
 * itself is the mistake. */
interface Problem {
  at: { path: string[]; key?: string };
  message: string;
}

/** What the schema cannot check: rule ids, which the registry knows, and durations and sizes,
 * which must parse with the parsers the rules use. This runs on data that may have failed the
 * schema, so that one run reports every problem; it checks only values of the right type and
 * leaves the rest to the schema's messages. */
function problemsBeyondSchema(data: unknown, knownRuleIds: readonly string[]): Problem[] {
  const policy = isRecord(data) ? data : {};
  return [...unknownRuleProblems(policy, knownRuleIds), ...unparsableValueProblems(policy)];
}

function unknownRuleProblems(policy: Record<string, unknown>, knownRuleIds: readonly string[]): Problem[] {
  const known = new Set(knownRuleIds);
  const unknown = (id: string) => `unknown rule "${id}"${didYouMean(id, knownRuleIds)}`;
  const problems: Problem[] = [];
  if (isRecord(policy.rules)) {
    for (const id of Object.keys(policy.rules)) if (!known.has(id)) problems.push({ at: { path: ['rules'], key: id }, message: unknown(id) });
  }
  const unsuppressible = isRecord(policy.suppressions) ? policy.suppressions.unsuppressible : undefined;
  if (Array.isArray(unsuppressible)) {
    unsuppressible.forEach((id: unknown, index) => {
      if (typeof id === 'string' && !known.has(id)) problems.push({ at: { path: ['suppressions', 'unsuppressible', String(index)] }, message: unknown(id) });
    });
  }
  return problems;
}

function unparsableValueProblems(policy: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const { proxyTimeout, sharedBuffersMin } = policy;
  if (typeof proxyTimeout === 'string' && parseNginxDuration(proxyTimeout) === undefined) {
    problems.push({
      at: { path: ['proxyTimeout'] },
      message: `proxyTimeout: nginx would reject ${JSON.stringify(proxyTimeout)} as a proxy timeout; write a number with units largest first (ms s m h d w), such as 3600s, 60m or 1h 30m`,
    });
  }
  if (typeof sharedBuffersMin === 'string' && parsePgMemory(sharedBuffersMin) === undefined) {
    problems.push({
      at: { path: ['sharedBuffersMin'] },
      message: `sharedBuffersMin: PostgreSQL would not read ${JSON.stringify(sharedBuffersMin)} as a size; write a number with a unit (B kB MB GB TB, case-sensitive), such as 512MB`,
    });
  }
  return problems;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeSchemaError(error: ErrorObject): Problem {
  const path = error.instancePath.split('/').slice(1).map(unescapePointer);
  const name = dottedPath(path);
  const got = describeValue(error.data);
  const expected: unknown = error.parentSchema?.['x-expected'];
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const allowed = Object.keys(error.parentSchema?.properties ?? {});
      return { at: { path, key }, message: `unknown key "${dottedPath([...path, key])}"${didYouMean(key, allowed)}` };
    }
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      const suggestion = closestMatch(String(error.data), allowed);
      const hint = suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
      return { at: { path }, message: `${name}: must be one of ${allowed.join(', ')} (got ${got}${hint})` };
    }
    case 'type':
      return { at: { path }, message: `${name}: must be ${typeof expected === 'string' ? expected : typeNames(error.params.type)} (got ${got})` };
    default:
      return { at: { path }, message: `${name}: must be ${typeof expected === 'string' ? expected : error.message} (got ${got})` };
  }
}

/** `listen.port`, `secrets[0]`; the whole document is "the policy". */
function dottedPath(path: readonly string[]): string {
  if (path.length === 0) return 'the policy';
  let text = path[0];
  for (const part of path.slice(1)) text += /^\d+$/.test(part) ? `[${part}]` : `.${part}`;
  return text;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
};

function typeNames(types: unknown): string {
  const list = Array.isArray(types) ? types : [types];
  return list.map((type) => TYPE_NAMES[String(type)] ?? String(type)).join(' or ');
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const shown = JSON.stringify(value);
  return shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
}

function placeOf(doc: Document, lines: LineMap, at: Problem['at']): { line?: number; column?: number } {
  const node = at.path.length === 0 ? doc.contents : doc.getIn(at.path, true);
  let offset: number | undefined = isNode(node) ? node.range?.[0] : undefined;
  if (at.key !== undefined && isMap(node)) {
    const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === at.key);
    if (isNode(pair?.key)) offset = pair.key.range?.[0] ?? offset;
  }
  return offset === undefined ? {} : lines.position(offset);
}
