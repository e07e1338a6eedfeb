import type { AttrsBody, CallNames } from './ast.js';
import { unknown, type Thunk, type UnknownValue } from './value.js';

/** The variables a scope binds: a Map (let, rec, the builtins) or a call's arguments. */
export interface Bindings {
  get(name: string): Thunk | undefined;
}

/**
 * A `let`'s variables: the thunks of its body's definitions, in their order, set one by one
 * as the evaluator defines them. Lighter than a Map; a large body has an index (AttrsBody).
 */
export class LetBindings implements Bindings {
  private readonly thunks: (Thunk | undefined)[];

  constructor(private readonly body: AttrsBody) {
    this.thunks = new Array<Thunk | undefined>(body.entries.length);
  }

  /** Binds the body's `i`th definition. */
  setAt(i: number, thunk: Thunk): void {
    this.thunks[i] = thunk;
  }

  get(name: string): Thunk | undefined {
    const { entries, index } = this.body;
    if (index) {
      const i = index.get(name);
      return i === undefined ? undefined : this.thunks[i];
    }
    for (let i = 0; i < entries.length; i++) if (entries[i].name === name) return this.thunks[i];
    return undefined;
  }
}

/**
 * A function call's variables: the parameter's and the formals' thunks, in the order of the
 * function's names (made once by the lowering), bound one by one. Lighter than a Map, and a
 * lint makes a scope per call. Like a Map's `set`, the latest binding of a name wins.
 */
export class ArgumentBindings implements Bindings {
  readonly thunks: (Thunk | undefined)[];

  constructor(private readonly names: CallNames) {
    this.thunks = new Array<Thunk | undefined>(names.list.length);
  }

  get(name: string): Thunk | undefined {
    const { list, index } = this.names;
    if (index) {
      const i = index.get(name);
      return i === undefined ? undefined : this.thunks[i];
    }
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i] !== name) continue;
      const thunk = this.thunks[i];
      if (thunk) return thunk;
    }
    return undefined;
  }
}

/**
 * Variable scopes. Lexical bindings (let, rec, function arguments, and the builtins at the
 * root) always win over `with`, however the two nest; among `with`s the innermost wins.
 */
export class Scope {
  constructor(
    private readonly parent: Scope | undefined,
    private readonly vars: Bindings | undefined,
    private readonly withAttrs?: Thunk,
  ) {}

  bind(vars: Bindings): Scope {
    return new Scope(this, vars);
  }

  with(attrs: Thunk): Scope {
    return new Scope(this, undefined, attrs);
  }

  /** A binding made by the file's own code (not a builtin at the root, not a `with`). */
  local(name: string): Thunk | undefined {
    for (let s: Scope | undefined = this; s?.parent; s = s.parent) {
      const bound = s.vars?.get(name);
      if (bound) return bound;
    }
    return undefined;
  }

  /** The variable's thunk; an unknown when only a `with` of unknown content could bind it; undefined when unbound. */
  resolve(name: string): Thunk | UnknownValue | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const bound = s.vars?.get(name);
      if (bound) return bound;
    }
    return this.resolveWith(name);
  }

  /**
   * Attrsets modelled in part (pkgs, lib) are searched like complete ones first, so that
   * `with pkgs; with lib; mkIf` finds lib's mkIf instead of an unknown `pkgs.mkIf`; only a
   * name none of them lists falls back to the innermost partial one's unknown.
   */
  private resolveWith(name: string): Thunk | UnknownValue | undefined {
    let partial: UnknownValue | undefined;
    for (let s: Scope | undefined = this; s; s = s.parent) {
      if (!s.withAttrs) continue;
      const attrs = s.withAttrs.force();
      if (attrs.kind === 'unknown') return unknown(`\`${name}\` may come from \`with\` of a value not known: ${attrs.reason}`, attrs.origin);
      if (attrs.kind !== 'attrs') return unknown(`\`with\` needs a set but got a ${attrs.kind}`, attrs.origin);
      const member = attrs.attrs.get(name);
      if (member) return member;
      if (attrs.partial && !partial) partial = unknown(attrs.partial(name), attrs.origin);
    }
    return partial;
  }
}
