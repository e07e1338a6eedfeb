import type { Span } from '../../source/span.js';
import { unknown, type Thunk, type Value } from './value.js';

const PENDING = 0;
const RUNNING = 1;
const DONE = 2;

/**
 * A memoised lazy value. Forcing it while it is being computed is Nix's infinite recursion:
 * the inner force yields an unknown instead of looping. A JS stack overflow inside the
 * computation (the last resort behind the depth budget) also ends as an unknown.
 *
 * Subclasses say what to compute. The evaluator's own thunks (Interpreter.thunk and the
 * attribute definitions) are subclasses holding their expression and scope as fields: a
 * closure would cost a function object and a context object per thunk besides the thunk,
 * and a lint makes tens of thousands of thunks that live until it ends.
 */
export abstract class Memo implements Thunk {
  private state = PENDING;
  private value: Value | undefined;

  /** Where the expression was written, known without forcing. */
  abstract readonly origin?: Span;

  /** Computes the value, once. */
  protected abstract compute(): Value;

  /** Called once the value is known: lets go of what only the computation needed. */
  protected release(): void {}

  force(): Value {
    if (this.state === DONE) return this.value!;
    if (this.state === RUNNING) return unknown(`infinite recursion at ${where(this.origin)}`, this.origin);
    this.state = RUNNING;
    let value: Value;
    try {
      value = this.compute();
    } catch (error) {
      if (!(error instanceof RangeError)) {
        this.state = PENDING;
        throw error;
      }
      value = unknown(`evaluation ran out of resources (${error.message})`, this.origin);
    }
    this.value = value;
    this.state = DONE;
    this.release();
    return value;
  }
}

class Lazy extends Memo {
  constructor(
    private computation: (() => Value) | undefined,
    readonly origin?: Span,
  ) {
    super();
  }

  protected compute(): Value {
    return this.computation!();
  }

  protected release(): void {
    this.computation = undefined;
  }
}

export function lazy(compute: () => Value, origin?: Span): Thunk {
  return new Lazy(compute, origin);
}

export function where(span: Span | undefined): string {
  return span ? `${span.file}:${span.line}:${span.column}` : 'an unknown place';
}

/** Another name for a thunk, written elsewhere: forcing shares its memo, `origin` is the new place. */
class Alias implements Thunk {
  constructor(
    private readonly target: Thunk,
    readonly origin: Span,
  ) {}

  force(): Value {
    return this.target.force();
  }
}

export function alias(target: Thunk, origin: Span): Thunk {
  return new Alias(target, origin);
}
