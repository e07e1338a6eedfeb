/**
 * A PowerSync service config as the checks in this folder read it, wherever it was written:
 * a YAML file, YAML in a Nix string, or a Nix value rendered by `(pkgs.formats.yaml {}).generate`.
 * The checks are shared by the lint rules and by `powersync-lint config`, so they report
 * through a sink rather than a rule context.
 */
import { isScalar, Scalar, type Document } from 'yaml';
import type { Span } from '../source/span.js';
import type { Locate } from '../nix/string-spans.js';
import { nodeAtPath, type YamlPath } from '../yaml/path.js';
import type { YamlProblem } from '../yaml/parse.js';
import { isEnvPlaceholder, type EnvPlaceholder } from '../yaml/tags.js';

/** What the checks need of a config document (a model ConfigDocument or a ParsedYaml fits). */
export interface ConfigSource {
  /** The plain value; `!env` values are EnvPlaceholder objects. */
  value: unknown;
  spanOf(path: YamlPath, part?: 'key' | 'value'): Span | undefined;
  /** Only for YAML text: the syntax tree, the text and the way back to the file. */
  document?: Document.Parsed;
  locate?: Locate;
  text?: string;
  /** Only for YAML text: problems the `yaml` package tolerates (an unknown tag). */
  warnings?: YamlProblem[];
}

export interface RelatedSpan {
  at: Span;
  message: string;
}

/** Where checks put what they find: a rule's context, or the `config` command's list. */
export interface CheckSink {
  report(at: Span, message: string, options?: { related?: RelatedSpan[]; severity?: 'warning' }): void;
  /** A value the check needs is not statically known (an `!env` value, say). */
  cannotVerify(what: string, reason: string, at: Span): void;
}

export type PlainObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isEnvPlaceholder(value);
}

/** The value at `path`, or undefined when a step is missing. */
export function valueAt(root: unknown, path: YamlPath): unknown {
  let current = root;
  for (const step of path) {
    if (Array.isArray(current) && typeof step === 'number') current = current[step];
    else if (isPlainObject(current) && Object.hasOwn(current, String(step))) current = current[String(step)];
    else return undefined;
  }
  return current;
}

export function hasKey(value: unknown, key: string): boolean {
  return isPlainObject(value) && Object.hasOwn(value, key);
}

/** `replication.connections[0].uri`, for messages. */
export function displayPath(path: YamlPath): string {
  return path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('');
}

/** Where the config starts: its first key (a span on the whole document would cover every line). */
export function documentSpan(source: ConfigSource): Span {
  const first = isPlainObject(source.value) ? Object.keys(source.value)[0] : undefined;
  const span = (first !== undefined ? source.spanOf([first], 'key') : undefined) ?? source.spanOf([]) ?? source.locate?.(0, 0);
  if (!span) throw new Error('a config source without any location');
  return span;
}

/** The key of `path` (or its value, for a list item); the nearest ancestor that exists when it is absent. */
export function keySpan(source: ConfigSource, path: YamlPath): Span {
  for (let n = path.length; n > 0; n--) {
    const span = source.spanOf(path.slice(0, n), 'key');
    if (span) return span;
  }
  return documentSpan(source);
}

/** The value of `path`, falling back like keySpan. */
export function valueSpan(source: ConfigSource, path: YamlPath): Span {
  return source.spanOf(path, 'value') ?? keySpan(source, path);
}

/**
 * The characters [start, end) of the string value at `path`, when the value is written so that
 * its characters can be found in the source: a plain or quoted scalar without escapes, or a
 * literal block (`|`). Otherwise the whole value. Through a Nix string, a part that came from
 * an interpolation lands where the interpolated literal was written (a `let` binding, say).
 */
export function spanInValue(source: ConfigSource, path: YamlPath, start: number, end: number): Span {
  return locateInValue(source, path)(start, end);
}

/** Where each range of the string value at `path` was written (inline sync rules `content`):
 * character by character when the scalar allows it, else the whole value. */
export function locateInValue(source: ConfigSource, path: YamlPath): Locate {
  const whole = valueSpan(source, path);
  const offsets = sourceOffsets(source, path);
  const locate = source.locate;
  if (!offsets || !locate) return () => whole;
  return (start, end) => {
    const from = offsets(start);
    const to = end > start ? offsets(end - 1) : from;
    return from === undefined || to === undefined ? whole : locate(from, end > start ? to + 1 : from);
  };
}

/** Maps an offset in a scalar's value to an offset in the parsed text, if the scalar allows it. */
export function sourceOffsets(source: ConfigSource, path: YamlPath): ((offset: number) => number | undefined) | undefined {
  if (!source.document || source.text === undefined) return undefined;
  const node = nodeAtPath(source.document, path)?.value;
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  const text = source.text;
  const value = node.value;
  const [from, to] = node.range;
  const raw = text.slice(from, to);
  switch (node.type) {
    case Scalar.PLAIN:
      return raw === value ? (offset) => from + offset : undefined;
    case Scalar.QUOTE_SINGLE:
    case Scalar.QUOTE_DOUBLE:
      return raw.slice(1, -1) === value ? (offset) => from + 1 + offset : undefined;
    case Scalar.BLOCK_LITERAL:
      return blockLiteralOffsets(text, from, to, value);
    default:
      return undefined;
  }
}

/** A `|` block: each value line is a source line with the block's indentation removed. */
function blockLiteralOffsets(text: string, from: number, to: number, value: string): ((offset: number) => number | undefined) | undefined {
  const bodyStart = text.indexOf('\n', from) + 1;
  if (bodyStart === 0 || bodyStart > to) return undefined;
  const sourceLines: { start: number; text: string }[] = [];
  for (let at = bodyStart; at < to; ) {
    const newline = text.indexOf('\n', at);
    const lineEnd = newline === -1 || newline > to ? to : newline;
    sourceLines.push({ start: at, text: text.slice(at, lineEnd) });
    at = lineEnd + 1;
  }
  const firstContent = sourceLines.find((line) => line.text.trim() !== '');
  if (!firstContent) return undefined;
  const indent = /^ */.exec(firstContent.text)![0].length;
  const valueLines = value.split('\n');
  const starts: number[] = [];
  for (let i = 0, offset = 0; i < valueLines.length; offset += valueLines[i].length + 1, i++) starts.push(offset);
  return (offset) => {
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
    const sourceLine = sourceLines[line];
    if (!sourceLine) return undefined;
    const column = offset - starts[line];
    // A line of the block must be the source line minus its indentation; otherwise give up.
    if (sourceLine.text.slice(indent) !== valueLines[line] && sourceLine.text.trim() !== '') return undefined;
    return sourceLine.start + Math.min(indent + column, sourceLine.text.length);
  };
}

/** The text of a string value; undefined for anything else (an EnvPlaceholder included). */
export function stringAt(root: unknown, path: YamlPath): string | undefined {
  const value = valueAt(root, path);
  return typeof value === 'string' ? value : undefined;
}

export function envAt(root: unknown, path: YamlPath): EnvPlaceholder | undefined {
  const value = valueAt(root, path);
  return isEnvPlaceholder(value) ? value : undefined;
}

/** `!env PS_NAME` as written, for messages. */
export function envText(env: EnvPlaceholder): string {
  return `!env ${env.env}${env.suffix ? `::${env.suffix}` : ''}`;
}

/**
 * The key of `path` as a related location, when the span reported for its value lies elsewhere:
 * a `let` binding above the YAML, interpolated into it, or a binding in another file.
 */
export function useSite(source: ConfigSource, path: YamlPath, at: Span): RelatedSpan[] | undefined {
  const last = path[path.length - 1];
  const key = typeof last === 'string' ? source.spanOf(path, 'key') : source.spanOf(path, 'value');
  if (!key) return undefined;
  const elsewhere = key.file !== at.file || at.startIndex < key.startIndex;
  return elsewhere ? [{ at: key, message: `used here, as \`${displayPath(path)}\`` }] : undefined;
}
