import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { StringPart } from '../../src/nix/eval/value.js';
import type { Span } from '../../src/source/span.js';
import { parseYamlInNixString } from '../../src/yaml/parse.js';
import { EnvPlaceholder } from '../../src/yaml/tags.js';
import { FakeNixFile, stringValue } from './nix-string-fixture.js';

/** [line, column, endLine, endColumn]: what a finding shows. */
function at(span: Span | undefined): [number, number, number, number] | undefined {
  return span && [span.line, span.column, span.endLine, span.endColumn];
}

const MODULE = new FakeNixFile(
  'hosts/web-arm/powersync.nix',
  `{ pkgs, ... }:
let
  storageDsn = "postgresql://powersync_storage@127.0.0.1/powersync_storage";
in
{
  environment.etc."powersync/service.yaml".source = pkgs.writeText "service.yaml" ''
    replication:
      connections:
        - type: postgresql
          uri: !env PS_SOURCE_DSN
          slot_name: powersync_selfhost

    storage:
      type: postgresql
      uri: \${storageDsn}
      sslmode: disable
  '';
}
`,
);

const DSN = 'postgresql://powersync_storage@127.0.0.1/powersync_storage';
const bodyStart = MODULE.find("''\n").end;
const bodyEnd = MODULE.find("  '';").start;

/** The service config string, its `${storageDsn}` part given by `dsnPart`. */
function serviceConfig(dsnPart: StringPart) {
  return stringValue(MODULE.indentedStringParts(bodyStart, bodyEnd, { storageDsn: dsnPart }), MODULE.span(bodyStart - 3, bodyEnd + 4));
}

/** The interpolated value as the evaluator may give it: the let-bound literal, 1:1. */
const dsnFromLet = MODULE.literal(MODULE.find(DSN).start, MODULE.find(DSN).end);
/** …or only as the `${…}` it was interpolated at. */
const dsnAtInterpolation: StringPart = { text: DSN, origin: MODULE.span(MODULE.find('${storageDsn}').start, MODULE.find('${storageDsn}').end) };

describe('parseYamlInNixString', () => {
  const parsed = parseYamlInNixString(serviceConfig(dsnFromLet), { dialect: 'service-config' });

  it('parses the YAML the string holds once its indentation is stripped', () => {
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.value, {
      replication: { connections: [{ type: 'postgresql', uri: new EnvPlaceholder('PS_SOURCE_DSN'), slot_name: 'powersync_selfhost' }] },
      storage: { type: 'postgresql', uri: DSN, sslmode: 'disable' },
    });
  });

  it('puts keys and values on their characters in the .nix file, past the stripped indentation', () => {
    const slotName = ['replication', 'connections', 0, 'slot_name'];
    assert.deepEqual(parsed.spanOf(slotName, 'key'), {
      file: 'hosts/web-arm/powersync.nix',
      startIndex: MODULE.find('slot_name').start,
      endIndex: MODULE.find('slot_name').end,
      line: 11,
      column: 11,
      endLine: 11,
      endColumn: 20,
    });
    assert.deepEqual(at(parsed.spanOf(slotName)), [11, 22, 11, 40]);
    assert.deepEqual(at(parsed.spanOf(['replication', 'connections', 0, 'uri'])), [10, 21, 10, 34]);
    assert.deepEqual(at(parsed.spanOf(['storage', 'uri'], 'key')), [15, 7, 15, 10]);
  });

  it('spans several lines of the string across the blank line', () => {
    assert.deepEqual(at(parsed.spanOf(['storage'])), [14, 7, 16, 23]);
    assert.deepEqual(at(parsed.spanOf([])), [7, 5, 16, 23]);
  });

  it('follows an interpolated value back to the literal it was written as', () => {
    assert.deepEqual(at(parsed.spanOf(['storage', 'uri'])), [3, 17, 3, 75]);
    const value = serviceConfig(dsnFromLet).value;
    const hostAt = value.indexOf('127.0.0.1');
    assert.deepEqual(at(parsed.locate(hostAt, hostAt + '127.0.0.1'.length)), [3, 48, 3, 57]);
  });

  it('keeps a range that runs into a value written earlier to the part where it starts', () => {
    const value = serviceConfig(dsnFromLet).value;
    const uriLine = value.indexOf('uri: postgresql');
    assert.deepEqual(at(parsed.locate(uriLine, uriLine + 'uri: '.length + DSN.length)), [15, 7, 15, 12]);
  });

  it('maps an interpolation known only by its ${…} to all of it', () => {
    const byInterpolation = parseYamlInNixString(serviceConfig(dsnAtInterpolation), { dialect: 'service-config' });
    assert.deepEqual(at(byInterpolation.spanOf(['storage', 'uri'])), [15, 12, 15, 25]);
    const value = serviceConfig(dsnAtInterpolation).value;
    const hostAt = value.indexOf('127.0.0.1');
    assert.deepEqual(at(byInterpolation.locate(hostAt, hostAt + 9)), [15, 12, 15, 25]);
  });

  it('reports a YAML syntax error at its place in the .nix file', () => {
    const nix = new FakeNixFile('broken.nix', "{\n  text = ''\n    storage:\n      type: [postgresql\n    port: 8080\n  '';\n}\n");
    const str = stringValue(nix.indentedStringParts(nix.find("''\n").end, nix.find("  '';").start));
    const { errors } = parseYamlInNixString(str);
    assert.deepEqual(errors.map((e) => [e.code, e.span.file, at(e.span)]), [['BAD_INDENT', 'broken.nix', [5, 5, 5, 6]]]);
  });

  it('maps escapes of a double-quoted string to the whole escape', () => {
    const nix = new FakeNixFile('quoted.nix', '{ text = "port: 8080\\nstorage:\\n  type: postgresql\\n"; }\n');
    const escape = (nth: number): StringPart => {
      let start = -1;
      for (let i = 0; i <= nth; i++) start = nix.text.indexOf('\\n', start + 1);
      return { text: '\n', origin: nix.span(start, start + 2) };
    };
    const literal = (text: string) => nix.literal(nix.find(text).start, nix.find(text).end);
    const str = stringValue([literal('port: 8080'), escape(0), literal('storage:'), escape(1), literal('  type: postgresql'), escape(2)]);
    const parsedQuoted = parseYamlInNixString(str);
    assert.deepEqual(parsedQuoted.value, { port: 8080, storage: { type: 'postgresql' } });
    assert.deepEqual(at(parsedQuoted.spanOf(['storage', 'type'])), [1, 41, 1, 51]);
    assert.deepEqual(at(parsedQuoted.spanOf(['storage', 'type'], 'key')), [1, 35, 1, 39]);
  });

  it('maps a file read whole (builtins.readFile) into that file, line by line', () => {
    const yamlFile = new FakeNixFile('hosts/web-arm/service.yaml', 'storage:\n  type: postgresql\nport: 8080\n');
    const str = stringValue([yamlFile.literal(0, yamlFile.text.length)]);
    const parsedFile = parseYamlInNixString(str);
    assert.deepEqual(parsedFile.spanOf(['port'], 'key'), { file: 'hosts/web-arm/service.yaml', startIndex: 28, endIndex: 32, line: 3, column: 1, endLine: 3, endColumn: 5 });
    assert.deepEqual(at(parsedFile.spanOf(['storage', 'type'])), [2, 9, 2, 19]);
  });

  it('maps a part without an origin to the whole string', () => {
    const nix = new FakeNixFile('unknown.nix', '{ text = "port: ${port}"; }\n');
    const origin = nix.span(nix.find('"port: ${port}"').start, nix.find('"port: ${port}"').end);
    const str = stringValue([nix.literal(nix.find('port: ').start, nix.find('port: ').end), { text: '<unknown>', unknown: 'port is not known' }], origin);
    assert.deepEqual(at(parseYamlInNixString(str).spanOf(['port'])), [1, 10, 1, 25]);
  });

  it('refuses a string that carries no origin at all', () => {
    assert.throws(() => parseYamlInNixString(stringValue([{ text: 'port: 8080' }])), /no origin/);
  });
});
