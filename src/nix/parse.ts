import { createRequire } from 'node:module';
import type Parser from 'tree-sitter';
import { LineMap, type Span } from '../source/span.js';

export type SyntaxNode = Parser.SyntaxNode;

export interface ParseError {
  span: Span;
  message: string;
}

/** One Nix file parsed by tree-sitter-nix, with its syntax errors and a way to locate nodes. */
export interface ParsedNix {
  file: string;
  text: string;
  root: SyntaxNode;
  lines: LineMap;
  /** Syntax errors, in source order. Later stages may append errors Nix reports at parse
   * time that tree-sitter does not (e.g. an attribute defined twice). */
  errors: ParseError[];
  span(node: SyntaxNode): Span;
  /** Whether tree-sitter's tree has any ERROR or MISSING node (some are not reported:
   * see trailingCommaArtefacts). Undefined: tree-sitter's verdict is still pending (see
   * src/nix/syntax-checks.ts); `root` parses at once and settles it. */
  treeHasErrors?: boolean;
  /** Set when the evaluator read the file's syntax before tree-sitter's verdict was in. */
  readAhead?: boolean;
}

/** A file handed to the evaluator before tree-sitter's verdict on it is in. */
export interface PendingNix extends ParsedNix {
  /** Records the verdict computed elsewhere (a worker thread): whether the tree has errors. */
  settle(treeHasErrors: boolean): void;
}

let parser: Parser | undefined;

/** The parser is loaded on first use: the native binding costs time and must not load
 * when a command never reads Nix. */
function nixParser(): Parser {
  if (!parser) {
    const require = createRequire(import.meta.url);
    const TreeSitter = require('tree-sitter') as typeof Parser;
    parser = new TreeSitter();
    parser.setLanguage(require('tree-sitter-nix'));
  }
  return parser;
}

/**
 * Parses `text`. The tree is kept only for a file with errors: a tree costs about ten times
 * its text in memory, a lint of thousands of files would hold hundreds of megabytes of them,
 * and the evaluator reads clean files from their text (read.ts). `root` parses again on the
 * rare later use (a rule looking for literals in a file that mentions them).
 */
export function parseNix(text: string, file: string): ParsedNix {
  const parsed = pendingNix(text, file);
  void parsed.root;
  return parsed;
}

/**
 * A file whose verdict comes later: `settle` records it, or the first use of `root` parses
 * the file here. Its errors are tree-sitter's once the verdict is in (and, before and after,
 * those the lowering appends).
 */
export function pendingNix(text: string, file: string): PendingNix {
  // Lines are mapped on first use: most files of a large host never report a place.
  let lines: LineMap | undefined;
  const span = (node: SyntaxNode): Span => parsed.lines.span(file, node.startIndex, node.endIndex);
  let root: SyntaxNode | undefined;
  const parsed: PendingNix = {
    file,
    text,
    get root(): SyntaxNode {
      if (root) return root;
      const tree = nixParser().parse(text).rootNode;
      if (parsed.treeHasErrors === undefined) {
        record(tree);
        // The parse that gives the verdict keeps only a tree with errors (see above).
        if (!parsed.treeHasErrors) return tree;
      }
      return (root = tree);
    },
    get lines(): LineMap {
      return (lines ??= new LineMap(text));
    },
    errors: [],
    span,
    treeHasErrors: undefined,
    settle(treeHasErrors) {
      if (parsed.treeHasErrors !== undefined) return;
      if (treeHasErrors) void parsed.root;
      else parsed.treeHasErrors = false;
    },
  };
  const record = (tree: SyntaxNode): void => {
    parsed.treeHasErrors = tree.hasError();
    if (parsed.treeHasErrors) parsed.errors.unshift(...collectErrors(tree, text, span));
  };
  return parsed;
}

/**
 * tree-sitter-nix 0.0.2 misparses a trailing comma in formals (`{ lib, pkgs, }:`, valid Nix
 * written by nixfmt): after a plain formal it adds an empty formal whose identifier is
 * MISSING, after a formal with a default it wraps the comma in an ERROR. Returns the start
 * offsets of those artefacts among the children of a `formals` node; they are not errors
 * and the evaluator skips them. (The binding's parent and sibling links are unreliable for
 * zero-width nodes, so this reads the children list.)
 */
export function trailingCommaArtefacts(formals: SyntaxNode): Set<number> {
  const tokens = formals.children.filter((child) => child.type !== 'comment');
  const artefacts = new Set<number>();
  tokens.forEach((child, i) => {
    if (tokens[i + 1]?.type !== '}') return;
    const phantomFormal = child.type === 'formal' && child.startIndex === child.endIndex && tokens[i - 1]?.type === ',';
    const wrappedComma = child.type === 'ERROR' && child.childCount === 1 && child.firstChild?.type === ',';
    if (phantomFormal || wrappedComma) artefacts.add(child.startIndex);
  });
  return artefacts;
}

/** Walks the tree iteratively (files can nest thousands of levels deep). */
function collectErrors(root: SyntaxNode, text: string, span: (node: SyntaxNode) => Span): ParseError[] {
  const errors: ParseError[] = [];
  const artefacts = new Set<number>();
  const cursor = root.walk();
  let firstVisit = true;
  for (;;) {
    const node = cursor.currentNode;
    let enter = false;
    if (firstVisit && node.hasError()) {
      if ((node.type === 'formal' || node.type === 'ERROR') && artefacts.has(node.startIndex)) {
        // valid Nix, see trailingCommaArtefacts
      } else if (node.type === 'ERROR') {
        errors.push({ span: span(node), message: unexpectedMessage(node, text) });
      } else if (node.isMissing()) {
        errors.push({ span: span(node), message: `missing ${describeToken(node.type)}` });
      } else {
        if (node.type === 'formals') for (const start of trailingCommaArtefacts(node)) artefacts.add(start);
        enter = true;
      }
    }
    // Subtrees without errors hold none; children of a reported ERROR would only repeat it.
    if (enter && cursor.gotoFirstChild()) continue;
    if (cursor.gotoNextSibling()) {
      firstVisit = true;
      continue;
    }
    if (!cursor.gotoParent()) break;
    firstVisit = false;
  }
  return errors;
}

function unexpectedMessage(node: SyntaxNode, text: string): string {
  if (text.startsWith('|>', node.startIndex)) return 'unexpected `|>`: the experimental pipe operator is not supported';
  const snippet = text.slice(node.startIndex, node.endIndex).trim();
  if (snippet === '') return 'unexpected end of input';
  const firstLine = snippet.split('\n')[0];
  const shown = firstLine.length > 30 ? `${firstLine.slice(0, 30)}…` : firstLine;
  return `unexpected \`${shown}\``;
}

function describeToken(type: string): string {
  return /^[a-z_]+$/.test(type) ? type.replace(/_/g, ' ') : `\`${type}\``;
}
