import { coerceToParts } from './coerce.js';
import { describe, plainString, stringOf } from './make.js';
import type { Runtime } from './runtime.js';
import { ready, unknown, type FileValue, type Thunk, type UnknownValue, type Value } from './value.js';

/** Looking up one attribute: found, missing (a Nix error, or the `or` default), or not known. */
export type Lookup = { found: Thunk } | { missing: string } | { unknown: UnknownValue };

export function lookup(rt: Runtime, v: Value, name: string): Lookup {
  switch (v.kind) {
    case 'attrs': {
      const found = v.attrs.get(name);
      if (found) return { found };
      if (v.partial) return { unknown: unknown(v.partial(name), v.origin) };
      return { missing: `attribute '${name}' missing` };
    }
    case 'file':
      return fileAttribute(rt, v, name);
    case 'unknown':
      return { unknown: v };
    default:
      return { missing: `cannot select attribute '${name}' from ${describe(v)}, a set was expected` };
  }
}

/** A generated file is a derivation; only the attributes a path needs are modelled. */
function fileAttribute(rt: Runtime, file: FileValue, name: string): Lookup {
  if (name === 'name') return { found: ready(plainString(file.name, file.origin)) };
  if (name === 'outPath') return { found: ready(stringOf(coerceToParts(rt, file, 'interpolate'), file.origin)) };
  if (name === 'type') return { found: ready(plainString('derivation', file.origin)) };
  return { unknown: unknown(`attribute '${name}' of a generated file is not modelled`, file.origin) };
}
