import { enforce, nonNegative, schedulerOptions } from '../internal/checks';
import { describe } from '../internal/describe';
import {
  checkOptimizer,
  readNumbers,
  type SchedulableOptimizer,
  type SchedulerStateDict,
  stateFail,
} from './lr-scheduler';

/** Options of {@link ReduceLROnPlateau}. */
export interface ReduceLROnPlateauOptions {
  /** 'min' (default): the metric should fall (a loss); 'max': it should rise (an accuracy). */
  mode?: 'min' | 'max';
  /** Factor applied to the lr on a plateau, in [0, 1) (default 0.1). */
  factor?: number;
  /** Epochs without improvement tolerated before reducing (default 10). */
  patience?: number;
  /** Minimal change that counts as an improvement (default 1e-4). */
  threshold?: number;
  /** 'rel' (default): relative to the best value; 'abs': absolute. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting bad epochs again (default 0). */
  cooldown?: number;
  /** Lower bound on the lr, for all groups or per group (default 0). */
  minLr?: number | readonly number[];
  /** Reductions smaller than this are skipped (default 1e-8). */
  eps?: number;
}

/**
 * Reduces each group's lr by `factor` when a metric has stopped improving for more than
 * `patience` epochs, with PyTorch's semantics. Improvement in 'min'/'rel' mode means
 * metric < best·(1 − threshold); 'min'/'abs': metric < best − threshold; 'max' mirrors
 * them. NaN never improves. Call `step(metric)` once per epoch, after validation.
 * @example
 * const sched = new ReduceLROnPlateau(opt, { patience: 3 });
 * for (const epoch of epochs) { train(); sched.step(validationLoss()); }
 */
export class ReduceLROnPlateau {
  readonly optimizer: SchedulableOptimizer;
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLrs: readonly number[];
  readonly eps: number;
  /** Epochs stepped so far. */
  lastEpoch = 0;
  /** The best metric seen. */
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  private lastLr: number[];

  constructor(optimizer: SchedulableOptimizer, rawOptions?: ReduceLROnPlateauOptions) {
    const where = 'ReduceLROnPlateau';
    const options = schedulerOptions(
      rawOptions,
      ['mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLr', 'eps'],
      where,
    );
    const groups = checkOptimizer(optimizer, where).paramGroups;
    const mode = options.mode ?? 'min';
    if (mode !== 'min' && mode !== 'max')
      throw new RangeError(`${where}: mode must be 'min' or 'max', got ${describe(mode)}`);
    const factor = options.factor ?? 0.1;
    if (typeof factor !== 'number' || !(factor >= 0 && factor < 1)) {
      throw new RangeError(`${where}: factor must be in [0, 1), got ${describe(factor)}`);
    }
    const thresholdMode = options.thresholdMode ?? 'rel';
    if (thresholdMode !== 'rel' && thresholdMode !== 'abs') {
      throw new RangeError(
        `${where}: thresholdMode must be 'rel' or 'abs', got ${describe(thresholdMode)}`,
      );
    }
    const patience = options.patience ?? 10;
    const cooldown = options.cooldown ?? 0;
    for (const [name, value] of [
      ['patience', patience],
      ['cooldown', cooldown],
    ] as const) {
      if (!Number.isInteger(value) || value < 0) {
        throw new RangeError(
          `${where}: ${name} must be a non-negative integer, got ${describe(value)}`,
        );
      }
    }
    const threshold = options.threshold ?? 1e-4;
    enforce(nonNegative, threshold, where, 'threshold');
    const eps = options.eps ?? 1e-8;
    enforce(nonNegative, eps, where, 'eps');
    const minLr = options.minLr ?? 0;
    const minLrs = typeof minLr === 'number' ? groups.map(() => minLr) : minLr;
    if (!Array.isArray(minLrs) || minLrs.length !== groups.length) {
      throw new RangeError(
        `${where}: minLr must be a number or an array of ${groups.length} numbers, got ${describe(minLr)}`,
      );
    }
    minLrs.forEach((v, i) => {
      enforce(nonNegative, v, where, typeof minLr === 'number' ? 'minLr' : `minLr[${i}]`);
    });
    this.optimizer = optimizer;
    this.mode = mode;
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
    this.cooldown = cooldown;
    this.minLrs = Object.freeze([...minLrs]);
    this.eps = eps;
    this.best = this.worst();
    this.lastLr = groups.map((g) => g.lr);
  }

  /** Records this epoch's `metric` and reduces the lrs if it has plateaued. */
  step(metric: number): void {
    const where = 'ReduceLROnPlateau.step';
    if (typeof metric !== 'number')
      throw new TypeError(`${where}: metric must be a number, got ${describe(metric)}`);
    const groups = this.optimizer.paramGroups as Array<{ lr: number }>;
    if (groups.length !== this.minLrs.length) {
      throw new RangeError(
        `${where}: the optimizer must keep its ${this.minLrs.length} param groups, got ${groups.length}`,
      );
    }
    this.lastEpoch += 1;
    if (this.isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      groups.forEach((group, i) => {
        const next = Math.max(group.lr * this.factor, this.minLrs[i]);
        if (group.lr - next > this.eps) group.lr = next;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = groups.map((g) => g.lr);
  }

  /** Whether `metric` improves on the best value by more than the threshold. */
  isBetter(metric: number): boolean {
    const { best, threshold } = this;
    if (this.mode === 'min')
      return this.thresholdMode === 'rel'
        ? metric < best * (1 - threshold)
        : metric < best - threshold;
    return this.thresholdMode === 'rel'
      ? metric > best * (threshold + 1)
      : metric > best + threshold;
  }

  /** The lrs after the last step, one per parameter group. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** Progress: epoch, best metric (null before any finite one, so JSON keeps it), counters and last lrs. */
  stateDict(): SchedulerStateDict {
    return {
      lastEpoch: this.lastEpoch,
      best: this.best === this.worst() ? null : this.best,
      numBadEpochs: this.numBadEpochs,
      cooldownCounter: this.cooldownCounter,
      lastLr: [...this.lastLr],
    };
  }

  /** Restores progress saved by `stateDict()`; settings come from the constructor. */
  loadStateDict(stateDict: SchedulerStateDict): void {
    const where = 'ReduceLROnPlateau.loadStateDict';
    if (stateDict === null || typeof stateDict !== 'object')
      stateFail(where, 'stateDict', 'an object', stateDict);
    const { lastEpoch, best, numBadEpochs, cooldownCounter, lastLr } = stateDict;
    for (const [name, value] of Object.entries({ lastEpoch, numBadEpochs, cooldownCounter })) {
      if (!Number.isInteger(value) || (value as number) < 0)
        stateFail(where, name, 'a non-negative integer', value);
    }
    if (best !== null && typeof best !== 'number')
      stateFail(where, 'best', 'a number or null', best);
    const last = readNumbers(lastLr, this.minLrs.length, where, 'lastLr');
    this.lastEpoch = lastEpoch as number;
    this.best = best === null ? this.worst() : (best as number);
    this.numBadEpochs = numBadEpochs as number;
    this.cooldownCounter = cooldownCounter as number;
    this.lastLr = last;
  }

  private worst(): number {
    return this.mode === 'min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }
}
