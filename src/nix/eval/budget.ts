import type { Span } from '../../source/span.js';
import { unknown, type UnknownValue } from './value.js';

export const DEFAULT_MAX_STEPS = 2_000_000;
export const DEFAULT_MAX_DEPTH = 1_000;

/**
 * The bounds of one evaluator: a step budget shared by everything it evaluates, and a
 * nesting depth that keeps the evaluator's JS recursion far from a stack overflow. Once
 * spent, every further evaluation yields an unknown at once.
 */
export class Budget {
  private steps = 0;
  private depth = 0;

  constructor(
    readonly maxSteps: number,
    readonly maxDepth: number,
  ) {}

  /**
   * Runs `body` one level deeper, counting a step. When a budget is spent, or the JS stack
   * runs out after all, the result is `refused(why)` instead.
   */
  descend<T>(at: Span | undefined, body: () => T, refused: (why: UnknownValue) => T): T {
    const refusal = this.enter(at);
    if (refusal) return refused(refusal);
    try {
      return body();
    } catch (error) {
      if (error instanceof RangeError) return refused(unknown(`evaluation ran out of resources (${error.message})`, at));
      throw error;
    } finally {
      this.leave();
    }
  }

  /** Counts a step and enters one level; an unknown (and no level entered) when a budget is spent. */
  enter(at: Span | undefined): UnknownValue | undefined {
    const refusal = this.refuse(1, at) ?? (this.depth >= this.maxDepth ? unknown(`evaluation nested deeper than ${this.maxDepth} levels`, at) : undefined);
    if (!refusal) this.depth++;
    return refusal;
  }

  leave(): void {
    this.depth--;
  }

  /** Charges work proportional to a size (copying a list, merging attrsets) before doing it. */
  charge(amount: number, at?: Span): UnknownValue | undefined {
    return this.refuse(amount, at);
  }

  private refuse(amount: number, at: Span | undefined): UnknownValue | undefined {
    this.steps += amount;
    return this.steps > this.maxSteps ? unknown(`evaluation step budget of ${this.maxSteps} steps exhausted`, at) : undefined;
  }
}
