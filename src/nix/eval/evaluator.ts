import { posix } from 'node:path';
import type { Span } from '../../source/span.js';
import type { SourceTree } from '../../source/tree.js';
import type { ParsedNix } from '../parse.js';
import type { SyntaxChecks } from '../syntax-checks.js';
import type { AttrDef, AttrsBody, Expr, InheritSource, Key } from './ast.js';
import { Budget } from './budget.js';
import { BodyKeyOrigins } from './key-origins.js';
import { createBuiltins, GLOBAL_NAMES } from './builtins.js';
import { coerceToParts } from './coerce.js';
import { createLib } from './lib.js';
import { lowerFile } from './lower.js';
import { bool, describe, int, listOf, plainString, stringOf, unknownTextReason } from './make.js';
import { binary, type StrictOp } from './operators.js';
import { Paths } from './paths.js';
import { createPkgs } from './pkgs.js';
import type { Runtime } from './runtime.js';
import { ArgumentBindings, LetBindings, Scope } from './scope.js';
import { lookup } from './select.js';
import { alias, lazy, Memo, where } from './thunk.js';
import { ready, unknown, type AttrsValue, type LambdaValue, type StringPart, type Thunk, type UnknownValue, type Value } from './value.js';

type ExprOf<K extends Expr['kind']> = Extract<Expr, { kind: K }>;

/**
 * The static evaluator: a lazy interpreter of the lowered syntax tree. Every expression is
 * evaluated under the budget (steps and nesting), and every failure is an unknown value.
 */
export class Interpreter implements Runtime {
  readonly budget: Budget;
  readonly paths: Paths;
  readonly parsed = new Map<string, ParsedNix>();
  readonly builtins: AttrsValue;
  readonly lib: AttrsValue;
  readonly pkgs: AttrsValue;
  private readonly files = new Map<string, Thunk>();
  private readonly importing = new Set<string>();
  /** Files parsed by `prefetch` and not evaluated yet. */
  private readonly prefetched = new Map<string, ParsedNix>();
  private readonly root: Scope;

  constructor(
    readonly tree: SourceTree,
    maxSteps: number,
    private readonly maxDepth: number,
    private readonly syntaxChecks: SyntaxChecks,
  ) {
    this.budget = new Budget(maxSteps, maxDepth);
    this.paths = new Paths(tree.root);
    this.builtins = createBuiltins(this);
    this.lib = createLib(this, this.builtins);
    this.pkgs = createPkgs(this, this.lib);
    const globals = new Map<string, Thunk>();
    for (const name of GLOBAL_NAMES) {
      globals.set(name, this.builtins.attrs.get(name) ?? ready(unknown(this.builtins.partial!(name))));
    }
    // Nix also binds the other builtins at the root as `__name` (`__toFile`, `__readFile`).
    for (const [name, thunk] of this.builtins.attrs) globals.set(`__${name}`, thunk);
    this.root = new Scope(undefined, globals);
  }

  /** Evaluates a file as `import` does: once per file, confined to ROOT. */
  importFile(path: string, importedFrom?: Span): Value {
    const file = this.tree.kind(path) === 'dir' ? posix.join(path, 'default.nix') : path;
    if (this.importing.has(file)) return unknown(`import cycle: \`${file}\` is imported while it is being evaluated`, importedFrom);
    const cached = this.files.get(file);
    if (cached) return cached.force();
    const read = this.tree.read(file);
    if (!read.ok) return unknown(`cannot import \`${file}\`: ${read.reason}`, importedFrom);
    const thunk = lazy(() => this.evalSource(read.text, file), importedFrom);
    this.files.set(file, thunk);
    this.importing.add(file);
    try {
      return thunk.force();
    } finally {
      this.importing.delete(file);
    }
  }

  /**
   * Hands files about to be imported (a module's `imports`) to the syntax checks, one after
   * the other: parsed at once, a run of parses keeps tree-sitter's tables in the CPU's caches
   * (parses interleaved with evaluation find them evicted and take several times as long);
   * read ahead, the worker gets them early. The files are evaluated when imported.
   */
  prefetch(paths: readonly string[]): void {
    for (const path of paths) {
      const file = this.tree.kind(path) === 'dir' ? posix.join(path, 'default.nix') : path;
      if (this.files.has(file) || this.prefetched.has(file)) continue;
      const read = this.tree.read(file);
      if (read.ok) this.prefetched.set(file, this.syntaxChecks.parse(read.text, file));
    }
  }

  /** Parses, lowers and evaluates a whole file's text (`importFile` caches the result). */
  evalSource(text: string, file: string): Value {
    const early = this.prefetched.get(file);
    this.prefetched.delete(file);
    const parsed = early?.text === text ? early : this.syntaxChecks.parse(text, file);
    this.parsed.set(file, parsed);
    // Like Nix, a file with a syntax error is not evaluated at all. Lowering may find more
    // errors Nix reports at parse time (an attribute defined twice).
    if (parsed.errors.length === 0) {
      const ast = lowerFile(parsed, this.maxDepth);
      if (parsed.errors.length === 0) return this.evaluate(ast, this.root);
    }
    const first = parsed.errors[0];
    return unknown(`syntax error in ${file} at ${where(first.span)}: ${first.message}`, first.span);
  }

  importValue(target: Value, site?: Span): Value {
    switch (target.kind) {
      case 'path':
        return target.insideRoot ? this.importFile(target.value, target.origin ?? site) : unknown(`import of \`${target.value}\` outside ROOT is not followed`, site);
      case 'string':
        // Only an absolute path is valid here, and absolute paths are never in the checkout.
        return unknown(`import of the string \`${target.value}\` is not followed (not a path inside ROOT)`, site);
      case 'unknown':
        return unknown(target.reason, site);
      default:
        return unknown(`import of ${describe(target)} is not modelled`, site);
    }
  }

  apply(fn: Value, arg: Thunk, site?: Span): Value {
    switch (fn.kind) {
      case 'lambda':
      case 'builtin':
        return this.budget.charge(1, site) ?? fn.call(arg, site);
      case 'attrs': {
        const functor = fn.attrs.get('__functor');
        if (functor) return this.apply(this.apply(functor.force(), ready(fn), site), arg, site);
        break;
      }
      case 'unknown':
        return unknown(fn.reason, site);
    }
    return unknown(`attempt to call ${describe(fn)}, which is not a function`, site);
  }

  evaluate(expr: Expr, scope: Scope): Value {
    // Budget.descend, inlined: this is the evaluator's recursion, and every frame saved
    // here is nesting the depth budget can allow before the JS stack would run out.
    const refusal = this.budget.enter(expr.span);
    if (refusal) return refusal;
    try {
      return this.evaluateNow(expr, scope);
    } catch (error) {
      if (error instanceof RangeError) return unknown(`evaluation ran out of resources (${error.message})`, expr.span);
      throw error;
    } finally {
      this.budget.leave();
    }
  }

  private evaluateNow(expr: Expr, scope: Scope): Value {
    const span = expr.span;
    // Cases by how often modules need them (until the JIT optimizes this, a switch compares
    // the kinds in turn).
    switch (expr.kind) {
      case 'var':
        return this.variable(expr.name, scope, span);
      case 'select':
        return this.select(expr, scope);
      case 'apply':
        return this.apply(this.evaluate(expr.fn, scope), this.thunk(expr.arg, scope), span);
      case 'deferred':
        return this.evaluateNow(expr.load(), scope);
      case 'string':
        return this.string(expr, scope);
      case 'attrs':
        return this.attrs(expr.body, expr.recursive, scope, span);
      case 'lambda':
        return this.lambda(expr, scope);
      case 'list':
        return this.budget.charge(expr.items.length, span) ?? listOf(expr.items.map((item) => this.thunk(item, scope)), span);
      case 'int':
        return int(expr.value, span);
      case 'let': {
        const vars = new LetBindings(expr.body);
        const inner = scope.bind(vars);
        this.define(expr.body, vars, undefined, scope, inner);
        return this.evaluate(expr.result, inner);
      }
      case 'path':
        return this.path(expr, scope);
      case 'binary':
        return this.binary(expr, scope);
      case 'with':
        return this.evaluate(expr.body, scope.with(this.thunk(expr.scope, scope)));
      case 'if': {
        const condition = this.evaluate(expr.condition, scope);
        if (condition.kind === 'bool') return this.evaluate(condition.value ? expr.then : expr.else, scope);
        if (condition.kind === 'unknown') return unknown(condition.reason, span);
        return unknown(`\`if\` needs a Boolean but got ${describe(condition)}`, span);
      }
      case 'assert':
        return this.assert(expr, scope);
      case 'hasAttr':
        return this.hasAttr(expr, scope);
      case 'not': {
        const operand = this.evaluate(expr.operand, scope);
        if (operand.kind === 'bool') return bool(!operand.value, span);
        return unknown(operand.kind === 'unknown' ? operand.reason : `\`!\` needs a Boolean but got ${describe(operand)}`, span);
      }
      case 'negate':
        return binary(this, '-', int(0, span), this.evaluate(expr.operand, scope), span);
      case 'float':
        return { kind: 'float', value: expr.value, origin: span };
      case 'homePath':
        return { kind: 'path', value: expr.text, insideRoot: false, origin: span };
      case 'searchPath':
        return unknown(`${expr.text} is a search path, outside ROOT`, span);
      case 'uri':
        return plainString(expr.text, span);
      case 'invalid':
        return unknown(expr.reason, span);
    }
  }

  /** A lazy value for `expr`, whose origin is where `expr` is written; literals and
   * already-bound variables need no new computation. */
  private thunk(expr: Expr, scope: Scope): Thunk {
    switch (expr.kind) {
      case 'int':
      case 'float':
      case 'uri':
      case 'lambda':
        return ready(this.evaluateNow(expr, scope));
      case 'string':
        if (expr.pieces.every((piece) => 'text' in piece)) return ready(this.evaluateNow(expr, scope));
        break;
      case 'var': {
        // The variable's own thunk shares its memo; the alias says where it is used.
        const bound = scope.local(expr.name);
        if (bound) return alias(bound, expr.span);
      }
    }
    return new ExprThunk(this, expr, scope);
  }

  /** Values the evaluator made up (true, null, builtins) take the place they are used at as origin. */
  private variable(name: string, scope: Scope, span: Span): Value {
    const bound = scope.resolve(name);
    if (!bound) return unknown(`undefined variable '${name}'`, span);
    if (!('force' in bound)) return unknown(bound.reason, span);
    const value = bound.force();
    return value.origin ? value : { ...value, origin: span };
  }

  private string(expr: ExprOf<'string'>, scope: Scope): Value {
    const pieces = expr.pieces;
    // Most strings are one piece of text: an array of one, not one grown by push (spare room for 17).
    if (pieces.length === 1 && 'text' in pieces[0]) {
      return this.budget.charge(1, expr.span) ?? stringOf([{ text: pieces[0].text, origin: pieces[0].span }], expr.span);
    }
    const parts: StringPart[] = [];
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      if ('text' in piece) parts.push({ text: piece.text, origin: piece.span });
      else for (const part of coerceToParts(this, this.evaluate(piece.interpolation, scope), 'interpolate', piece.interpolation.span)) parts.push(part);
    }
    return this.budget.charge(parts.length, expr.span) ?? stringOf(parts, expr.span);
  }

  private path(expr: ExprOf<'path'>, scope: Scope): Value {
    let text = '';
    for (const piece of expr.pieces) {
      if ('text' in piece) {
        text += piece.text;
        continue;
      }
      const value = stringOf(coerceToParts(this, this.evaluate(piece.interpolation, scope), 'interpolate', piece.interpolation.span));
      const why = unknownTextReason(value);
      if (why !== undefined) return unknown(`path with a part not known: ${why}`, expr.span);
      text += value.value;
    }
    return this.paths.literal(expr.span.file, text, expr.span);
  }

  private assert(expr: ExprOf<'assert'>, scope: Scope): Value {
    const condition = this.evaluate(expr.condition, scope);
    if (condition.kind === 'bool' && !condition.value) return unknown(`assertion failed at ${where(expr.condition.span)}`, expr.condition.span);
    if (condition.kind !== 'bool' && condition.kind !== 'unknown') return unknown(`\`assert\` needs a Boolean but got ${describe(condition)}`, expr.span);
    // An assertion that cannot be checked does not make the value unknown: had it failed,
    // Nix would have refused the whole configuration.
    return this.evaluate(expr.body, scope);
  }

  private lambda(expr: ExprOf<'lambda'>, scope: Scope): LambdaValue {
    const formals = expr.formals;
    return {
      kind: 'lambda',
      origin: expr.span,
      formals: formals?.names,
      optionalFormals: formals?.optional,
      ellipsis: formals?.ellipsis,
      call: (arg, site) => this.call(expr, scope, arg, site),
    };
  }

  private call(expr: ExprOf<'lambda'>, scope: Scope, arg: Thunk, site?: Span): Value {
    const vars = new ArgumentBindings(expr.names);
    const inner = scope.bind(vars);
    if (expr.param) vars.thunks[0] = arg;
    if (expr.formals) {
      const refusal = this.bindFormals(expr.formals, arg.force(), vars.thunks, expr.param ? 1 : 0, inner, site);
      if (refusal) return refusal;
    }
    return this.evaluate(expr.body, inner);
  }

  /**
   * Binds `{ a, b ? default, ... }` as Nix does: the argument must be a set with every
   * formal lacking a default and, without `...`, nothing else. An argument that is not
   * known leaves the formals unknown but the body still evaluates.
   */
  private bindFormals(
    formals: NonNullable<ExprOf<'lambda'>['formals']>,
    arg: Value,
    thunks: (Thunk | undefined)[],
    offset: number,
    inner: Scope,
    site?: Span,
  ): UnknownValue | undefined {
    const entries = formals.entries;
    if (arg.kind === 'unknown') {
      for (let i = 0; i < entries.length; i++) thunks[offset + i] = ready(unknown(arg.reason, arg.origin));
      return undefined;
    }
    if (arg.kind !== 'attrs') return unknown(`function expects a set as argument but got ${describe(arg)}`, site);
    if (!formals.ellipsis) {
      const unexpected = firstUnexpected(arg.attrs, formals.names);
      if (unexpected !== undefined) return unknown(`function called with unexpected argument '${unexpected}'`, site);
    }
    for (let i = 0; i < entries.length; i++) {
      const formal = entries[i];
      const given = arg.attrs.get(formal.name);
      if (given) thunks[offset + i] = given;
      else if (formal.fallback) thunks[offset + i] = this.thunk(formal.fallback, inner);
      else if (arg.partial) thunks[offset + i] = ready(unknown(arg.partial(formal.name), site));
      else return unknown(`function called without required argument '${formal.name}'`, site);
    }
    return undefined;
  }

  /** Evaluates an attrset (called by NestedThunk too, hence not private). */
  attrs(body: AttrsBody, recursive: boolean, outer: Scope, origin: Span): AttrsValue {
    const dynamic = body.dynamic;
    // Where the names were written is read from the body when asked (see BodyKeyOrigins);
    // dynamic names are set as they are evaluated.
    const keyOrigins: Map<string, Span> = dynamic.length === 0 ? new BodyKeyOrigins(body.entries) : new Map();
    const value: AttrsValue = { kind: 'attrs', attrs: new Map(), keyOrigins, origin };
    // A rec set's scope is its own attributes (dynamic ones included, a harmless superset of Nix).
    const inner = recursive ? outer.bind(value.attrs) : outer;
    const sources = this.define(body, value.attrs, dynamic.length === 0 ? undefined : keyOrigins, outer, inner);
    for (let i = 0; i < dynamic.length; i++) {
      const { key, def } = dynamic[i];
      const evaluated = this.evaluate(key, inner);
      // `${null} = …` defines nothing, as in Nix.
      if (evaluated.kind === 'null') continue;
      const name = attributeName(evaluated, key.span);
      if (typeof name !== 'string') {
        value.partial ??= (missing) => `attribute '${missing}' may be defined by a dynamic name not known: ${name.reason}`;
        continue;
      }
      const thunk = value.attrs.has(name) ? ready(unknown(`dynamic attribute '${name}' already defined`, def.keySpan)) : this.definition(def, outer, inner, sources);
      value.attrs.set(name, thunk);
      value.keyOrigins.set(name, def.keySpan);
    }
    return value;
  }

  /**
   * Binds the static definitions of an attrset or let. The thunks of `inherit (e) …` clauses'
   * sources, made here, are returned (undefined when there is none).
   */
  private define(body: AttrsBody, into: Map<string, Thunk> | LetBindings, keyOrigins: Map<string, Span> | undefined, outer: Scope, inner: Scope): Map<InheritSource, Thunk> | undefined {
    let sources: Map<InheritSource, Thunk> | undefined;
    const entries = body.entries;
    for (let i = 0; i < entries.length; i++) {
      const def = entries[i];
      if (def.kind === 'inherit' && def.source) sources ??= new Map();
      const thunk = this.definition(def, outer, inner, sources);
      if (into instanceof LetBindings) into.setAt(i, thunk);
      else into.set(def.name, thunk);
      keyOrigins?.set(def.name, def.keySpan);
    }
    return sources;
  }

  /**
   * `outer` is where the set or let is written, `inner` its own scope (the same for a plain
   * set). Values are evaluated in `inner`; `inherit x` looks in `outer`, `inherit (e) x`
   * evaluates `e` in `inner`, once for all the names it gives.
   */
  private definition(def: AttrDef, outer: Scope, inner: Scope, sources: Map<InheritSource, Thunk> | undefined): Thunk {
    switch (def.kind) {
      case 'value':
        return this.thunk(def.expr, inner);
      case 'nested':
        return new NestedThunk(this, def, inner);
      case 'inherit': {
        if (!def.source) {
          const bound = outer.local(def.name);
          return bound ? alias(bound, def.keySpan) : lazy(() => this.variable(def.name, outer, def.keySpan), def.keySpan);
        }
        const source = def.source;
        let from = sources!.get(source);
        if (!from) sources!.set(source, (from = this.thunk(source.expr, inner)));
        return new InheritedThunk(this, def, from, inner);
      }
    }
  }

  private select(expr: ExprOf<'select'>, scope: Scope): Value {
    return this.selectPath(this.evaluate(expr.subject, scope), expr.path, scope, expr.span, expr.fallback);
  }

  /** Selects `path` from `subject` (called by InheritedThunk too, hence not private). */
  selectPath(subject: Value, path: Key[], scope: Scope, span: Span, fallback?: Expr): Value {
    let value = subject;
    for (let i = 0; i < path.length; i++) {
      const key = path[i];
      const name = this.keyName(key, scope);
      if (typeof name !== 'string') return unknown(name.reason, span);
      const found = lookup(this, value, name);
      if ('found' in found) value = found.found.force();
      else if ('missing' in found) return fallback ? this.evaluate(fallback, scope) : unknown(found.missing, key.span);
      else return unknown(found.unknown.reason, span);
    }
    return value;
  }

  private hasAttr(expr: ExprOf<'hasAttr'>, scope: Scope): Value {
    let value = this.evaluate(expr.subject, scope);
    for (let i = 0; i < expr.path.length; i++) {
      const key = expr.path[i];
      const name = this.keyName(key, scope);
      if (typeof name !== 'string') return unknown(name.reason, expr.span);
      const found = lookup(this, value, name);
      if ('missing' in found) return bool(false, expr.span);
      if ('unknown' in found) return unknown(found.unknown.reason, expr.span);
      value = found.found.force();
    }
    return bool(true, expr.span);
  }

  private keyName(key: Key, scope: Scope): string | UnknownValue {
    return 'name' in key ? key.name : attributeName(this.evaluate(key.dynamic, scope), key.span);
  }

  private binary(expr: ExprOf<'binary'>, scope: Scope): Value {
    const { op, span } = expr;
    if (op !== '&&' && op !== '||' && op !== '->') {
      return binary(this, op as StrictOp, this.evaluate(expr.left, scope), this.evaluate(expr.right, scope), span);
    }
    // `a && b` is false when a is; `a || b` and `a -> b` are true when a (or !a) is. When the
    // left side is not known, a right side that decides alone still gives the answer.
    const decisive = op === '&&' ? false : true;
    const left = this.evaluate(expr.left, scope);
    if (left.kind !== 'bool' && left.kind !== 'unknown') return unknown(`\`${op}\` needs Booleans but got ${describe(left)}`, span);
    if (left.kind === 'bool' && (op === '->' ? !left.value : left.value) === decisive) return bool(decisive, span);
    const right = this.evaluate(expr.right, scope);
    if (right.kind === 'bool') {
      if (left.kind === 'bool' || right.value === decisive) return bool(right.value, span);
      return unknown(left.reason, span);
    }
    return unknown(right.kind === 'unknown' ? right.reason : `\`${op}\` needs Booleans but got ${describe(right)}`, span);
  }
}

/**
 * `lazy(() => interpreter.evaluate(expr, scope), expr.span)` as a class: the thunks of
 * expressions are the evaluator's most numerous objects, and a closure would add a function
 * and a context object to each (see Memo). Once forced it lets go of the expression and the
 * scope, as the closure did: they may be all that kept a file's syntax alive.
 */
class ExprThunk extends Memo {
  readonly origin: Span;

  constructor(
    private readonly interpreter: Interpreter,
    private expr: Expr | undefined,
    private scope: Scope | undefined,
  ) {
    super();
    this.origin = expr!.span;
  }

  protected compute(): Value {
    return this.interpreter.evaluate(this.expr!, this.scope!);
  }

  protected release(): void {
    this.expr = undefined;
    this.scope = undefined;
  }
}

/** The attrset of dotted definitions (`a.b = 1; a.c = 2;` defines `a`), evaluated when forced. */
class NestedThunk extends Memo {
  readonly origin: Span;

  constructor(
    private readonly interpreter: Interpreter,
    private def: Extract<AttrDef, { kind: 'nested' }> | undefined,
    private scope: Scope | undefined,
  ) {
    super();
    this.origin = def!.span;
  }

  protected compute(): Value {
    const def = this.def!;
    return this.interpreter.attrs(def.body, def.recursive, this.scope!, def.span);
  }

  protected release(): void {
    this.def = undefined;
    this.scope = undefined;
  }
}

/** `inherit (source) name;`: the name selected from the source's thunk, shared by the clause's names. */
class InheritedThunk extends Memo {
  readonly origin: Span;

  constructor(
    private readonly interpreter: Interpreter,
    private def: Extract<AttrDef, { kind: 'inherit' }> | undefined,
    private from: Thunk | undefined,
    private scope: Scope | undefined,
  ) {
    super();
    this.origin = def!.keySpan;
  }

  protected compute(): Value {
    const def = this.def!;
    return this.interpreter.selectPath(this.from!.force(), [{ name: def.name, span: def.keySpan }], this.scope!, def.keySpan);
  }

  protected release(): void {
    this.def = undefined;
    this.from = undefined;
    this.scope = undefined;
  }
}

/** The first name of `attrs` (in its order) that is not among `expected`. */
function firstUnexpected(attrs: Map<string, Thunk>, expected: string[]): string | undefined {
  const set = expected.length > 8 ? new Set(expected) : undefined;
  for (const name of attrs.keys()) if (!(set ? set.has(name) : expected.includes(name))) return name;
  return undefined;
}

/** The text of a dynamic attribute name, or why it is not known. */
function attributeName(value: Value, span: Span): string | UnknownValue {
  if (value.kind === 'unknown') return value;
  if (value.kind !== 'string') return unknown(`an attribute name must be a string but got ${describe(value)}`, span);
  const why = unknownTextReason(value);
  return why === undefined ? value.value : unknown(why, span);
}
