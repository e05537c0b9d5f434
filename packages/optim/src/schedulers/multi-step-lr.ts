import { enforce, nonNegative, schedulerOptions } from '../internal/checks';
import { describe } from '../internal/describe';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler';

/** Options of {@link MultiStepLR}. */
export interface MultiStepLROptions {
  /** Multiplicative decay at each milestone (default 0.1). */
  gamma?: number;
}

/** Number of sorted `values` ≤ `x` (Python's bisect_right). */
export function bisectRight(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < values[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Decays each group's lr by `gamma` at each milestone epoch:
 * lr(t) = lr₀ · γ^(number of milestones ≤ t). A milestone listed twice decays twice.
 * @example
 * const sched = new MultiStepLR(opt, [30, 80], { gamma: 0.1 });
 */
export class MultiStepLR extends LRScheduler {
  readonly milestones: readonly number[];
  readonly gamma: number;

  constructor(
    optimizer: SchedulableOptimizer,
    milestones: readonly number[],
    options?: MultiStepLROptions,
  ) {
    if (!Array.isArray(milestones) || milestones.some((m) => !Number.isInteger(m) || m < 0)) {
      throw new RangeError(
        `MultiStepLR: milestones must be an array of non-negative integers, got ${describe(milestones)}`,
      );
    }
    const gamma = schedulerOptions(options, ['gamma'], 'MultiStepLR').gamma ?? 0.1;
    enforce(nonNegative, gamma, 'MultiStepLR', 'gamma');
    super('MultiStepLR', optimizer);
    this.milestones = Object.freeze([...milestones].sort((a, b) => a - b));
    this.gamma = gamma;
    this.setEpoch(0);
  }

  lrAt(epoch: number): number[] {
    const factor = this.gamma ** bisectRight(this.milestones, epoch);
    return this.baseLrs.map((lr) => lr * factor);
  }
}
