import type { Tensor } from '@convkit/tensor';

/**
 * What `fit` and `evaluate` need of a model: any `Module` of @convkit/layers fits, and so
 * does a hand-written object with these members.
 */
export interface TrainableModel {
  forward(x: Tensor): Tensor;
  /** Training mode (dropout active, batch norm updating its statistics). */
  train(mode?: boolean): unknown;
  training: boolean;
  stateDict(): ReadonlyMap<string, Tensor>;
  loadStateDict(state: ReadonlyMap<string, Tensor>): unknown;
}

/** What `fit` needs of an optimiser: every optimiser of @convkit/optim fits. */
export interface OptimizerLike {
  step(): unknown;
  zeroGrad(): unknown;
  stateDict(): unknown;
  loadStateDict(state: unknown): unknown;
}

/**
 * A learning-rate scheduler (@convkit/optim's fit). `fit` calls `step(metric)` once per
 * epoch with the monitored value (validation loss when there is a validation loader, else
 * training loss): epoch schedulers ignore it, `ReduceLROnPlateau` uses it.
 */
export interface SchedulerLike {
  step(metric?: number): unknown;
  stateDict?(): unknown;
  loadStateDict?(state: unknown): unknown;
}

/** A loss: model outputs and int32 labels [B] → a scalar tensor (mean over the batch). */
export type LossFn = (outputs: Tensor, labels: Tensor) => Tensor;

/** What one epoch of `fit` measured. */
export interface EpochLog {
  /** The epoch, counting from 1. */
  epoch: number;
  /** Mean training loss per sample over the epoch (as the weights changed during it). */
  loss: number;
  /** Training accuracy over the epoch. */
  accuracy: number;
  /** Loss and accuracy on the validation loader, when `fit` has one. */
  valLoss?: number;
  valAccuracy?: number;
  /** Learning rate of the optimiser's first parameter group during the epoch, when it has one. */
  lr?: number;
  /** Wall-clock seconds of the epoch, validation included. */
  seconds: number;
}

/** What `fit` reports after each batch. */
export interface BatchLog {
  /** The epoch, counting from 1, and the batch within it, counting from 1, of `batches`. */
  epoch: number;
  batch: number;
  batches: number;
  /** This batch's loss and accuracy. */
  loss: number;
  accuracy: number;
  /** Mean loss and accuracy over the epoch's batches so far. */
  epochLoss: number;
  epochAccuracy: number;
}
