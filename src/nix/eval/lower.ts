import type { Span } from '../../source/span.js';
import type { ParsedNix, SyntaxNode } from '../parse.js';
import type { AttrDef, AttrsBody, BinaryOp, Expr, Formals, InheritSource, Key, Piece } from './ast.js';
import { indentedStringPieces, plainStringPieces, type Pieces, type Segment } from './string-literals.js';
import { readNix, ReaderGaveUp } from '../read.js';

/**
 * Lowers a parsed file to the evaluator's syntax tree. Errors that Nix's parser reports
 * and tree-sitter does not (an attribute defined twice, a dynamic name in `let`) are
 * appended to `parsed.errors`. Nesting deeper than `maxNesting` becomes an `invalid`
 * expression, so a hostile file cannot exhaust the stack here.
 */
export function lowerFile(parsed: ParsedNix, maxNesting: number): Expr {
  return new Lowering(parsed, maxNesting).file();
}

/**
 * A syntax node copied out of tree-sitter. One cursor walk copies the whole tree, which is
 * an order of magnitude faster than reading native nodes one property at a time. Only
 * what the lowering reads is copied: named nodes (but not the pieces of string literals,
 * which are lexed from the source text, nor comments) and tokens in a field (a binary
 * expression's operator).
 */
export interface SyntaxCopy {
  type: string;
  start: number;
  end: number;
  field?: string;
  children: SyntaxCopy[];
  /** Set on a binding's value that is copied (and lowered) only when it is evaluated. */
  deferred?: () => SyntaxCopy;
}

type Node = SyntaxCopy;

/** The copy of a tree-sitter (sub)tree; `defer` as in the reader (see DEFERRED_VALUES). */
export function copySyntax(root: SyntaxNode, defer: boolean): SyntaxCopy {
  return copyTree(root, defer);
}

/** Iterative, so a file nested thousands of levels deep cannot overflow the stack. */
function copyTree(root: SyntaxNode, defer = true): Node {
  const cursor = root.walk();
  const top: Node = { type: cursor.nodeType, start: cursor.startIndex, end: cursor.endIndex, children: NO_CHILDREN };
  // The copy of each node on the cursor's path; undefined for tokens not copied.
  const path: (Node | undefined)[] = [top];
  for (;;) {
    const parent = path[path.length - 1];
    if (parent && cursor.gotoFirstChild()) {
      path.push(copyNode(parent, cursor, defer));
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return top;
      path.pop();
    }
    path.pop();
    path.push(copyNode(path[path.length - 1]!, cursor, defer));
  }
}

const NOT_READ = new Set(['string_fragment', 'escape_sequence', 'dollar_escape', 'comment']);

/** Shared by all leaves until they get a child: most nodes are leaves. */
const NO_CHILDREN: Node[] = [];

/**
 * The values of bindings that are whole expressions of their own (functions, applications,
 * lets, lists, indented strings, attrsets, …) are not copied with the file: a module's
 * options, services and scripts are mostly never evaluated by a lint, and copying syntax out
 * of tree-sitter is most of the cost of lowering. An attrset literal that `a = { … }; a.b =
 * …;` merges is lowered at once (see Lowering.literal); errors Nix reports at parse time
 * inside the others (an attribute defined twice) are found when they are evaluated.
 */
const DEFERRED_VALUES = new Set([
  'attrset_expression',
  'rec_attrset_expression',
  'function_expression',
  'apply_expression',
  'let_expression',
  'with_expression',
  'assert_expression',
  'if_expression',
  'list_expression',
  'indented_string_expression',
  'binary_expression',
]);

/** Copies the cursor's node into `parent`; the copy to descend into, or undefined when its
 * children are not copied (tokens, string fragments, comments, deferred values). */
function copyNode(parent: Node, cursor: ReturnType<SyntaxNode['walk']>, defer: boolean): Node | undefined {
  const field = cursor.currentFieldName ?? undefined;
  if (!field && !cursor.nodeIsNamed) return undefined;
  const type = cursor.nodeType;
  if (NOT_READ.has(type)) return undefined;
  const node: Node = { type, start: cursor.startIndex, end: cursor.endIndex, field, children: NO_CHILDREN };
  if (parent.children === NO_CHILDREN) parent.children = [];
  parent.children.push(node);
  if (defer && field === 'expression' && parent.type === 'binding' && DEFERRED_VALUES.has(type)) {
    const syntax = cursor.currentNode;
    node.deferred = () => copyTree(syntax);
    return undefined;
  }
  return node;
}

/** The outermost expression node of tree-sitter's tree written exactly at [start, end). */
function syntaxAt(root: SyntaxNode, start: number, end: number): SyntaxNode {
  let node = root.descendantForIndex(start, end);
  while (node.parent && node.parent.startIndex === start && node.parent.endIndex === end && node.parent.type !== 'binding') node = node.parent;
  if (node.startIndex !== start || node.endIndex !== end) throw new Error(`no syntax node at [${start}, ${end})`);
  return node;
}

/** The child in field `name`. (Loops rather than find/filter with a closure: the lowering
 * runs mostly before the JIT has optimized it, where each closure is an allocation.) */
function field(node: Node, name: string): Node | undefined {
  const children = node.children;
  for (let i = 0; i < children.length; i++) if (children[i].field === name) return children[i];
  return undefined;
}

/** `lower` of each child in field `name`, in an array of their number (the AST keeps it). */
function mapFields<T>(node: Node, name: string, lower: (child: Node) => T): T[] {
  const children = node.children;
  for (let i = 0; i < children.length; i++) if (children[i].field !== name) return children.filter((c) => c.field === name).map(lower);
  return children.map(lower);
}

/** Functions with more names than this look them up in an index (see ArgumentBindings). */
const INDEX_NAMES_FROM = 12;

function callNames(param: { name: string } | undefined, formals: Formals | undefined): Extract<Expr, { kind: 'lambda' }>['names'] {
  const list = param ? [param.name, ...(formals?.names ?? [])] : (formals?.names ?? []);
  let index: Map<string, number> | undefined;
  if (list.length > INDEX_NAMES_FROM) {
    index = new Map(list.map((name, i) => [name, i]));
    // A name written twice is an error Nix reports at parse time: no index then, the function is not evaluated.
    if (index.size < list.length) index = undefined;
  }
  return { list, index };
}

function hasDynamic(path: Key[]): boolean {
  for (let i = 0; i < path.length; i++) if ('dynamic' in path[i]) return true;
  return false;
}

/** The static names among `path[0..i]`: the attribute written, as error messages name it. */
function staticNames(path: Key[], i: number): string[] {
  const names: string[] = [];
  for (let j = 0; j <= i; j++) {
    const key = path[j];
    if ('name' in key) names.push(key.name);
  }
  return names;
}

/** Shared by bodies without dynamic attributes (nearly all); replaced on the first one. */
const NO_DYNAMIC: AttrsBody['dynamic'] = [];
/** A body with more names than this is indexed while it is built (see AttrsBody). */
const INDEX_FROM = 8;

/** The definition of `name` in `body`. */
function definitionOf(body: AttrsBody, name: string): AttrDef | undefined {
  const entries = body.entries;
  if (body.index) {
    const i = body.index.get(name);
    return i === undefined ? undefined : entries[i];
  }
  for (let i = 0; i < entries.length; i++) if (entries[i].name === name) return entries[i];
  return undefined;
}

/** Adds a definition of a name `body` does not define yet. */
function append(body: AttrsBody, def: AttrDef): void {
  const entries = body.entries;
  if (!body.index && entries.length >= INDEX_FROM) {
    const index = new Map<string, number>();
    entries.forEach((d, i) => index.set(d.name, i));
    body.index = index;
  }
  body.index?.set(def.name, entries.length);
  entries.push(def);
}

/** Puts `def` in the place of `existing`, the definition of the same name. */
function replace(body: AttrsBody, existing: AttrDef, def: AttrDef): void {
  body.entries[body.index ? body.index.get(def.name)! : body.entries.indexOf(existing)] = def;
}

/**
 * An expression lowered when first evaluated, at the nesting it is written at. An error
 * that Nix reports at parse time (an attribute defined twice) found in it then makes it an
 * invalid expression, and is reported with the file's syntax errors.
 *
 * A class rather than closures over the lowering: a lint holds thousands of deferred values
 * that are never evaluated, and each closure pair would cost two functions and a context.
 * Once lowered, it lets go of its syntax and of the lowering.
 */
class DeferredExpr {
  readonly kind = 'deferred';
  lowered: Expr | undefined = undefined;
  failed: Expr | undefined = undefined;

  constructor(
    private lowering: Lowering | undefined,
    private node: Node | undefined,
    private readonly depth: number,
    readonly span: Span,
    readonly literal: boolean,
  ) {}

  /** The expression as written (a `literal` attrset merges into another: see Lowering.define). */
  lower(): Expr {
    if (this.lowered) return this.lowered;
    this.lowering!.lowerDeferred(this, this.node!, this.depth);
    this.lowering = undefined;
    this.node = undefined;
    return this.lowered!;
  }

  /** What evaluates: an invalid expression when lowering found an error Nix reports at parse time. */
  load(): Expr {
    const lowered = this.lower();
    return this.failed ?? lowered;
  }
}

class Lowering {
  private depth = 0;
  /** Bodies being built, compacted when the binding set they are written in is done (`finish`). */
  private readonly building: AttrsBody[] = [];
  /** The file's line map, which parse.ts made: spans are made from it. */
  private readonly lines: ParsedNix['lines'];

  constructor(
    private readonly parsed: ParsedNix,
    private readonly maxNesting: number,
  ) {
    this.lines = parsed.lines;
  }

  file(): Expr {
    const root = this.syntax();
    const expression = field(root, 'expression');
    if (!expression) return { kind: 'invalid', reason: 'the file holds no expression', span: this.span(root) };
    return this.expr(expression);
  }

  private span(node: Node): Span {
    return this.lines.span(this.parsed.file, node.start, node.end);
  }

  private spanOf(start: number, end: number): Span {
    return this.lines.span(this.parsed.file, start, end);
  }

  private text(node: Node): string {
    return this.parsed.text.slice(node.start, node.end);
  }

  private error(span: Span, message: string): void {
    this.parsed.errors.push({ span, message });
  }

  private expr(node: Node): Expr {
    if (this.depth >= this.maxNesting) {
      return { kind: 'invalid', reason: `expression nested deeper than ${this.maxNesting} levels`, span: this.span(node) };
    }
    if (node.deferred) return this.deferred(node, this.span(node));
    this.depth++;
    try {
      return this.exprAt(node);
    } finally {
      this.depth--;
    }
  }

  /**
   * An expression lowered when first evaluated, at the nesting it is written at. An error
   * that Nix reports at parse time (an attribute defined twice) found in it then makes it an
   * invalid expression, and is reported with the file's syntax errors.
   */
  /**
   * The file's syntax: read from its text (src/nix/read.ts) when tree-sitter found no error
   * in it at all — or before its verdict is in (read ahead: src/nix/syntax-checks.ts) —
   * else, or when the reader gives up, copied from tree-sitter's tree.
   */
  private syntax(): Node {
    const parsed = this.parsed;
    if (parsed.treeHasErrors !== true) {
      const ahead = parsed.treeHasErrors === undefined;
      try {
        const read = readNix(parsed.text, true);
        if (ahead) parsed.readAhead = true;
        return read;
      } catch (error) {
        if (!(error instanceof ReaderGaveUp)) throw error;
      }
    }
    const root = parsed.root;
    // The verdict came in just now, with errors: like Nix, nothing of the file is evaluated.
    if (parsed.errors.length > 0) return { type: 'ERROR', start: 0, end: 0, children: NO_CHILDREN };
    return copyTree(root);
  }

  /** A deferred node's syntax; tree-sitter's copy of it when the reader gives up. */
  private load(node: Node): Node {
    try {
      return node.deferred!();
    } catch (error) {
      if (!(error instanceof ReaderGaveUp)) throw error;
      const root = this.parsed.root;
      // Read ahead, and tree-sitter finds errors: the lint is evaluated again (syntax-checks.ts).
      if (this.parsed.readAhead && this.parsed.treeHasErrors) return { type: 'ERROR', start: node.start, end: node.end, children: NO_CHILDREN };
      return copyTree(syntaxAt(root, node.start, node.end));
    }
  }

  private deferred(node: Node, span: Span): Expr {
    const literal = node.type === 'attrset_expression' || node.type === 'rec_attrset_expression';
    return new DeferredExpr(this, node, this.depth, span, literal);
  }

  /** Lowers a deferred expression's syntax at the nesting it is written at (DeferredExpr.lower). */
  lowerDeferred(deferred: DeferredExpr, node: Node, depth: number): void {
    const errors = this.parsed.errors.length;
    const outer = this.depth;
    this.depth = depth;
    try {
      deferred.lowered = this.expr(this.load(node));
    } finally {
      this.depth = outer;
    }
    const first = this.parsed.errors[errors];
    if (first) deferred.failed = { kind: 'invalid', reason: `syntax error in ${first.span.file} at ${first.span.file}:${first.span.line}:${first.span.column}: ${first.message}`, span: deferred.span };
  }

  /** The attrset literal `expr` is, lowering it now when it was deferred; undefined when it is not one. */
  private literal(expr: Expr): Extract<Expr, { kind: 'attrs' }> | undefined {
    if (expr.kind === 'attrs') return expr;
    if (expr.kind !== 'deferred' || !expr.literal) return undefined;
    const lowered = expr.lower();
    return lowered.kind === 'attrs' ? lowered : undefined;
  }

  private sub(node: Node, name: string): Expr {
    return this.expr(field(node, name)!);
  }

  private exprAt(node: Node): Expr {
    // The only expression without a span of its own.
    if (node.type === 'parenthesized_expression') return this.sub(node, 'expression');
    const span = this.span(node);
    // Cases by how often a fleet writes them (a switch compares them in turn until the JIT
    // has optimized it, and the lowering mostly runs before).
    switch (node.type) {
      case 'variable_expression':
        return { kind: 'var', name: this.text(field(node, 'name')!), span };
      case 'string_expression':
        return { kind: 'string', pieces: this.plainString(node), span };
      case 'apply_expression':
        return { kind: 'apply', fn: this.sub(node, 'function'), arg: this.sub(node, 'argument'), span };
      case 'attrset_expression':
      case 'rec_attrset_expression':
        return { kind: 'attrs', recursive: node.type === 'rec_attrset_expression', body: this.body(node, true), span };
      case 'select_expression': {
        const fallback = field(node, 'default');
        const path = this.attrpath(field(node, 'attrpath')!);
        return { kind: 'select', subject: this.sub(node, 'expression'), path, fallback: fallback && this.expr(fallback), span };
      }
      case 'list_expression':
        return { kind: 'list', items: mapFields(node, 'element', (e) => this.expr(e)), span };
      case 'integer_expression':
        return { kind: 'int', value: Number(this.text(node)), span };
      case 'function_expression':
        return this.lambda(node, span);
      case 'path_expression':
        return { kind: 'path', pieces: this.pathPieces(node), span };
      case 'binary_expression':
        return { kind: 'binary', op: field(node, 'operator')!.type as BinaryOp, left: this.sub(node, 'left'), right: this.sub(node, 'right'), span };
      case 'let_expression':
        return { kind: 'let', body: this.body(node, false), result: this.sub(node, 'body'), span };
      case 'indented_string_expression':
        return { kind: 'string', pieces: this.stringPieces(node, 2, indentedStringPieces), span };
      case 'with_expression':
        return { kind: 'with', scope: this.sub(node, 'environment'), body: this.sub(node, 'body'), span };
      case 'if_expression':
        return { kind: 'if', condition: this.sub(node, 'condition'), then: this.sub(node, 'consequence'), else: this.sub(node, 'alternative'), span };
      case 'assert_expression':
        return { kind: 'assert', condition: this.sub(node, 'condition'), body: this.sub(node, 'body'), span };
      case 'has_attr_expression':
        return { kind: 'hasAttr', subject: this.sub(node, 'expression'), path: this.attrpath(field(node, 'attrpath')!), span };
      case 'unary_expression':
        return { kind: field(node, 'operator')!.type === '!' ? 'not' : 'negate', operand: this.sub(node, 'argument'), span };
      case 'float_expression':
        return { kind: 'float', value: Number.parseFloat(this.text(node)), span };
      case 'hpath_expression':
        return { kind: 'homePath', text: this.text(node), span };
      case 'spath_expression':
        return { kind: 'searchPath', text: this.text(node), span };
      case 'uri_expression':
        return { kind: 'uri', text: this.text(node), span };
      case 'let_attrset_expression': {
        // The legacy `let { …; body = e; }` is `(rec { … }).body`.
        const attrs: Expr = { kind: 'attrs', recursive: true, body: this.body(node, true), span };
        return { kind: 'select', subject: attrs, path: [{ name: 'body', span }], span };
      }
      default:
        return { kind: 'invalid', reason: `unsupported syntax \`${node.type}\``, span };
    }
  }

  /** `"…"`: most are plain text, one piece without escapes, made here without the lexer. */
  private plainString(node: Node): Piece[] {
    const text = this.parsed.text;
    const start = node.start + 1;
    const end = node.end - 1;
    if (node.children.length > 0) return this.stringPieces(node, 1, plainStringPieces);
    if (end <= start) return [];
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 92 || c === 13) return this.stringPieces(node, 1, plainStringPieces);
    }
    return [{ text: text.slice(start, end), span: this.spanOf(start, end) }];
  }

  private stringPieces(node: Node, delimiter: number, lex: (source: string, segments: Segment<Expr>[]) => Pieces<Expr>): Piece[] {
    const segments: Segment<Expr>[] = [];
    let at = node.start + delimiter;
    const children = node.children;
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (child.type !== 'interpolation') continue;
      if (child.start > at) segments.push({ start: at, end: child.start });
      segments.push({ interpolation: this.interpolation(child) });
      at = child.end;
    }
    const end = node.end - delimiter;
    if (end > at) segments.push({ start: at, end });
    return lex(this.parsed.text, segments).map((piece) =>
      'interpolation' in piece ? piece : { text: piece.text, span: this.spanOf(piece.start, piece.end) },
    );
  }

  private interpolation(node: Node): Expr {
    const inner = field(node, 'expression');
    return inner ? this.expr(inner) : { kind: 'invalid', reason: 'empty interpolation', span: this.span(node) };
  }

  private pathPieces(node: Node): Piece[] {
    return node.children.map((child) =>
      child.type === 'interpolation' ? { interpolation: this.interpolation(child) } : { text: this.text(child), span: this.span(child) },
    );
  }

  private lambda(node: Node, span: Span): Expr {
    const universal = field(node, 'universal');
    const param = universal && { name: this.text(universal), span: this.span(universal) };
    const formalsNode = field(node, 'formals');
    let formals: Formals | undefined;
    if (formalsNode) {
      const ellipsis = field(formalsNode, 'ellipses') !== undefined;
      const entries: Formals['entries'] = [];
      const seen = new Set(param ? [param.name] : []);
      const children = formalsNode.children;
      for (let i = 0; i < children.length; i++) {
        const formal = children[i];
        // Zero-width formals are the trailing-comma artefact (see trailingCommaArtefacts).
        if (formal.field !== 'formal' || formal.end <= formal.start) continue;
        const nameNode = field(formal, 'name')!;
        const name = this.text(nameNode);
        const fallback = field(formal, 'default');
        if (seen.has(name)) this.error(this.span(nameNode), `duplicate formal function argument '${name}'`);
        seen.add(name);
        entries.push({ name, span: this.span(nameNode), fallback: fallback && this.expr(fallback) });
      }
      // An array grown by push keeps spare room; the AST lives as long as the lint.
      const exact = entries.slice();
      formals = { entries: exact, ellipsis, names: exact.map((f) => f.name), optional: exact.filter((f) => f.fallback).map((f) => f.name) };
    }
    return { kind: 'lambda', param, formals, body: this.expr(field(node, 'body')!), span, names: callNames(param, formals) };
  }

  private attrpath(node: Node): Key[] {
    return mapFields(node, 'attr', (attr) => this.key(attr));
  }

  /** Identifiers, plain strings and `${"constant"}` are static names, as in Nix's parser. */
  private key(node: Node): Key {
    const span = this.span(node);
    if (node.type === 'identifier') return { name: this.text(node), span };
    const expr = node.type === 'interpolation' ? this.interpolation(node) : this.expr(node);
    if (expr.kind === 'string' && expr.pieces.every((p) => 'text' in p)) {
      return { name: expr.pieces.map((p) => ('text' in p ? p.text : '')).join(''), span };
    }
    return { dynamic: expr, span };
  }

  /** A new body, to be compacted by `finish`. */
  private emptyBody(): AttrsBody {
    const body: AttrsBody = { entries: [], dynamic: NO_DYNAMIC, index: undefined };
    this.building.push(body);
    return body;
  }

  /**
   * Copies the arrays of the bodies made since `mark` to arrays of their size: an array grown
   * by push keeps room for 17 elements, and bodies live as long as the lint. (A body still
   * grows when a later binding of the same set merges into it: `a = { … }; a.b = 1;` — it is
   * compacted again with that set.)
   */
  private finish(mark: number): void {
    const building = this.building;
    for (let i = mark; i < building.length; i++) {
      const body = building[i];
      body.entries = body.entries.slice();
      if (body.dynamic !== NO_DYNAMIC) body.dynamic = body.dynamic.slice();
    }
    building.length = mark;
  }

  private body(node: Node, dynamicAllowed: boolean): AttrsBody {
    const mark = this.building.length;
    try {
      return this.bindings(this.emptyBody(), node, dynamicAllowed);
    } finally {
      this.finish(mark);
    }
  }

  private bindings(body: AttrsBody, node: Node, dynamicAllowed: boolean): AttrsBody {
    let bindingSet: Node | undefined;
    for (let i = 0; i < node.children.length && !bindingSet; i++) if (node.children[i].type === 'binding_set') bindingSet = node.children[i];
    if (!bindingSet) return body;
    const bindings = bindingSet.children;
    for (let b = 0; b < bindings.length; b++) {
      const binding = bindings[b];
      if (binding.field !== 'binding') continue;
      if (binding.type === 'binding') {
        const attrpath = field(binding, 'attrpath')!;
        const only = attrpath.children.length === 1 ? attrpath.children[0] : undefined;
        if (only?.type === 'identifier') {
          // `name = value;`, most bindings: without a Key and a path of one.
          const name = this.text(only);
          const keySpan = this.span(only);
          this.assign(body, name, keySpan, this.expr(field(binding, 'expression')!), undefined, 0);
          continue;
        }
        const path = this.attrpath(attrpath);
        const value = this.expr(field(binding, 'expression')!);
        if (!dynamicAllowed && hasDynamic(path)) {
          this.error(this.span(binding), 'dynamic attributes are not allowed in let');
          continue;
        }
        this.define(body, path, value);
      } else {
        const from = field(binding, 'expression');
        const source: InheritSource | undefined = from && { expr: this.expr(from) };
        const keys = this.attrpath(field(binding, 'attrs')!);
        for (let k = 0; k < keys.length; k++) {
          const key = keys[k];
          if ('dynamic' in key) this.error(key.span, 'dynamic attributes are not allowed in inherit');
          else this.add(body, { kind: 'inherit', name: key.name, source, keySpan: key.span }, [key.name]);
        }
      }
    }
    return body;
  }

  /** Adds `path = value`, creating or entering nested attrsets as Nix's parser does. */
  private define(body: AttrsBody, path: Key[], value: Expr): void {
    let target = body;
    for (let i = 0; i < path.length; i++) {
      const key = path[i];
      const last = i === path.length - 1;
      if ('dynamic' in key) {
        const def: AttrDef = last ? { kind: 'value', name: '', expr: value, keySpan: key.span } : this.nested('', key.span, this.emptyBody(), false, key.span);
        if (target.dynamic === NO_DYNAMIC) target.dynamic = [];
        target.dynamic.push({ key: key.dynamic, def });
        if (def.kind !== 'nested') return;
        target = def.body;
        continue;
      }
      if (last) return this.assign(target, key.name, key.span, value, path, i);
      const existing = definitionOf(target, key.name);
      if (!existing) {
        const nested = this.nested(key.name, key.span, this.emptyBody(), false, key.span);
        append(target, nested);
        target = nested.body;
        continue;
      }
      const nested = this.asNested(target, existing);
      if (!nested) return this.duplicate(key.span, staticNames(path, i), existing);
      target = nested.body;
    }
  }

  /** `name = value` in `target`: the last name of a binding's path, `path[0..i]` (or `name` alone). */
  private assign(target: AttrsBody, name: string, keySpan: Span, value: Expr, path: Key[] | undefined, i: number): void {
    const existing = definitionOf(target, name);
    if (!existing) return append(target, { kind: 'value', name, expr: value, keySpan });
    const written = path ? staticNames(path, i) : [name];
    const literal = this.literal(value);
    const into = literal && this.asNested(target, existing);
    return into && literal ? this.mergeShallow(into, literal.body, written) : this.duplicate(keySpan, written, existing);
  }

  private nested(name: string, keySpan: Span, body: AttrsBody, recursive: boolean, span: Span): Extract<AttrDef, { kind: 'nested' }> {
    return { kind: 'nested', name, body, recursive, keySpan, span };
  }

  /** An existing definition that further attributes may be merged into: dotted-path
   * attrsets and attrset literals (which become nested definitions from here on). */
  private asNested(target: AttrsBody, existing: AttrDef): Extract<AttrDef, { kind: 'nested' }> | undefined {
    if (existing.kind === 'nested') return existing;
    const literal = existing.kind === 'value' ? this.literal(existing.expr) : undefined;
    if (!literal) return undefined;
    const nested = this.nested(existing.name, existing.keySpan, literal.body, literal.recursive, literal.span);
    replace(target, existing, nested);
    // More definitions may now be merged into the literal's body.
    this.building.push(literal.body);
    return nested;
  }

  /** `a = { x = 1; }; a = { y = 2; };`: Nix merges one level only; a name defined in both is an error. */
  private mergeShallow(into: Extract<AttrDef, { kind: 'nested' }>, from: AttrsBody, written: string[]): void {
    for (const def of from.entries) this.add(into.body, def, [...written, def.name]);
    if (from.dynamic.length > 0) into.body.dynamic = [...into.body.dynamic, ...from.dynamic];
  }

  private add(body: AttrsBody, def: AttrDef, path: string[]): void {
    const existing = definitionOf(body, def.name);
    if (existing) this.duplicate(def.keySpan, path, existing);
    else append(body, def);
  }

  private duplicate(span: Span, path: string[], existing: AttrDef): void {
    const first = existing.keySpan;
    this.error(span, `attribute '${path.join('.')}' already defined at ${first.file}:${first.line}:${first.column}`);
  }
}
