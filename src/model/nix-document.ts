import type { Span } from '../source/span.js';
import type { Value } from '../nix/eval/value.js';
import type { YamlPath } from '../yaml/path.js';
import type { YamlProblem } from '../yaml/parse.js';

/** A configuration document as rules read it, whether YAML text or a Nix value rendered by
 * `(pkgs.formats.yaml {}).generate`: the plain value, and where each path was written. */
export interface ConfigDocument {
  value: unknown;
  errors: YamlProblem[];
  spanOf(path: YamlPath, part?: 'key' | 'value'): Span | undefined;
}

const MAX_NODES = 100_000;

/** A Nix value as the JSON/YAML generators render it; unknown values render as undefined. */
export function nixDocument(root: Value): ConfigDocument {
  let budget = MAX_NODES;
  const toPlain = (v: Value): unknown => {
    if (--budget < 0) return undefined;
    switch (v.kind) {
      case 'null':
        return null;
      case 'bool':
      case 'int':
      case 'float':
      case 'string':
      case 'path':
        return v.value;
      case 'list':
        return v.items.map((t) => toPlain(t.force()));
      case 'attrs':
        return Object.fromEntries([...v.attrs].map(([k, t]) => [k, toPlain(t.force())]));
      default:
        return undefined;
    }
  };
  return {
    value: toPlain(root),
    errors: [],
    spanOf(path, part = 'value') {
      let v: Value = root;
      let keySpan: Span | undefined;
      for (const step of path) {
        if (v.kind === 'attrs' && v.attrs.has(String(step))) {
          keySpan = v.keyOrigins.get(String(step));
          v = v.attrs.get(String(step))!.force();
        } else if (v.kind === 'list' && typeof step === 'number' && v.items[step]) {
          keySpan = undefined;
          v = v.items[step].force();
        } else return undefined;
      }
      return part === 'key' && keySpan ? keySpan : v.origin ?? keySpan;
    },
  };
}
