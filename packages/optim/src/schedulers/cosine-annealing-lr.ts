import { enforce, nonNegative, positiveInteger, schedulerOptions } from '../internal/checks';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler';

/** Options of {@link CosineAnnealingLR}. */
export interface CosineAnnealingLROptions {
  /** The lr reached at epoch tMax (default 0). */
  etaMin?: number;
}

/**
 * Anneals each group's lr from its initial value to `etaMin` along a half cosine over
 * `tMax` epochs (SGDR without restarts), in closed form:
 * lr(t) = η_min + (lr₀ − η_min)·(1 + cos(πt/tMax))/2. Past tMax the cosine continues
 * (the lr rises again), as PyTorch's does.
 * @example
 * const sched = new CosineAnnealingLR(opt, 100, { etaMin: 1e-5 });
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly tMax: number;
  readonly etaMin: number;

  constructor(optimizer: SchedulableOptimizer, tMax: number, options?: CosineAnnealingLROptions) {
    positiveInteger(tMax, 'CosineAnnealingLR', 'tMax');
    const etaMin = schedulerOptions(options, ['etaMin'], 'CosineAnnealingLR').etaMin ?? 0;
    enforce(nonNegative, etaMin, 'CosineAnnealingLR', 'etaMin');
    super('CosineAnnealingLR', optimizer);
    this.tMax = tMax;
    this.etaMin = etaMin;
    this.setEpoch(0);
  }

  lrAt(epoch: number): number[] {
    const cos = Math.cos((Math.PI * epoch) / this.tMax);
    // PyTorch's operation order, so the values match it bit for bit.
    return this.baseLrs.map((lr) => this.etaMin + ((lr - this.etaMin) * (1 + cos)) / 2);
  }
}
