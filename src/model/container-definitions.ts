import type { Span } from '../source/span.js';
import type { SourceTree } from '../source/tree.js';
import type { ParsedNix, SyntaxNode } from '../nix/parse.js';
import { parseNix } from '../nix/parse.js';

/**
 * Files that define the PowerSync container in their text, found without evaluating them: a
 * string containing the policy image in a file that sets `oci-containers` (or the legacy
 * `docker-containers`). Used only when the merged configuration has no PowerSync container,
 * to tell "defined in a module the host never imports" from "not defined at all".
 */
export interface ContainerDefinitionText {
  file: string;
  /** The image name inside the string literal. */
  at: Span;
  /** Whether the host's entry reaches the file (then the definition is inactive, e.g. under a false `mkIf`). */
  reached: boolean;
}

/** Bounds of the walk: a fleet repo is small, but ROOT may be anything. */
const MAX_FILES = 20_000;
const MAX_DEPTH = 16;
const SKIPPED_DIRS = new Set(['node_modules', 'result', 'dist']);

export function findContainerDefinitions(options: {
  tree: SourceTree;
  host: string;
  image: string;
  /** The files the entry reaches, already parsed. */
  reached: Iterable<ParsedNix>;
}): ContainerDefinitionText[] {
  const { tree, host, image } = options;
  const found: ContainerDefinitionText[] = [];
  const reached = new Set<string>();
  for (const parsed of options.reached) {
    reached.add(parsed.file);
    found.push(...definitionsIn(parsed, image, true));
  }
  for (const file of nixFiles(tree, host)) {
    if (reached.has(file)) continue;
    const read = tree.read(file);
    if (!read.ok || !read.text.includes(image) || !/(oci|docker)-containers/.test(read.text)) continue;
    found.push(...definitionsIn(parseNix(read.text, file), image, false));
  }
  return found;
}

/** Every .nix file under ROOT, except other hosts' directories and build outputs. */
function nixFiles(tree: SourceTree, host: string): string[] {
  const files: string[] = [];
  const walk = (dir: string, depth: number): void => {
    for (const name of tree.list(dir)) {
      if (files.length >= MAX_FILES) return;
      if (name.startsWith('.') || SKIPPED_DIRS.has(name) || name.startsWith('result-')) continue;
      const path = dir === '.' ? name : `${dir}/${name}`;
      if (dir === 'hosts' && name !== host) continue;
      const kind = tree.kind(path);
      if (kind === 'dir' && depth < MAX_DEPTH) walk(path, depth + 1);
      else if (kind === 'file' && name.endsWith('.nix')) files.push(path);
    }
  };
  walk('.', 0);
  return files;
}

const STRING_NODES = ['string_expression', 'indented_string_expression'];

function definitionsIn(parsed: ParsedNix, image: string, reached: boolean): ContainerDefinitionText[] {
  if (!parsed.text.includes(image)) return [];
  const setsContainers = parsed.root.descendantsOfType('attrpath').some((node: SyntaxNode) => /(^|\.)\s*"?(oci|docker)-containers"?\s*(\.|$)/.test(node.text));
  if (!setsContainers) return [];
  const found: ContainerDefinitionText[] = [];
  for (const node of parsed.root.descendantsOfType(STRING_NODES)) {
    const index = node.text.indexOf(image);
    if (index < 0) continue;
    const start = node.startIndex + index;
    found.push({ file: parsed.file, at: parsed.lines.span(parsed.file, start, start + image.length), reached });
    break;
  }
  return found;
}
