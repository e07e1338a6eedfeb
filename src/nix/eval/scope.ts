import { unknown, type Thunk, type UnknownValue } from './value.js';

/**
 * Variable scopes. Lexical bindings (let, rec, function arguments, and the builtins at the
 * root) always win over `with`, however the two nest; among `with`s the innermost wins.
 */
export class Scope {
  constructor(
    private readonly parent: Scope | undefined,
    private readonly vars: Map<string, Thunk> | undefined,
    private readonly withAttrs?: Thunk,
  ) {}

  bind(vars: Map<string, Thunk>): Scope {
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
