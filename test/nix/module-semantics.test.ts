import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEvaluator, toJSON } from '../../src/nix/eval/index.js';
import { evaluateHost } from '../../src/nix/modules.js';
import { memoryTree } from './memory-tree.js';

/**
 * Regression tests for module-system semantics the differential tests against nixpkgs'
 * lib/modules.nix (differential-modules.test.ts) found wrong; these run without Nix.
 */

function config(files: Record<string, string>): unknown {
  const tree = memoryTree(files);
  const host = evaluateHost(createEvaluator({ tree }), tree, 'entry.nix');
  assert.deepEqual(host.problems, []);
  return toJSON(host.config.force(), { unknowns: 'mark' });
}

const OPTIONS = `{ lib, ... }: {
  options.custom = {
    enable = lib.mkEnableOption "custom";
    port = lib.mkOption { type = lib.types.int; default = 80; };
    text = lib.mkOption { type = lib.types.lines; default = ""; };
    tags = lib.mkOption { type = lib.types.listOf lib.types.str; default = [ "default" ]; };
    labels = lib.mkOption { type = lib.types.attrsOf lib.types.str; default = { }; };
  };
}`;

test('modules merge in breadth-first order, as genericClosure collects them', () => {
  assert.deepEqual(config({
    'entry.nix': '{ imports = [ ./a.nix ./b.nix ]; order = [ "entry" ]; }',
    'a.nix': '{ imports = [ ./c.nix ]; order = [ "a" ]; }',
    'b.nix': '{ imports = [ ./c.nix ]; order = [ "b" ]; }',
    'c.nix': '{ order = [ "c" ]; }',
  }), { order: ['entry', 'a', 'b', 'c'] });
});

test('an inline module in imports takes its place among the imported files', () => {
  assert.deepEqual(config({
    'entry.nix': '{ imports = [ ./a.nix { order = [ "inline" ]; } ]; order = [ "entry" ]; services.nginx.extraConfig = "entry"; }',
    'a.nix': '{ imports = [ { order = [ "a-inline" ]; } ]; order = [ "a" ]; services.nginx.extraConfig = "a"; }',
  }), { order: ['entry', 'a', 'inline', 'a-inline'], services: { nginx: { extraConfig: 'entry\na' } } });
});

test('a declared option set nobody defines exists with its defaults, and config reads them', () => {
  assert.deepEqual(config({
    'entry.nix': '{ config, ... }: { imports = [ ./options.nix ]; seen = config.custom.port; }',
    'options.nix': OPTIONS,
  }), { custom: { enable: false, port: 80, text: '', tags: ['default'], labels: {} }, seen: 80 });
});

test('a declared default is an mkOptionDefault definition: it merges with one of the same priority', () => {
  assert.deepEqual(config({
    'entry.nix': '{ lib, ... }: { imports = [ ./options.nix ]; custom.tags = lib.mkOptionDefault [ "more" ]; custom.text = lib.mkOptionDefault "more"; custom.port = lib.mkDefault 8080; }',
    'options.nix': OPTIONS,
  }), { custom: { enable: false, port: 8080, text: '\nmore', tags: ['default', 'more'], labels: {} } });
});

test('mkForce on an attrsOf option overrides the whole value, not attribute by attribute', () => {
  assert.deepEqual(config({
    'entry.nix': '{ lib, ... }: { imports = [ ./options.nix ./more.nix ]; custom.labels = lib.mkForce { a = "forced"; }; }',
    'more.nix': '{ custom.labels = { a = "plain"; b = "plain"; }; }',
    'options.nix': OPTIONS,
  }), { custom: { enable: false, port: 80, text: '', tags: ['default'], labels: { a: 'forced' } } });
});

test('an attrsOf option still merges its attributes, each by its own priority', () => {
  assert.deepEqual(config({
    'entry.nix': '{ lib, ... }: { imports = [ ./options.nix ./more.nix ]; custom.labels = { a = lib.mkForce "forced"; }; }',
    'more.nix': '{ lib, ... }: { custom.labels = lib.mkMerge [ { a = "plain"; } (lib.mkIf true { b = "on"; }) ]; }',
    'options.nix': OPTIONS,
  }), { custom: { enable: false, port: 80, text: '', tags: ['default'], labels: { a: 'forced', b: 'on' } } });
});
