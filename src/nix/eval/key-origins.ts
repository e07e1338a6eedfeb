import type { Span } from '../../source/span.js';
import type { AttrDef } from './ast.js';

/** Bodies with more names than this answer from a Map at once (a lookup scans otherwise). */
const SCAN_UP_TO = 8;

/**
 * The `keyOrigins` of an attrset evaluated from a body without dynamic names (or of one made
 * with no origins yet, from no definitions): where each name was written, answered from the
 * body's definitions. A lint evaluates tens of
 * thousands of attrsets and asks where a name was written for few of them, and a Map per
 * attrset (beside its `attrs`) costs about 200 bytes and a `set` per attribute. The first
 * change, a large body or iterating makes the Map after all, with the same entries in the
 * same order as the evaluator would have set them.
 */
export class BodyKeyOrigins implements Map<string, Span> {
  private map: Map<string, Span> | undefined;

  constructor(private readonly defs: readonly AttrDef[]) {}

  private full(): Map<string, Span> {
    if (!this.map) {
      const map = new Map<string, Span>();
      for (let i = 0; i < this.defs.length; i++) map.set(this.defs[i].name, this.defs[i].keySpan);
      this.map = map;
    }
    return this.map;
  }

  get(name: string): Span | undefined {
    if (this.map || this.defs.length > SCAN_UP_TO) return this.full().get(name);
    const defs = this.defs;
    for (let i = 0; i < defs.length; i++) if (defs[i].name === name) return defs[i].keySpan;
    return undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  get size(): number {
    return this.map ? this.map.size : this.defs.length;
  }

  set(name: string, span: Span): this {
    this.full().set(name, span);
    return this;
  }

  delete(name: string): boolean {
    return this.full().delete(name);
  }

  clear(): void {
    this.full().clear();
  }

  forEach(callback: (value: Span, key: string, map: Map<string, Span>) => void, thisArg?: unknown): void {
    this.full().forEach((value, key) => callback.call(thisArg, value, key, this));
  }

  entries(): MapIterator<[string, Span]> {
    return this.full().entries();
  }

  keys(): MapIterator<string> {
    return this.full().keys();
  }

  values(): MapIterator<Span> {
    return this.full().values();
  }

  [Symbol.iterator](): MapIterator<[string, Span]> {
    return this.full()[Symbol.iterator]();
  }

  get [Symbol.toStringTag](): string {
    return 'Map';
  }
}
