import { enforce, nonNegative } from '../internal/checks';
import { LRScheduler, type SchedulableOptimizer } from './lr-scheduler';

/**
 * Decays each group's lr by `gamma` every epoch: lr(t) = lr₀ · γᵗ.
 * @example
 * const sched = new ExponentialLR(opt, 0.95);
 */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;

  constructor(optimizer: SchedulableOptimizer, gamma: number) {
    enforce(nonNegative, gamma, 'ExponentialLR', 'gamma');
    super('ExponentialLR', optimizer);
    this.gamma = gamma;
    this.setEpoch(0);
  }

  lrAt(epoch: number): number[] {
    const factor = this.gamma ** epoch;
    return this.baseLrs.map((lr) => lr * factor);
  }
}
