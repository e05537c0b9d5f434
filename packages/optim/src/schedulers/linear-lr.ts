import { positiveInteger, schedulerOptions } from '../internal/checks';
import { describe } from '../internal/describe';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler';

/** Options of {@link LinearLR}. */
export interface LinearLROptions {
  /** Factor of the initial lr at epoch 0, in (0, 1] (default 1/3). */
  startFactor?: number;
  /** Factor reached at `totalIters` and kept after, in [0, 1] (default 1). */
  endFactor?: number;
  /** Epochs over which the factor moves linearly (default 5). */
  totalIters?: number;
}

/**
 * Scales each group's lr by a factor moving linearly from `startFactor` to `endFactor`
 * over `totalIters` epochs, then constant; the usual warm-up:
 * lr(t) = lr₀·(s + (e − s)·min(t, T)/T).
 * @example
 * const warmup = new LinearLR(opt, { startFactor: 0.1, totalIters: 5 });
 */
export class LinearLR extends LRScheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;

  constructor(optimizer: SchedulableOptimizer, options?: LinearLROptions) {
    const opts = schedulerOptions(options, ['startFactor', 'endFactor', 'totalIters'], 'LinearLR');
    const startFactor = opts.startFactor ?? 1 / 3;
    const endFactor = opts.endFactor ?? 1;
    const totalIters = opts.totalIters ?? 5;
    if (typeof startFactor !== 'number' || !(startFactor > 0 && startFactor <= 1)) {
      throw new RangeError(`LinearLR: startFactor must be in (0, 1], got ${describe(startFactor)}`);
    }
    if (typeof endFactor !== 'number' || !(endFactor >= 0 && endFactor <= 1)) {
      throw new RangeError(`LinearLR: endFactor must be in [0, 1], got ${describe(endFactor)}`);
    }
    positiveInteger(totalIters, 'LinearLR', 'totalIters');
    super('LinearLR', optimizer);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    this.setEpoch(0);
  }

  lrAt(epoch: number): number[] {
    const { startFactor: s, endFactor: e, totalIters: total } = this;
    const factor = s + ((e - s) * Math.min(total, epoch)) / total;
    return this.baseLrs.map((lr) => lr * factor);
  }
}
