import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Span } from '../../src/source/span.js';
import { parseYamlDocument } from '../../src/yaml/parse.js';
import { ACCEPT_POTENTIALLY_DANGEROUS_QUERIES, EnvPlaceholder, isEnvPlaceholder } from '../../src/yaml/tags.js';

const FILE = 'hosts/web-arm/powersync/service.yaml';

/** [line, column, endLine, endColumn]: what a finding shows. */
function at(span: Span | undefined): [number, number, number, number] | undefined {
  return span && [span.line, span.column, span.endLine, span.endColumn];
}

const SERVICE_CONFIG = `# PowerSync service config
replication:
  connections:
    - type: postgresql
      uri: !env PS_SOURCE_DSN
      slot_name: powersync_selfhost
storage:
  type: postgresql
  uri: postgresql://powersync_storage@/powersync_storage?host=/run/postgresql
port: !env PS_PORT::number
client_auth:
  audience: [authenticated]
`;

describe('parseYamlDocument', () => {
  const parsed = parseYamlDocument(SERVICE_CONFIG, FILE, { dialect: 'service-config' });

  it('returns the JS value with !env placeholders', () => {
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.warnings, []);
    const value = parsed.value as Record<string, any>;
    assert.deepEqual(value.replication.connections[0].uri, new EnvPlaceholder('PS_SOURCE_DSN'));
    assert.deepEqual(value.port, new EnvPlaceholder('PS_PORT', 'number'));
    assert.equal(isEnvPlaceholder(value.port), true);
    assert.equal(isEnvPlaceholder({ env: 'PS_PORT' }), false);
    assert.equal(value.replication.connections[0].slot_name, 'powersync_selfhost');
    assert.deepEqual(value.client_auth, { audience: ['authenticated'] });
  });

  it('gives the span of a key and of its value', () => {
    const path = ['replication', 'connections', 0, 'slot_name'];
    assert.deepEqual(parsed.spanOf(path, 'key'), { file: FILE, startIndex: 114, endIndex: 123, line: 6, column: 7, endLine: 6, endColumn: 16 });
    assert.deepEqual(at(parsed.spanOf(path, 'value')), [6, 18, 6, 36]);
    assert.deepEqual(at(parsed.spanOf(path)), [6, 18, 6, 36]);
  });

  it('points a tagged value at the value after the tag', () => {
    assert.deepEqual(at(parsed.spanOf(['replication', 'connections', 0, 'uri'])), [5, 17, 5, 30]);
    assert.deepEqual(at(parsed.spanOf(['port'])), [10, 12, 10, 27]);
  });

  it('answers a list item or the root with its value, and a block without its last line break', () => {
    assert.deepEqual(at(parsed.spanOf(['replication', 'connections', 0], 'key')), [4, 7, 6, 36]);
    assert.deepEqual(at(parsed.spanOf(['client_auth', 'audience', 0])), [12, 14, 12, 27]);
    assert.deepEqual(at(parsed.spanOf(['storage'])), [8, 3, 9, 78]);
    assert.deepEqual(at(parsed.spanOf([])), [2, 1, 12, 28]);
  });

  it('has no span for a path that is not there', () => {
    assert.equal(parsed.spanOf(['nope']), undefined);
    assert.equal(parsed.spanOf(['replication', 'connections', 1]), undefined);
    assert.equal(parsed.spanOf(['replication', 'connections', 'type']), undefined);
    assert.equal(parsed.spanOf(['port', 'x']), undefined);
  });

  it('follows aliases to where the aliased node was written', () => {
    const doc = parseYamlDocument('base: &pg\n  type: postgresql\nstorage: *pg\n', FILE);
    assert.deepEqual(doc.value, { base: { type: 'postgresql' }, storage: { type: 'postgresql' } });
    assert.deepEqual(at(doc.spanOf(['storage'])), [3, 10, 3, 13]);
    assert.deepEqual(at(doc.spanOf(['storage', 'type'])), [2, 9, 2, 19]);
  });

  it('locates a null value right after its key', () => {
    const doc = parseYamlDocument('storage:\nport: 1\n', FILE);
    assert.deepEqual(at(doc.spanOf(['storage'])), [1, 9, 1, 9]);
    assert.deepEqual(at(doc.spanOf(['storage'], 'key')), [1, 1, 1, 8]);
  });

  it('maps any range of the text with locate', () => {
    assert.deepEqual(at(parsed.locate(SERVICE_CONFIG.indexOf('storage:'), SERVICE_CONFIG.indexOf('storage:') + 7)), [7, 1, 7, 8]);
  });
});

describe('parseYamlDocument errors', () => {
  it('reports a syntax error where it is', () => {
    const { errors } = parseYamlDocument('storage:\n  type: [postgresql\nport: 8080\n', FILE);
    assert.deepEqual(
      errors.map((e) => [e.code, e.message, at(e.span)]),
      [['BAD_INDENT', 'Flow sequence in block collection must be sufficiently indented and end with a ]', [3, 1, 3, 2]]],
    );
  });

  it('reports tabs used as indentation', () => {
    const { errors } = parseYamlDocument('storage:\n\ttype: postgresql\n', FILE);
    assert.deepEqual(errors.map((e) => [e.code, at(e.span)]), [['TAB_AS_INDENT', [2, 1, 2, 2]]]);
  });

  it('names a duplicate key and points at all of it', () => {
    const { errors, value } = parseYamlDocument('port: 8080\nport: 8081\n', FILE);
    assert.deepEqual(errors.map((e) => [e.code, e.message, at(e.span)]), [['DUPLICATE_KEY', 'key "port" appears twice in the same map', [2, 1, 2, 5]]]);
    assert.deepEqual(value, { port: 8081 });
  });

  it('explains a second document in words about the file', () => {
    const { errors } = parseYamlDocument('port: 8080\n---\nport: 8081\n', FILE);
    assert.deepEqual(errors.map((e) => [e.code, e.message, at(e.span)]), [['MULTIPLE_DOCS', 'more than one YAML document (a second "---"); the file must hold exactly one', [2, 1, 4, 1]]]);
  });

  it('reports !env names PowerSync refuses, at the tag', () => {
    const { errors } = parseYamlDocument('uri: !env SOURCE_DSN\nport: !env PS_PORT::int\nx: !env\n', FILE, { dialect: 'service-config' });
    assert.deepEqual(
      errors.map((e) => [e.code, e.message, at(e.span)]),
      [
        ['TAG_RESOLVE_FAILED', '!env SOURCE_DSN: PowerSync substitutes only variables whose name starts with "PS_"', [1, 6, 1, 10]],
        ['TAG_RESOLVE_FAILED', '!env PS_PORT::int: invalid type suffix "::int"; write ::string, ::number or ::boolean', [2, 7, 2, 11]],
        ['TAG_RESOLVE_FAILED', '!env (empty): PowerSync substitutes only variables whose name starts with "PS_"', [3, 4, 3, 8]],
      ],
    );
  });

  it('stops an alias bomb', () => {
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x,x]', ...['b', 'c', 'd'].map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abc'[i]}`).join(',')}]`)].join('\n');
    const { errors, value } = parseYamlDocument(bomb, FILE);
    assert.deepEqual(errors.map((e) => [e.code, at(e.span)]), [['ALIAS_COUNT', [1, 1, 1, 1]]]);
    assert.equal(value, undefined);
  });

  it('parses an empty file to null', () => {
    const doc = parseYamlDocument('', FILE);
    assert.deepEqual([doc.value, doc.errors, doc.spanOf([])], [null, [], undefined]);
  });
});

describe('parseYamlDocument dialects', () => {
  it('leaves !env unresolved, with a warning, outside a service config', () => {
    const doc = parseYamlDocument('uri: !env PS_X\n', FILE);
    assert.deepEqual(doc.value, { uri: 'PS_X' });
    assert.deepEqual(doc.warnings.map((w) => [w.code, w.message, at(w.span)]), [['TAG_RESOLVE_FAILED', 'Unresolved tag: !env', [1, 6, 1, 10]]]);
  });

  it('accepts !accept_potentially_dangerous_queries in sync rules', () => {
    const doc = parseYamlDocument('bucket_definitions:\n  by_user:\n    accept_potentially_dangerous_queries: !accept_potentially_dangerous_queries true\n', FILE, { dialect: 'sync-rules' });
    assert.deepEqual(doc.warnings, []);
    assert.equal((doc.value as any).bucket_definitions.by_user.accept_potentially_dangerous_queries, ACCEPT_POTENTIALLY_DANGEROUS_QUERIES);
  });

  it('reads the core schema, as PowerSync does', () => {
    assert.deepEqual(parseYamlDocument('a: yes\nb: 0o17\nc: ~\nd: 1e3\n', FILE).value, { a: 'yes', b: 15, c: null, d: 1000 });
  });
});
