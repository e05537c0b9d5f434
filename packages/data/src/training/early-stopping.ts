import { checkOptions, describe, nonNegative, positiveInt } from '../internal/describe';
import { type EarlyStoppingState, snapshot } from './checkpoint';
import type { EpochLog, TrainableModel } from './types';

/** Which epoch value early stopping watches. */
export type Monitor = 'valLoss' | 'valAccuracy' | 'loss' | 'accuracy';

export interface EarlyStoppingOptions {
  /** The value to watch (default `'valLoss'` with a validation loader, else `'loss'`). */
  monitor?: Monitor;
  /** Epochs without improvement before stopping (default 3). */
  patience?: number;
  /** Smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** When training ends (not when aborted), load the weights of the best epoch (default false). */
  restoreBest?: boolean;
}

const MONITORS: readonly Monitor[] = ['valLoss', 'valAccuracy', 'loss', 'accuracy'];

/** Tracks the monitored value across epochs and says when to stop. */
export class EarlyStopping {
  readonly monitor: Monitor;
  readonly patience: number;
  readonly minDelta: number;
  readonly restoreBest: boolean;
  state: EarlyStoppingState;

  constructor(options: EarlyStoppingOptions | undefined, hasValidation: boolean, where: string) {
    const opts = checkOptions(options, `${where}: earlyStopping`);
    const monitor = opts.monitor ?? (hasValidation ? 'valLoss' : 'loss');
    if (!MONITORS.includes(monitor)) {
      throw new RangeError(
        `${where}: earlyStopping.monitor must be one of ${MONITORS.map((m) => `'${m}'`).join(', ')}, got ${describe(monitor)}`,
      );
    }
    if (monitor.startsWith('val') && !hasValidation) {
      throw new RangeError(
        `${where}: earlyStopping.monitor '${monitor}' needs a validation loader, got none`,
      );
    }
    this.monitor = monitor;
    this.patience = positiveInt(opts.patience ?? 3, where, 'earlyStopping.patience');
    this.minDelta = nonNegative(opts.minDelta ?? 0, where, 'earlyStopping.minDelta');
    this.restoreBest = opts.restoreBest ?? false;
    if (typeof this.restoreBest !== 'boolean') {
      throw new TypeError(
        `${where}: earlyStopping.restoreBest must be a boolean, got ${describe(this.restoreBest)}`,
      );
    }
    const lowerIsBetter = !monitor.endsWith('ccuracy');
    this.state = {
      best: lowerIsBetter ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY,
      bestEpoch: 0,
      badEpochs: 0,
      bestModel: null,
    };
  }

  /** True once `patience` epochs in a row have not improved. */
  get shouldStop(): boolean {
    return this.state.badEpochs >= this.patience;
  }

  /** Records an epoch; keeps the weights when it is the best so far and `restoreBest` is set. */
  update(log: EpochLog, model: TrainableModel): void {
    const value = log[this.monitor] as number;
    const lowerIsBetter = !this.monitor.endsWith('ccuracy');
    const improved = lowerIsBetter
      ? value < this.state.best - this.minDelta
      : value > this.state.best + this.minDelta;
    if (improved) {
      this.state = {
        best: value,
        bestEpoch: log.epoch,
        badEpochs: 0,
        bestModel: this.restoreBest ? snapshot(model.stateDict()) : null,
      };
    } else {
      this.state = { ...this.state, badEpochs: this.state.badEpochs + 1 };
    }
  }
}
