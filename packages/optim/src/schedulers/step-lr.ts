import { enforce, nonNegative, positiveInteger, schedulerOptions } from '../internal/checks';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler';

/** Options of {@link StepLR}. */
export interface StepLROptions {
  /** Multiplicative decay per period (default 0.1). */
  gamma?: number;
}

/**
 * Decays each group's lr by `gamma` every `stepSize` epochs:
 * lr(t) = lr₀ · γ^⌊t / stepSize⌋.
 * @example
 * const sched = new StepLR(opt, 30, { gamma: 0.1 }); // 0.1 → 0.01 at epoch 30 → 0.001 at 60
 * for (let epoch = 0; epoch < 90; epoch++) { train(); sched.step(); }
 */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;

  constructor(optimizer: SchedulableOptimizer, stepSize: number, options?: StepLROptions) {
    positiveInteger(stepSize, 'StepLR', 'stepSize');
    const gamma = schedulerOptions(options, ['gamma'], 'StepLR').gamma ?? 0.1;
    enforce(nonNegative, gamma, 'StepLR', 'gamma');
    super('StepLR', optimizer);
    this.stepSize = stepSize;
    this.gamma = gamma;
    this.setEpoch(0);
  }

  lrAt(epoch: number): number[] {
    const factor = this.gamma ** Math.floor(epoch / this.stepSize);
    return this.baseLrs.map((lr) => lr * factor);
  }
}
