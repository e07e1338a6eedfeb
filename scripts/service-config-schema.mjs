// Derives the strict PowerSync service config schema from @powersync/service-schema.
//
// The published schema (json-schema/powersync-config.json) is written for editors: it accepts
// nearly anything. PowerSync itself ignores unknown keys without a word and fails at startup
// on an unknown connection or storage `type`, so the linter validates against a tightened copy:
//
// - every object is closed (`additionalProperties: false`), except the free-form maps whose
//   `additionalProperties` is a schema (`metadata`, `parameters`) and JSON Web Keys, whose
//   extra standard members (`x5c`, `key_ops`, …) PowerSync ignores harmlessly;
// - each `anyOf` whose first branch is the generic "any type, any keys" object is replaced by
//   a `oneOf` of the specific branches, discriminated on `type` (JWKs on `kty`), so an error
//   names the one branch the value meant;
// - a port given as a string must be digits (PowerSync parses it with parseInt);
// - `storage` is required, as PowerSync requires it.
//
// Used by scripts/build-schemas.mjs, which compiles the result ahead of time.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const SOURCE_SCHEMA = '@powersync/service-schema/schema.json';

/** Paths (dotted, `[]` for array items) of objects that stay open. */
const OPEN_OBJECTS = new Set(['client_auth.jwks.keys[]']);

/** The package's version: its package.json is two levels above the exported schema file. */
export function sourceSchemaVersion() {
  const schemaFile = require.resolve(SOURCE_SCHEMA);
  return JSON.parse(readFileSync(new URL('../package.json', `file://${schemaFile}`), 'utf8')).version;
}

export function loadSourceSchema() {
  return JSON.parse(readFileSync(require.resolve(SOURCE_SCHEMA), 'utf8'));
}

/** The generic branch: an object whose `type` is any string and which allows any keys. */
function isGenericBranch(branch) {
  return branch?.type === 'object' && branch.additionalProperties === true && branch.properties?.type?.type === 'string' && branch.properties.type.const === undefined && branch.properties.type.enum === undefined;
}

/** The property every branch fixes with a `const`, if there is one. */
function discriminatorOf(branches) {
  if (branches.length < 2 || !branches.every((b) => b?.type === 'object' && b.properties)) return undefined;
  const names = Object.keys(branches[0].properties).filter((name) => branches.every((b) => b.properties[name]?.const !== undefined));
  return names.includes('type') ? 'type' : names[0];
}

function isNumberOrStringPort(schema) {
  const branches = schema?.anyOf;
  return Array.isArray(branches) && branches.length === 2 && branches[0].type === 'number' && branches[1].type === 'string' && Object.keys(branches[1]).length === 1;
}

function tightenNode(node, path) {
  if (Array.isArray(node)) return node.map((item) => tightenNode(item, path));
  if (node === null || typeof node !== 'object') return node;
  const schema = { ...node };
  // Descriptions are for editors; the validator's messages are the linter's own.
  delete schema.description;

  if (Array.isArray(schema.anyOf)) {
    let branches = schema.anyOf;
    if (branches.length > 1 && isGenericBranch(branches[0]) && branches.slice(1).every((b) => !isGenericBranch(b))) branches = branches.slice(1);
    const tag = discriminatorOf(branches);
    if (tag) {
      delete schema.anyOf;
      schema.type = 'object';
      schema.discriminator = { propertyName: tag };
      schema.required = [tag];
      schema.oneOf = branches.map((b) => tightenNode({ ...b, required: [...new Set([tag, ...(b.required ?? [])])] }, path));
      return schema;
    }
    if (isNumberOrStringPort(schema)) {
      schema.anyOf = [{ type: 'number' }, { type: 'string', pattern: '^[0-9]+$' }];
      return schema;
    }
    schema.anyOf = branches.map((b) => tightenNode(b, path));
  }

  if (schema.type === 'object') {
    if (schema.additionalProperties === true) schema.additionalProperties = OPEN_OBJECTS.has(path) ? true : false;
    else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
      schema.additionalProperties = tightenNode(schema.additionalProperties, `${path}.*`);
    }
    if (schema.properties) {
      schema.properties = Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [key, tightenNode(value, path ? `${path}.${key}` : key)]));
    }
    // `required: []` says nothing; ajv's strict mode is happier without it.
    if (Array.isArray(schema.required) && schema.required.length === 0) delete schema.required;
  }
  if (schema.type === 'array' && schema.items) schema.items = tightenNode(schema.items, `${path}[]`);
  return schema;
}

/** The strict schema, with a title naming the package version it was derived from. */
export function strictServiceConfigSchema(source = loadSourceSchema(), version = sourceSchemaVersion()) {
  const strict = tightenNode(source, '');
  delete strict.definitions;
  return {
    $comment: `Derived from @powersync/service-schema ${version} by scripts/service-config-schema.mjs.`,
    ...strict,
    required: [...new Set([...(strict.required ?? []), 'storage'])],
    additionalProperties: false,
  };
}

/**
 * Every key the strict schema knows, with the places it is valid: `{ port: ['port',
 * 'storage.port', 'replication.connections[].port', …] }`. A key that is unknown where it is
 * written but known elsewhere gets a "belongs under" hint.
 */
export function keyIndex(schema) {
  const index = {};
  const visit = (node, path) => {
    if (!node || typeof node !== 'object') return;
    for (const branch of [...(node.oneOf ?? []), ...(node.anyOf ?? [])]) visit(branch, path);
    if (node.properties) {
      for (const [key, value] of Object.entries(node.properties)) {
        const at = path ? `${path}.${key}` : key;
        (index[key] ??= []).includes(at) || index[key].push(at);
        visit(value, at);
      }
    }
    if (node.items) visit(node.items, `${path}[]`);
  };
  visit(schema, '');
  return Object.fromEntries(Object.entries(index).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
