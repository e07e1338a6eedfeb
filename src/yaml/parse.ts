import { isScalar, parseDocument, visit, type Document, type Scalar, type ScalarTag, type YAMLError } from 'yaml';
import type { Span } from '../source/span.js';
import type { StringValue } from '../nix/eval/value.js';
import { locateInFile, locateInNixString, type Locate } from './locate.js';
import { nodeAtPath, type YamlPath } from './path.js';
import { dangerousQueriesTag, envTag } from './tags.js';

/** Which custom tags the file may use: a PowerSync service config takes `!env`, sync rules take
 * `!accept_potentially_dangerous_queries`, anything else (policy, sops files) neither. */
export type YamlDialect = 'plain' | 'service-config' | 'sync-rules';

export interface YamlParseOptions {
  dialect?: YamlDialect;
}

export interface YamlProblem {
  /** The `yaml` package's error code (`DUPLICATE_KEY`, `TAG_RESOLVE_FAILED`, …), or
   * `ALIAS_COUNT` when aliases expand beyond what the package allows (an alias bomb). */
  code: string;
  message: string;
  span: Span;
}

export interface ParsedYaml {
  /** The document as plain JS, `!env` values as EnvPlaceholder. Meaningless when there are errors. */
  value: unknown;
  document: Document.Parsed;
  /** Problems that make PowerSync refuse the file. */
  errors: YamlProblem[];
  /** Problems the `yaml` package tolerates, such as an unknown tag (its value stays a string). */
  warnings: YamlProblem[];
  /**
   * Where the node at `path` was written: its key or its value (the default). A node without a
   * key (the root, a list item) answers with its value's span. Undefined when the path is absent.
   */
  spanOf(path: YamlPath, part?: 'key' | 'value'): Span | undefined;
  /** Where a range of the parsed text was written, e.g. for offsets reported by the sync rules validator. */
  locate: Locate;
  /** The parsed text, for readers that map offsets inside a scalar (a block of sync rules in `content`). */
  text: string;
}

const TAGS: Record<YamlDialect, ScalarTag[]> = {
  plain: [],
  'service-config': [envTag],
  'sync-rules': [dangerousQueriesTag],
};

/** A YAML file of the linted tree. */
export function parseYamlDocument(text: string, file: string, options?: YamlParseOptions): ParsedYaml {
  return parseLocated(text, locateInFile(text, file), options);
}

/**
 * YAML written inside a Nix string (`pkgs.writeText "service.yaml" ''…''`): spans land in the
 * `.nix` file, on the characters the YAML came from, interpolations included. The string, or
 * each of its parts, must carry an origin.
 */
export function parseYamlInNixString(str: StringValue, options?: YamlParseOptions): ParsedYaml {
  return parseLocated(str.value, locateInNixString(str), options);
}

function parseLocated(text: string, locate: Locate, options: YamlParseOptions = {}): ParsedYaml {
  // PowerSync parses with the core schema; `yaml` keeps node ranges, which spans are built from.
  const document = parseDocument(text, { schema: 'core', customTags: TAGS[options.dialect ?? 'plain'], prettyErrors: false });
  const problem = (error: YAMLError) => toProblem(error, document, locate);
  const errors = document.errors.map(problem);
  let value: unknown;
  try {
    value = document.toJS();
  } catch (error) {
    // toJS refuses alias bombs ("Excessive alias count"); the file is then unusable.
    errors.push({ code: 'ALIAS_COUNT', message: (error as Error).message, span: locate(0, 0) });
  }
  const rangeSpan = (range: readonly number[] | null | undefined) => (range ? locate(range[0], trimmedEnd(text, range[0], range[1])) : undefined);
  return {
    value,
    document,
    errors,
    warnings: document.warnings.map(problem),
    spanOf(path, part = 'value') {
      const found = nodeAtPath(document, path);
      if (!found) return undefined;
      const keySpan = rangeSpan(found.key?.range);
      if (part === 'key' && keySpan) return keySpan;
      return rangeSpan(found.value?.range) ?? keySpan;
    },
    locate,
    text,
  };
}

/** The library's problems, in words about the file rather than about the library's API. */
function toProblem(error: YAMLError, document: Document, locate: Locate): YamlProblem {
  if (error.code === 'DUPLICATE_KEY') {
    const key = keyStartingAt(document, error.pos[0]);
    if (key?.range) return { code: error.code, message: `key "${String(key.value)}" appears twice in the same map`, span: locate(key.range[0], key.range[1]) };
  }
  const message = error.code === 'MULTIPLE_DOCS' ? 'more than one YAML document (a second "---"); the file must hold exactly one' : error.message;
  return { code: error.code, message, span: locate(...error.pos) };
}

/** The library reports a duplicate key by its first character; the key node gives its whole text. */
function keyStartingAt(document: Document, offset: number): Scalar | undefined {
  let found: Scalar | undefined;
  visit(document, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) {
        found = pair.key;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** A block collection's range runs through its last line break; a span should stop at the text. */
function trimmedEnd(text: string, start: number, end: number): number {
  let i = end;
  while (i > start && /\s/.test(text[i - 1])) i--;
  return i;
}
