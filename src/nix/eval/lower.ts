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

const field = (node: Node, name: string) => node.children.find((c) => c.field === name);
const fields = (node: Node, name: string) => node.children.filter((c) => c.field === name);

function emptyBody(): AttrsBody {
  return { entries: new Map(), dynamic: [] };
}

class Lowering {
  private depth = 0;
  /** Offsets where lines start: spans are made here without LineMap's temporaries, as a
   * large file has hundreds of thousands of them. */
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly parsed: ParsedNix,
    private readonly maxNesting: number,
  ) {
    const text = parsed.text;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  file(): Expr {
    const root = this.syntax();
    const expression = field(root, 'expression');
    if (!expression) return { kind: 'invalid', reason: 'the file holds no expression', span: this.span(root) };
    return this.expr(expression);
  }

  private span(node: Node): Span {
    return this.spanOf(node.start, node.end);
  }

  private spanOf(start: number, end: number): Span {
    const line = this.lineOf(start);
    const endLine = end === start ? line : this.lineOf(end);
    return {
      file: this.parsed.file,
      startIndex: start,
      endIndex: end,
      line: line + 1,
      column: start - this.lineStarts[line] + 1,
      endLine: endLine + 1,
      endColumn: end - this.lineStarts[endLine] + 1,
    };
  }

  /** 0-based line of an offset (binary search). */
  private lineOf(index: number): number {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
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
   * in it at all, else — or when the reader gives up — copied from tree-sitter's tree.
   */
  private syntax(): Node {
    if (this.parsed.treeHasErrors === false) {
      try {
        return readNix(this.parsed.text, true);
      } catch (error) {
        if (!(error instanceof ReaderGaveUp)) throw error;
      }
    }
    return copyTree(this.parsed.root);
  }

  /** A deferred node's syntax; tree-sitter's copy of it when the reader gives up. */
  private load(node: Node): Node {
    try {
      return node.deferred!();
    } catch (error) {
      if (!(error instanceof ReaderGaveUp)) throw error;
      return copyTree(syntaxAt(this.parsed.root, node.start, node.end));
    }
  }

  private deferred(node: Node, span: Span): Expr {
    const type = node.type;
    const depth = this.depth;
    let lowered: Expr | undefined;
    let failed: Expr | undefined;
    const lower = (): Expr => {
      if (lowered) return lowered;
      const errors = this.parsed.errors.length;
      const outer = this.depth;
      this.depth = depth;
      try {
        lowered = this.expr(this.load(node));
      } finally {
        this.depth = outer;
      }
      const first = this.parsed.errors[errors];
      if (first) failed = { kind: 'invalid', reason: `syntax error in ${first.span.file} at ${first.span.file}:${first.span.line}:${first.span.column}: ${first.message}`, span };
      return lowered;
    };
    const literal = type === 'attrset_expression' || type === 'rec_attrset_expression';
    return { kind: 'deferred', span, literal, lower, load: () => (lower(), failed ?? lowered!) };
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
    const span = this.span(node);
    switch (node.type) {
      case 'integer_expression':
        return { kind: 'int', value: Number(this.text(node)), span };
      case 'float_expression':
        return { kind: 'float', value: Number.parseFloat(this.text(node)), span };
      case 'string_expression':
        return { kind: 'string', pieces: this.stringPieces(node, 1, plainStringPieces), span };
      case 'indented_string_expression':
        return { kind: 'string', pieces: this.stringPieces(node, 2, indentedStringPieces), span };
      case 'path_expression':
        return { kind: 'path', pieces: this.pathPieces(node), span };
      case 'hpath_expression':
        return { kind: 'homePath', text: this.text(node), span };
      case 'spath_expression':
        return { kind: 'searchPath', text: this.text(node), span };
      case 'uri_expression':
        return { kind: 'uri', text: this.text(node), span };
      case 'variable_expression':
        return { kind: 'var', name: this.text(field(node, 'name')!), span };
      case 'parenthesized_expression':
        return this.sub(node, 'expression');
      case 'list_expression':
        return { kind: 'list', items: fields(node, 'element').map((e) => this.expr(e)), span };
      case 'attrset_expression':
      case 'rec_attrset_expression':
        return { kind: 'attrs', recursive: node.type === 'rec_attrset_expression', body: this.body(node, true), span };
      case 'let_attrset_expression': {
        // The legacy `let { …; body = e; }` is `(rec { … }).body`.
        const attrs: Expr = { kind: 'attrs', recursive: true, body: this.body(node, true), span };
        return { kind: 'select', subject: attrs, path: [{ name: 'body', span }], span };
      }
      case 'let_expression':
        return { kind: 'let', body: this.body(node, false), result: this.sub(node, 'body'), span };
      case 'with_expression':
        return { kind: 'with', scope: this.sub(node, 'environment'), body: this.sub(node, 'body'), span };
      case 'assert_expression':
        return { kind: 'assert', condition: this.sub(node, 'condition'), body: this.sub(node, 'body'), span };
      case 'if_expression':
        return { kind: 'if', condition: this.sub(node, 'condition'), then: this.sub(node, 'consequence'), else: this.sub(node, 'alternative'), span };
      case 'function_expression':
        return this.lambda(node, span);
      case 'apply_expression':
        return { kind: 'apply', fn: this.sub(node, 'function'), arg: this.sub(node, 'argument'), span };
      case 'select_expression': {
        const fallback = field(node, 'default');
        const path = this.attrpath(field(node, 'attrpath')!);
        return { kind: 'select', subject: this.sub(node, 'expression'), path, fallback: fallback && this.expr(fallback), span };
      }
      case 'has_attr_expression':
        return { kind: 'hasAttr', subject: this.sub(node, 'expression'), path: this.attrpath(field(node, 'attrpath')!), span };
      case 'binary_expression':
        return { kind: 'binary', op: field(node, 'operator')!.type as BinaryOp, left: this.sub(node, 'left'), right: this.sub(node, 'right'), span };
      case 'unary_expression':
        return { kind: field(node, 'operator')!.type === '!' ? 'not' : 'negate', operand: this.sub(node, 'argument'), span };
      default:
        return { kind: 'invalid', reason: `unsupported syntax \`${node.type}\``, span };
    }
  }

  private stringPieces(node: Node, delimiter: number, lex: (source: string, segments: Segment<Expr>[]) => Pieces<Expr>): Piece[] {
    const segments: Segment<Expr>[] = [];
    let at = node.start + delimiter;
    for (const child of node.children) {
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
      formals = { entries: [], ellipsis: field(formalsNode, 'ellipses') !== undefined };
      const seen = new Set(param ? [param.name] : []);
      // Zero-width formals are the trailing-comma artefact (see trailingCommaArtefacts).
      for (const formal of fields(formalsNode, 'formal').filter((f) => f.end > f.start)) {
        const nameNode = field(formal, 'name')!;
        const name = this.text(nameNode);
        const fallback = field(formal, 'default');
        if (seen.has(name)) this.error(this.span(nameNode), `duplicate formal function argument '${name}'`);
        seen.add(name);
        formals.entries.push({ name, span: this.span(nameNode), fallback: fallback && this.expr(fallback) });
      }
    }
    return { kind: 'lambda', param, formals, body: this.expr(field(node, 'body')!), span };
  }

  private attrpath(node: Node): Key[] {
    return fields(node, 'attr').map((attr) => this.key(attr));
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

  private body(node: Node, dynamicAllowed: boolean): AttrsBody {
    const body = emptyBody();
    const bindingSet = node.children.find((c) => c.type === 'binding_set');
    if (!bindingSet) return body;
    for (const binding of fields(bindingSet, 'binding')) {
      if (binding.type === 'binding') {
        const path = this.attrpath(field(binding, 'attrpath')!);
        const value = this.expr(field(binding, 'expression')!);
        if (!dynamicAllowed && path.some((key) => 'dynamic' in key)) {
          this.error(this.span(binding), 'dynamic attributes are not allowed in let');
          continue;
        }
        this.define(body, path, value);
      } else {
        const from = field(binding, 'expression');
        const source: InheritSource | undefined = from && { expr: this.expr(from) };
        for (const key of this.attrpath(field(binding, 'attrs')!)) {
          if ('dynamic' in key) this.error(key.span, 'dynamic attributes are not allowed in inherit');
          else this.add(body, key.name, { kind: 'inherit', name: key.name, source, keySpan: key.span }, [key.name]);
        }
      }
    }
    return body;
  }

  /** Adds `path = value`, creating or entering nested attrsets as Nix's parser does. */
  private define(body: AttrsBody, path: Key[], value: Expr): void {
    let target = body;
    const written: string[] = [];
    for (const [i, key] of path.entries()) {
      const last = i === path.length - 1;
      if ('dynamic' in key) {
        const def: AttrDef = last ? { kind: 'value', expr: value, keySpan: key.span } : this.nested(key.span, emptyBody(), false, key.span);
        target.dynamic.push({ key: key.dynamic, def });
        if (def.kind !== 'nested') return;
        target = def.body;
        continue;
      }
      written.push(key.name);
      const existing = target.entries.get(key.name);
      if (last) {
        if (!existing) return void target.entries.set(key.name, { kind: 'value', expr: value, keySpan: key.span });
        const literal = this.literal(value);
        const into = literal && this.asNested(target, key.name, existing);
        return into && literal ? this.mergeShallow(into, literal.body, written) : this.duplicate(key.span, written, existing);
      }
      if (!existing) {
        const nested = this.nested(key.span, emptyBody(), false, key.span);
        target.entries.set(key.name, nested);
        target = nested.body;
        continue;
      }
      const nested = this.asNested(target, key.name, existing);
      if (!nested) return this.duplicate(key.span, written, existing);
      target = nested.body;
    }
  }

  private nested(keySpan: Span, body: AttrsBody, recursive: boolean, span: Span): Extract<AttrDef, { kind: 'nested' }> {
    return { kind: 'nested', body, recursive, keySpan, span };
  }

  /** An existing definition that further attributes may be merged into: dotted-path
   * attrsets and attrset literals (which become nested definitions from here on). */
  private asNested(target: AttrsBody, name: string, existing: AttrDef): Extract<AttrDef, { kind: 'nested' }> | undefined {
    if (existing.kind === 'nested') return existing;
    const literal = existing.kind === 'value' ? this.literal(existing.expr) : undefined;
    if (!literal) return undefined;
    const nested = this.nested(existing.keySpan, literal.body, literal.recursive, literal.span);
    target.entries.set(name, nested);
    return nested;
  }

  /** `a = { x = 1; }; a = { y = 2; };`: Nix merges one level only; a name defined in both is an error. */
  private mergeShallow(into: Extract<AttrDef, { kind: 'nested' }>, from: AttrsBody, written: string[]): void {
    for (const [name, def] of from.entries) this.add(into.body, name, def, [...written, name]);
    into.body.dynamic.push(...from.dynamic);
  }

  private add(body: AttrsBody, name: string, def: AttrDef, path: string[]): void {
    const existing = body.entries.get(name);
    if (existing) this.duplicate(def.keySpan, path, existing);
    else body.entries.set(name, def);
  }

  private duplicate(span: Span, path: string[], existing: AttrDef): void {
    const first = existing.keySpan;
    this.error(span, `attribute '${path.join('.')}' already defined at ${first.file}:${first.line}:${first.column}`);
  }
}
