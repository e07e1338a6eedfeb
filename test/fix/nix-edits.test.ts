import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { TextEdit } from '../../src/engine/finding.js';
import { applyEdits } from '../../src/fix/edits.js';
import {
  addBindingAtConfigRoot,
  addSiblingBinding,
  appendLineToIndentedString,
  appendListElement,
  appendToStringLiteral,
  removeBindingOfValue,
  removeListElement,
  removeListElements,
  replaceInStringLiteral,
} from '../../src/fix/nix-edits.js';
import { parseNix } from '../../src/nix/parse.js';
import type { Span } from '../../src/source/span.js';

const FILE = 'm.nix';

/** The file, a lookup for it, and the span of the `nth` occurrence of `needle`. */
function source(text: string) {
  const parsed = parseNix(text, FILE);
  const lookup = (file: string) => (file === FILE ? parsed : undefined);
  const at = (needle: string, nth = 0): Span => {
    let index = -1;
    for (let i = 0; i <= nth; i++) index = text.indexOf(needle, index + 1);
    assert.ok(index >= 0, `${needle} in the text`);
    return parsed.lines.span(FILE, index, index + needle.length);
  };
  const apply = (edit: TextEdit | TextEdit[] | undefined) => {
    assert.ok(edit, 'an edit is offered');
    return applyEdits(text, Array.isArray(edit) ? edit : [edit]);
  };
  return { lookup, at, apply };
}

describe('string literal edits', () => {
  it('replaces text inside a string literal, also in an indented string', () => {
    const s = source('{ a = "8080:8080"; b = \'\'\n  proxy_read_timeout 60s;\n\'\'; }');
    assert.equal(s.apply(replaceInStringLiteral(s.lookup, { file: FILE, startIndex: s.at('8080:8080').startIndex, endIndex: s.at('8080:8080').startIndex }, '127.0.0.1:')), '{ a = "127.0.0.1:8080:8080"; b = \'\'\n  proxy_read_timeout 60s;\n\'\'; }');
    assert.match(s.apply(replaceInStringLiteral(s.lookup, s.at('60s'), '3600s')), /proxy_read_timeout 3600s;/);
  });

  it('refuses text that is not inside a string, and text that would need escaping', () => {
    const s = source('{ port = 8080; a = "x"; }');
    assert.equal(replaceInStringLiteral(s.lookup, s.at('8080'), '9090'), undefined);
    assert.equal(replaceInStringLiteral(s.lookup, s.at('x'), 'a"b'), undefined);
    assert.equal(replaceInStringLiteral(s.lookup, s.at('x'), '${x}'), undefined);
  });

  it('appends before the closing quote of a "…" string only', () => {
    const s = source('{ image = "repo:1.25.0"; b = \'\'x\'\'; }');
    assert.equal(s.apply(appendToStringLiteral(s.lookup, s.at('"repo:1.25.0"'), '@sha256:abc')), '{ image = "repo:1.25.0@sha256:abc"; b = \'\'x\'\'; }');
    assert.equal(appendToStringLiteral(s.lookup, s.at("''x''"), 'y'), undefined);
  });

  it('adds a last line to an indented string, indented like its lines', () => {
    const text = "{\n  extraConfig = ''\n    proxy_buffering off; # streaming\n  '';\n}\n";
    const s = source(text);
    assert.equal(s.apply(appendLineToIndentedString(s.lookup, s.at("''\n    proxy_buffering off; # streaming\n  ''"), 'proxy_read_timeout 3600s;')), "{\n  extraConfig = ''\n    proxy_buffering off; # streaming\n    proxy_read_timeout 3600s;\n  '';\n}\n");
    const oneLine = source("{ extraConfig = ''proxy_buffering off;''; }");
    assert.equal(appendLineToIndentedString(oneLine.lookup, oneLine.at("''proxy_buffering off;''"), 'x;'), undefined);
  });

  it('offers nothing in a file with syntax errors', () => {
    const s = source('{ a = "8080:8080"; b = ; }');
    assert.equal(replaceInStringLiteral(s.lookup, s.at('8080:8080'), 'x'), undefined);
  });
});

describe('removing bindings and list elements', () => {
  it('removes `pull = "newer";` with its line, or inline with the blank before it', () => {
    const own = source('{\n  autoStart = true;\n  pull = "newer"; # floats\n  ports = [ ];\n}\n');
    assert.equal(own.apply(removeBindingOfValue(own.lookup, own.at('"newer"'), 'pull')), '{\n  autoStart = true;\n  ports = [ ];\n}\n');
    const inline = source('{ autoStart = true; pull = "newer"; }');
    assert.equal(inline.apply(removeBindingOfValue(inline.lookup, inline.at('"newer"'), 'pull')), '{ autoStart = true; }');
    const dotted = source('{ x.pull = "newer"; }');
    assert.equal(dotted.apply(removeBindingOfValue(dotted.lookup, dotted.at('"newer"'), 'pull')), '{ }');
  });

  it('does not remove a binding the value is not the whole of, or of another name', () => {
    const s = source('{ pull = lib.mkForce "newer"; p = "newer"; }');
    assert.equal(removeBindingOfValue(s.lookup, s.at('"newer"'), 'pull'), undefined);
    assert.equal(removeBindingOfValue(s.lookup, s.at('"newer"', 1), 'pull'), undefined);
  });

  it('removes list elements inline, on their own lines, and several at once', () => {
    const inline = source('[ "--network=v6egress" "--pull" "always" ]');
    assert.equal(inline.apply(removeListElements(inline.lookup, [inline.at('"--pull"'), inline.at('"always"')])), '[ "--network=v6egress" ]');
    const first = source('[ "--pull=newer" "--network=v6egress" ]');
    assert.equal(first.apply(removeListElement(first.lookup, first.at('"--pull=newer"'))), '[ "--network=v6egress" ]');
    const only = source('[ "--pull=newer" ]');
    assert.equal(only.apply(removeListElement(only.lookup, only.at('"--pull=newer"'))), '[ ]');
    const lines = source('[\n  "--pull"\n  "newer"\n  "--network=v6egress"\n]');
    assert.equal(lines.apply(removeListElements(lines.lookup, [lines.at('"--pull"'), lines.at('"newer"')])), '[\n  "--network=v6egress"\n]');
  });

  it('removes a variable used as an element, not its binding', () => {
    const s = source('let flag = "--pull=newer"; in [ "--network=v6egress" flag ]');
    assert.equal(s.apply(removeListElement(s.lookup, s.at('flag', 1))), 'let flag = "--pull=newer"; in [ "--network=v6egress" ]');
    assert.equal(removeListElement(s.lookup, s.at('"--pull=newer"')), undefined);
  });
});

describe('adding list elements and bindings', () => {
  it('appends to a list: empty, inline, one element per line', () => {
    const empty = source('{ after = [ ]; }');
    assert.equal(empty.apply(appendListElement(empty.lookup, empty.at('[ ]'), '"net.service"')), '{ after = [ "net.service" ]; }');
    const inline = source('{ after = [ "a.service" ]; }');
    assert.equal(inline.apply(appendListElement(inline.lookup, inline.at('[ "a.service" ]'), '"net.service"')), '{ after = [ "a.service" "net.service" ]; }');
    const lines = source('{\n  after = [\n    "a.service" # first\n  ];\n}');
    assert.equal(lines.apply(appendListElement(lines.lookup, lines.at('[\n    "a.service" # first\n  ]'), '"net.service"')), '{\n  after = [\n    "a.service" # first\n    "net.service"\n  ];\n}');
    const emptyLines = source('{\n  after = [\n  ];\n}');
    assert.equal(emptyLines.apply(appendListElement(emptyLines.lookup, emptyLines.at('[\n  ]'), '"n"')), '{\n  after = [\n    "n"\n  ];\n}');
  });

  it('adds a sibling binding with the same attribute path prefix', () => {
    const nested = source('{\n  systemd.services.x = {\n    after = [ "n" ];\n  };\n}\n');
    assert.equal(nested.apply(addSiblingBinding(nested.lookup, nested.at('after'), 'requires', '[ "n" ]')), '{\n  systemd.services.x = {\n    after = [ "n" ];\n    requires = [ "n" ];\n  };\n}\n');
    const dotted = source('{\n  systemd.services.x.after = [ "n" ]; # order\n}\n');
    assert.equal(dotted.apply(addSiblingBinding(dotted.lookup, dotted.at('after'), 'requires', '[ "n" ]')), '{\n  systemd.services.x.after = [ "n" ]; # order\n  systemd.services.x.requires = [ "n" ];\n}\n');
    const quoted = source('{ systemd.services."my unit".after = [ ]; }');
    assert.equal(quoted.apply(addSiblingBinding(quoted.lookup, quoted.at('after'), 'requires', '[ ]')), '{ systemd.services."my unit".after = [ ]; systemd.services."my unit".requires = [ ]; }');
  });

  it('does not add a binding that collides with one already written', () => {
    const same = source('{ after = [ ]; requires = lib.mkIf false [ ]; }');
    assert.equal(addSiblingBinding(same.lookup, same.at('after'), 'requires', '[ ]'), undefined);
    const key = source('{ serviceConfig.Type = "oneshot"; }');
    assert.equal(addSiblingBinding(key.lookup, key.at('serviceConfig'), 'after', '[ ]'), undefined, 'serviceConfig is not the last attribute');
  });

  it('adds systemd.services.<unit>.after next to the container, at the configuration root', () => {
    const setPath = ['virtualisation', 'oci-containers', 'containers'];
    const path = ['systemd', 'services', 'podman-powersync', 'after'];
    const plain = source('{ config, ... }:\n{\n  virtualisation.oci-containers.containers.powersync = {\n    image = "x";\n  };\n}\n');
    assert.equal(
      plain.apply(addBindingAtConfigRoot(plain.lookup, plain.at('powersync'), setPath, path, '[ "n" ]')),
      '{ config, ... }:\n{\n  virtualisation.oci-containers.containers.powersync = {\n    image = "x";\n  };\n  systemd.services.podman-powersync.after = [ "n" ];\n}\n',
    );
    const underConfig = source('{ config.virtualisation.oci-containers.containers.powersync = { }; }');
    assert.equal(underConfig.apply(addBindingAtConfigRoot(underConfig.lookup, underConfig.at('powersync'), setPath, path, '[ ]')), '{ config.virtualisation.oci-containers.containers.powersync = { }; config.systemd.services.podman-powersync.after = [ ]; }');
    const nested = source('{ virtualisation = { oci-containers.containers.powersync = { }; }; }');
    assert.equal(addBindingAtConfigRoot(nested.lookup, nested.at('powersync'), setPath, path, '[ ]'), undefined, 'not at the root');
    const merged = source('{ virtualisation.oci-containers.containers.powersync = { }; systemd = { services.other = { }; }; }');
    assert.match(merged.apply(addBindingAtConfigRoot(merged.lookup, merged.at('powersync'), setPath, path, '[ ]')), /systemd\.services\.podman-powersync\.after = \[ \];/);
    const conflicting = source('{ virtualisation.oci-containers.containers.powersync = { }; systemd = lib.mkIf true { }; }');
    assert.equal(addBindingAtConfigRoot(conflicting.lookup, conflicting.at('powersync'), setPath, path, '[ ]'), undefined, 'systemd = mkIf … cannot be extended by a dotted path');
    const inLet = source('let virtualisation.oci-containers.containers.powersync = { }; in { }');
    assert.equal(addBindingAtConfigRoot(inLet.lookup, inLet.at('powersync'), setPath, path, '[ ]'), undefined);
  });
});
