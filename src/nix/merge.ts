import type { Span } from '../source/span.js';
import type { AttrsValue, StringPart, StringValue, Thunk, UnknownValue, Value } from './eval/value.js';
import { unknown } from './eval/value.js';

/**
 * The NixOS module system's merge, done lazily and without option declarations from
 * nixpkgs: attrsets merge recursively, lists concatenate (ordered by mkBefore/mkAfter),
 * `types.lines` strings join with newlines, scalars go by priority (mkForce/mkDefault).
 * `mkIf` conditions are pushed down to the leaves, as nixpkgs does, so that a module can
 * read `config` without forcing the whole configuration.
 */

/** One definition of an option (or of an attrset above options), as a module wrote it. */
export interface Definition {
  thunk: Thunk;
  /** File of the module that wrote it. */
  file: string;
  /** mkIf conditions on the way down; all must be true. */
  conditions: Thunk[];
  /** mkOverride priority: lower wins (mkForce 50, plain 100, mkDefault 1000). */
  priority: number;
  /** mkOrder priority for lists and lines: lower comes first (mkBefore 500, plain 1000, mkAfter 1500). */
  order: number;
}

export const DEFAULT_PRIORITY = 100;
export const DEFAULT_ORDER = 1000;
/** nixpkgs' mkOptionDefault: a declared option's `default` is a definition of this priority. */
export const OPTION_DEFAULT_PRIORITY = 1500;
const MAX_PROPERTY_NESTING = 64;

/** Answers questions about the option tree the merge needs: declared options, defaults. */
export interface OptionLookup {
  /** Whether `path` is declared as a `types.lines` option (joined by newline across modules). */
  isLines(path: readonly string[]): boolean;
  /** Declared option names directly under `path` whose default applies when nobody defines them. */
  defaultsUnder(path: readonly string[]): Map<string, Thunk>;
  /**
   * The option declared at `path` (with `mkOption`), if any. Its definitions merge as one
   * value, as nixpkgs does: the default is a definition of priority 1500 and the lowest
   * priority wins for the whole value (an `attrsOf` option under mkForce keeps only the
   * forced attributes).
   */
  option?(path: readonly string[]): { default?: Thunk } | undefined;
  /** Names of option sets (attrsets of declarations) declared directly under `path`: they exist, with their defaults, even when nobody defines them. */
  setsUnder?(path: readonly string[]): string[];
}

const absentValues = new WeakSet<Value>();

/** True for the value of an option whose every definition is under a false `mkIf`. */
export function isAbsent(value: Value): boolean {
  return absentValues.has(value);
}

function absent(path: readonly string[], origin?: Span): UnknownValue {
  const value = unknown(`\`${path.join('.')}\` has no active definition (every definition is under a false mkIf)`, origin);
  absentValues.add(value);
  return value;
}

export function mergeDefinitions(path: readonly string[], definitions: Definition[], options: OptionLookup): Value {
  const declared = path.length > 0 ? options.option?.(path) : undefined;
  const expanded = declared ? atOption(expandProperties(definitions), declared) : expandProperties(definitions);
  const values = expanded.map((d) => d.thunk.force());
  if (values.length > 0 && values.some(isPlainAttrs) && values.every((v) => isPlainAttrs(v) || v.kind === 'unknown')) {
    return mergeAttrsets(path, expanded, values, options);
  }
  return mergeLeaf(path, expanded, options);
}

function isPlainAttrs(v: Value): v is AttrsValue {
  return v.kind === 'attrs' && !v.attrs.has('_type');
}

function typeTag(v: Value): string | undefined {
  if (v.kind !== 'attrs') return undefined;
  const tag = v.attrs.get('_type')?.force();
  return tag?.kind === 'string' ? tag.value : undefined;
}

function attr(v: AttrsValue, name: string): Thunk | undefined {
  return v.attrs.get(name);
}

/** Unwraps mkMerge/mkIf/mkOverride/mkOrder into plain definitions carrying their properties. */
function expandProperties(definitions: Definition[]): Definition[] {
  const out: Definition[] = [];
  // A stack, last definition first: expanded pieces replace their wrapper in place, in order.
  const work = definitions.map((d) => ({ d, nesting: 0 })).reverse();
  while (work.length > 0) {
    const { d, nesting } = work.pop()!;
    const v = d.thunk.force();
    const tag = typeTag(v);
    if (!tag || nesting > MAX_PROPERTY_NESTING || v.kind !== 'attrs') {
      out.push(d);
      continue;
    }
    const content = attr(v, 'content');
    const next: { d: Definition; nesting: number }[] = [];
    if (tag === 'merge') {
      const contents = attr(v, 'contents')?.force();
      if (contents?.kind === 'list') for (const item of contents.items) next.push({ d: withThunk(d, item), nesting: nesting + 1 });
      else out.push(withThunk(d, { force: () => unknown('mkMerge of a value that is not a list', v.origin), origin: v.origin }));
    } else if (tag === 'if' && content) {
      const condition = attr(v, 'condition');
      next.push({ d: { thunk: content, file: d.file, conditions: condition ? [...d.conditions, condition] : d.conditions, priority: d.priority, order: d.order }, nesting: nesting + 1 });
    } else if (tag === 'override' && content) {
      const priority = attr(v, 'priority')?.force();
      next.push({ d: { thunk: content, file: d.file, conditions: d.conditions, priority: priority?.kind === 'int' ? priority.value : d.priority, order: d.order }, nesting: nesting + 1 });
    } else if (tag === 'order' && content) {
      const order = attr(v, 'priority')?.force();
      next.push({ d: { thunk: content, file: d.file, conditions: d.conditions, priority: d.priority, order: order?.kind === 'int' ? order.value : d.order }, nesting: nesting + 1 });
    } else {
      out.push(d);
      continue;
    }
    for (let i = next.length - 1; i >= 0; i--) work.push(next[i]);
  }
  return out;
}

/**
 * The definitions of a declared option that take part in its value: the declared default as
 * a definition of priority 1500 (first, as nixpkgs adds it), the ones not under a false
 * mkIf, and of those the lowest priority only. Their priority is consumed here (nixpkgs
 * strips the mkOverride at the option); what lies inside the value (the attributes of an
 * `attrsOf` option) has its own.
 */
function atOption(expanded: Definition[], declared: { default?: Thunk }): Definition[] {
  const fallback = declared.default;
  const all = fallback ? [{ thunk: fallback, file: fallback.origin?.file ?? '', conditions: [], priority: OPTION_DEFAULT_PRIORITY, order: DEFAULT_ORDER }, ...expanded] : expanded;
  const live = all.filter((d) => conditionState(d).active !== false);
  if (live.length === 0) return expanded;
  const best = Math.min(...live.map((d) => d.priority));
  return live.filter((d) => d.priority === best).map((d) => ({ thunk: d.thunk, file: d.file, conditions: d.conditions, priority: DEFAULT_PRIORITY, order: d.order }));
}

function mergeAttrsets(path: readonly string[], definitions: Definition[], values: Value[], options: OptionLookup): AttrsValue {
  const children = new Map<string, Definition[]>();
  const keyOrigins = new Map<string, Span>();
  definitions.forEach((d, i) => {
    const v = values[i];
    if (v.kind !== 'attrs') return;
    v.attrs.forEach((thunk, name) => {
      let list = children.get(name);
      if (!list) {
        list = [];
        children.set(name, list);
        const keyOrigin = v.keyOrigins.get(name);
        if (keyOrigin) keyOrigins.set(name, keyOrigin);
      }
      list.push(withThunk(d, thunk));
    });
  });
  const attrs = new Map<string, Thunk>();
  children.forEach((defs, name) => attrs.set(name, new MergedAttribute(path, name, defs, options, false)));
  for (const [name, fallback] of options.defaultsUnder(path)) if (!attrs.has(name)) attrs.set(name, fallback);
  for (const name of options.setsUnder?.(path) ?? []) {
    if (!attrs.has(name)) attrs.set(name, new MergedAttribute(path, name, [], options, true));
  }
  const origin = values.find((v) => v.kind === 'attrs')?.origin;
  return { kind: 'attrs', attrs, keyOrigins, origin };
}

/** `d` with another thunk (a member of its attrset, or the content of a property). */
function withThunk(d: Definition, thunk: Thunk): Definition {
  return { thunk, file: d.file, conditions: d.conditions, priority: d.priority, order: d.order };
}

const NO_DEFINITIONS: Definition[] = [];

/**
 * An attribute of a merged attrset, merged when forced, once. A class rather than a closure
 * and an object: a lint makes one per attribute the modules define, most never forced. Its
 * path is made only when it is merged, and its definitions are let go of then.
 */
class MergedAttribute implements Thunk {
  readonly origin: Span | undefined;
  private cached: Value | undefined;

  constructor(
    private readonly parent: readonly string[],
    private readonly name: string,
    private definitions: Definition[],
    private readonly options: OptionLookup,
    /** A declared option set nobody defines: it exists, with its defaults. */
    private readonly declaredOnly: boolean,
  ) {
    this.origin = definitions[0]?.thunk.origin;
  }

  force(): Value {
    if (this.cached) return this.cached;
    const path = this.parent.concat(this.name);
    this.cached = this.declaredOnly ? mergeAttrsets(path, [], [], this.options) : mergeDefinitions(path, this.definitions, this.options);
    this.definitions = NO_DEFINITIONS;
    return this.cached;
  }
}

type ConditionState = { active: true } | { active: false } | { active: 'unknown'; reason: string; origin?: Span };

function conditionState(d: Definition): ConditionState {
  for (let i = 0; i < d.conditions.length; i++) {
    const c = d.conditions[i];
    const v = c.force();
    if (v.kind === 'bool') {
      if (!v.value) return { active: false };
      continue;
    }
    const reason = v.kind === 'unknown' ? v.reason : `a ${v.kind}, not a boolean`;
    return { active: 'unknown', reason: `the mkIf condition is not statically known (${reason})`, origin: c.origin ?? v.origin };
  }
  return { active: true };
}

function mergeLeaf(path: readonly string[], definitions: Definition[], options: OptionLookup): Value {
  const known: Definition[] = [];
  const uncertain: { d: Definition; state: Extract<ConditionState, { active: 'unknown' }> }[] = [];
  for (let i = 0; i < definitions.length; i++) {
    const d = definitions[i];
    const state = conditionState(d);
    if (state.active === true) known.push(d);
    else if (state.active === 'unknown') uncertain.push({ d, state });
  }
  if (known.length === 0 && uncertain.length === 0) {
    const fallback = options.defaultsUnder(path.slice(0, -1)).get(path[path.length - 1]);
    return fallback ? fallback.force() : absent(path, definitions[0]?.thunk.origin);
  }
  const best = Math.min(...known.map((d) => d.priority), ...uncertain.map((u) => u.d.priority));
  const winners = known.filter((d) => d.priority === best).sort((a, b) => a.order - b.order);
  const blockers = uncertain.filter((u) => u.d.priority === best);
  const values = winners.map((d) => d.thunk.force());

  if (values.length > 0 && values.every((v) => v.kind === 'list')) {
    return concatLists(winners, values, blockers);
  }
  if (blockers.length > 0) {
    const { state } = blockers[0];
    return unknown(`\`${path.join('.')}\` depends on a condition: ${state.reason}`, state.origin);
  }
  if (values.length === 1) return values[0];
  if (values.every((v) => v.kind === 'string') && options.isLines(path)) {
    return joinLines(values as StringValue[]);
  }
  if (values.every((v) => sameScalar(v, values[0]))) return values[0];
  const places = values.map((v) => (v.origin ? `${v.origin.file}:${v.origin.line}` : 'an unknown place')).join(', ');
  return unknown(`\`${path.join('.')}\` has conflicting definitions (${places})`, values[0].origin);
}

function concatLists(winners: Definition[], values: Value[], blockers: { d: Definition; state: Extract<ConditionState, { active: 'unknown' }> }[]): Value {
  const items: Thunk[] = [];
  for (const v of values) if (v.kind === 'list') items.push(...v.items);
  for (const { state } of blockers) {
    const item = unknown(`list items that depend on a condition: ${state.reason}`, state.origin);
    items.push({ force: () => item, origin: item.origin });
  }
  return { kind: 'list', items, origin: values[0]?.origin ?? winners[0]?.thunk.origin };
}

function joinLines(values: StringValue[]): StringValue {
  const parts: StringPart[] = [];
  values.forEach((v, i) => {
    if (i > 0) parts.push({ text: '\n' });
    parts.push(...v.parts);
  });
  return { kind: 'string', value: parts.map((p) => p.text).join(''), parts, origin: values[0].origin };
}

function sameScalar(a: Value, b: Value): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'null':
      return true;
    case 'bool':
    case 'int':
    case 'float':
    case 'string':
    case 'path':
      return a.value === (b as typeof a).value;
    default:
      return a === b;
  }
}
