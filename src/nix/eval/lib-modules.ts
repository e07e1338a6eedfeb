import type { Span } from '../../source/span.js';
import { coerceToParts } from './coerce.js';
import { attrsOf, bool, int, plainString, stringOf } from './make.js';
import { update } from './operators.js';
import { primop } from './primops.js';
import type { Runtime } from './runtime.js';
import { ready, unknown, type AttrsValue, type Thunk, type Value } from './value.js';

/** nixpkgs' priorities (lib/modules.nix): lower wins; a plain definition has 100. */
const PRIORITY = { mkVMOverride: 10, mkForce: 50, mkImageMediaOverride: 60, mkDefault: 1000, mkOptionDefault: 1500 };
/** nixpkgs' orders for list and string merging: lower comes first; a plain definition has 1000. */
const ORDER = { mkBefore: 500, mkAfter: 1500 };

/**
 * The module-system part of lib. Each function returns exactly the attrset nixpkgs' lib
 * builds, which the module system (src/nix/modules.ts) reads:
 * `{ _type = "if"; condition; content; }`, `{ _type = "merge"; contents; }`,
 * `{ _type = "override"; priority; content; }`, `{ _type = "order"; priority; content; }`,
 * `{ _type = "option"; … }`. Arguments stay lazy thunks with their own origins; the marker
 * set's origin is the call.
 */
export function moduleFunctions(rt: Runtime, types: AttrsValue): Record<string, Value> {
  const marker = (type: string, site: Span | undefined, fields: [string, Thunk][]) =>
    attrsOf([['_type', ready(plainString(type))], ...fields], site);
  const fixed = (type: 'override' | 'order', priorities: Record<string, number>) =>
    Object.fromEntries(Object.entries(priorities).map(([name, priority]) => [
      name,
      primop(name, 1, ([content], site) => marker(type, site, [['priority', ready(int(priority))], ['content', content]])),
    ]));
  const describing = (site: Span | undefined, before: string, name: Thunk, after: string) =>
    ready(stringOf([{ text: before }, ...coerceToParts(rt, name.force(), 'toString', site), { text: after }], site));

  return {
    mkIf: primop('mkIf', 2, ([condition, content], site) => marker('if', site, [['condition', condition], ['content', content]])),
    mkMerge: primop('mkMerge', 1, ([contents], site) => marker('merge', site, [['contents', contents]])),
    mkOverride: primop('mkOverride', 2, ([priority, content], site) => marker('override', site, [['priority', priority], ['content', content]])),
    mkOrder: primop('mkOrder', 2, ([priority, content], site) => marker('order', site, [['priority', priority], ['content', content]])),
    ...fixed('override', PRIORITY),
    ...fixed('order', ORDER),
    mkOption: primop('mkOption', 1, ([attrs], site) => update(rt, attrs.force(), marker('option', site, []), site)),
    mkEnableOption: primop('mkEnableOption', 1, ([name], site) => marker('option', site, [
      ['default', ready(bool(false, site))],
      ['example', ready(bool(true, site))],
      ['description', describing(site, 'Whether to enable ', name, '.')],
      ['type', types.attrs.get('bool')!],
    ])),
    mkPackageOption: primop('mkPackageOption', 3, ([, name], site) => marker('option', site, [
      ['default', ready(unknown('the default of mkPackageOption (a package) is not modelled', site))],
      ['description', describing(site, 'The ', name, ' package to use.')],
      ['type', types.attrs.get('package')!],
    ])),
    literalExpression: primop('literalExpression', 1, ([code], site) => marker('literalExpression', site, [['text', code]])),
    literalMD: primop('literalMD', 1, ([markdown], site) => marker('literalMD', site, [['text', markdown]])),
    mdDoc: primop('mdDoc', 1, ([markdown]) => markdown.force()),
  };
}
