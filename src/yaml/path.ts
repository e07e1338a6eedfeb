import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';

/** A place in a YAML document as the JS value would index it: keys and list indices. */
export type YamlPath = readonly (string | number)[];

/** The node at `path` and, when it is a map value, the key node it sits under. Aliases on the
 * way are followed to their anchors, so a path into an aliased map reaches where it was written. */
export function nodeAtPath(doc: Document, path: YamlPath): { key?: Node; value: Node | null } | undefined {
  let value: unknown = doc.contents;
  let key: Node | undefined;
  for (const step of path) {
    const node = isAlias(value) ? value.resolve(doc) : value;
    if (isMap(node)) {
      const pair = lastPairWithKey(node.items, String(step));
      if (!pair) return undefined;
      key = pair.key as Node;
      value = pair.value;
    } else if (isSeq(node) && typeof step === 'number' && step >= 0 && step < node.items.length) {
      key = undefined;
      value = node.items[step];
    } else {
      return undefined;
    }
  }
  return { key, value: (value ?? null) as Node | null };
}

/** The last of duplicate keys is the one the JS value holds. */
function lastPairWithKey(pairs: Pair[], key: string): Pair | undefined {
  for (let i = pairs.length - 1; i >= 0; i--) {
    const candidate = pairs[i].key;
    if (isScalar(candidate) && String(candidate.value) === key) return pairs[i];
  }
  return undefined;
}
