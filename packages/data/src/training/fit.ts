import { crossEntropy } from '@convkit/layers';
import type { Tensor } from '@convkit/tensor';
import { DataLoader } from '../data-loader';
import { checkOptions, describe, positiveInt } from '../internal/describe';
import { ProgressBar } from '../progress/progress-bar';
import { type Checkpoint, snapshot } from './checkpoint';
import { EarlyStopping, type EarlyStoppingOptions } from './early-stopping';
import { checkModel, evaluate } from './evaluate';
import { EventLoopYielder } from './event-loop';
import type {
  BatchLog,
  EpochLog,
  LossFn,
  OptimizerLike,
  SchedulerLike,
  TrainableModel,
} from './types';

export interface CheckpointOptions {
  /** Save after every `every` epochs, and after the last epoch run (default 1). */
  every?: number;
  /** Receives each checkpoint (a copy); store it, or write `saveCheckpoint(checkpoint)` to a file. */
  save(checkpoint: Checkpoint): void | Promise<void>;
}

export interface FitOptions {
  /** Total epochs to train (a resumed run continues up to this number). */
  epochs: number;
  /** Loss of outputs and int32 labels (default `crossEntropy` from @convkit/layers). */
  lossFn?: LossFn;
  /** Evaluated after every epoch; gives `valLoss` and `valAccuracy`. */
  validation?: DataLoader;
  /** Learning-rate scheduler, stepped once per epoch (or per batch, see `schedulerStep`). */
  scheduler?: SchedulerLike;
  schedulerStep?: 'epoch' | 'batch';
  /** Called after every batch; may return a promise, which is awaited. */
  onBatch?: (log: BatchLog) => void | Promise<void>;
  /** Called after every epoch (after validation); may return a promise, which is awaited. */
  onEpoch?: (log: EpochLog) => void | Promise<void>;
  /** Stops training after the current batch when aborted; `fit` then resolves with `stopReason: 'aborted'`. */
  signal?: AbortSignal;
  earlyStopping?: EarlyStoppingOptions;
  checkpoint?: CheckpointOptions;
  /** A checkpoint to continue from: its weights, optimiser and scheduler state, history and epoch count. */
  resume?: Checkpoint;
  /** Show a progress bar (Node terminal or plain lines in CI; nothing in browsers), or use this one. */
  progress?: boolean | ProgressBar;
}

export interface FitResult {
  /** One entry per completed epoch, including those of a resumed checkpoint. */
  history: EpochLog[];
  stopReason: 'completed' | 'earlyStopping' | 'aborted';
  /** Completed epochs in total. */
  epochs: number;
}

const WHERE = 'fit';

function batchAccuracy(outputs: Tensor, labels: Tensor): number {
  if (outputs.rank !== 2 || outputs.shape[0] !== labels.size) return Number.NaN;
  const [n, c] = outputs.shape;
  const z = outputs.data;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < c; k++) if (z[i * c + k] > z[i * c + best]) best = k;
    if (best === labels.data[i]) correct++;
  }
  return correct / n;
}

function currentLr(optimizer: OptimizerLike): number | undefined {
  const lr = (optimizer as { paramGroups?: Array<{ lr?: unknown }> }).paramGroups?.[0]?.lr;
  return typeof lr === 'number' ? lr : undefined;
}

function checkFitArgs(
  model: unknown,
  optimizer: unknown,
  loader: unknown,
  options: FitOptions | undefined,
) {
  checkModel(model, WHERE);
  const opt = optimizer as Partial<OptimizerLike> | null;
  if (
    opt === null ||
    typeof opt !== 'object' ||
    typeof opt.step !== 'function' ||
    typeof opt.zeroGrad !== 'function'
  ) {
    throw new TypeError(
      `${WHERE}: optimizer must have step() and zeroGrad(), got ${describe(optimizer)}`,
    );
  }
  if (!(loader instanceof DataLoader))
    throw new TypeError(`${WHERE}: loader must be a DataLoader, got ${describe(loader)}`);
  if (loader.length === 0) {
    throw new RangeError(
      `${WHERE}: loader must yield at least one batch, got none (${loader.dataset.length} samples, batchSize ${loader.batchSize}${loader.dropLast ? ', dropLast' : ''})`,
    );
  }
  const opts = checkOptions(options, WHERE) as Partial<FitOptions>;
  positiveInt(opts.epochs, WHERE, 'epochs');
  for (const key of ['lossFn', 'onBatch', 'onEpoch'] as const) {
    if (opts[key] !== undefined && typeof opts[key] !== 'function')
      throw new TypeError(`${WHERE}: ${key} must be a function, got ${describe(opts[key])}`);
  }
  if (opts.validation !== undefined && !(opts.validation instanceof DataLoader)) {
    throw new TypeError(
      `${WHERE}: validation must be a DataLoader, got ${describe(opts.validation)}`,
    );
  }
  if (opts.scheduler !== undefined && typeof opts.scheduler?.step !== 'function') {
    throw new TypeError(`${WHERE}: scheduler must have step(), got ${describe(opts.scheduler)}`);
  }
  const schedulerStep = opts.schedulerStep ?? 'epoch';
  if (schedulerStep !== 'epoch' && schedulerStep !== 'batch') {
    throw new RangeError(
      `${WHERE}: schedulerStep must be 'epoch' or 'batch', got ${describe(schedulerStep)}`,
    );
  }
  const every = positiveInt(opts.checkpoint?.every ?? 1, WHERE, 'checkpoint.every');
  if (opts.checkpoint !== undefined && typeof opts.checkpoint.save !== 'function') {
    throw new TypeError(
      `${WHERE}: checkpoint.save must be a function, got ${describe(opts.checkpoint.save)}`,
    );
  }
  const resume = opts.resume;
  if (
    resume !== undefined &&
    (resume === null ||
      !(resume.model instanceof Map) ||
      !Number.isInteger(resume.epoch) ||
      resume.epoch < 0)
  ) {
    throw new TypeError(
      `${WHERE}: resume must be a Checkpoint from fit or loadCheckpoint, got ${describe(resume)}`,
    );
  }
  const early =
    opts.earlyStopping === undefined
      ? null
      : new EarlyStopping(opts.earlyStopping, opts.validation !== undefined, WHERE);
  const bar =
    opts.progress === true
      ? new ProgressBar()
      : opts.progress instanceof ProgressBar
        ? opts.progress
        : null;
  return { opts: opts as FitOptions, schedulerStep, every, early, bar };
}

/**
 * Trains `model` on `loader` for `epochs` epochs — per batch: zero the gradients, forward,
 * loss, backward, optimiser step — with optional validation, learning-rate scheduling,
 * early stopping, checkpoints, a progress bar and cancellation. A convenience: the loop it
 * runs is the one you would write by hand.
 *
 * Deterministic given the model's initial weights and the loaders' seeds; a run resumed
 * with `resume: checkpoint` produces bit for bit the weights of the uninterrupted run
 * (models with randomness of their own, like dropout, excepted). Throws if the loss becomes
 * NaN or infinite, before that batch's update.
 * @example
 * const result = await fit(model, new Adam(model.namedParameters(), { lr: 1e-3 }), trainLoader, {
 *   epochs: 3,
 *   validation: testLoader,
 *   progress: true,
 * });
 * result.history.at(-1)?.valAccuracy;
 */
export async function fit(
  model: TrainableModel,
  optimizer: OptimizerLike,
  loader: DataLoader,
  options: FitOptions,
): Promise<FitResult> {
  const { opts, schedulerStep, every, early, bar } = checkFitArgs(
    model,
    optimizer,
    loader,
    options,
  );
  const lossFn: LossFn = opts.lossFn ?? crossEntropy;
  const { epochs, scheduler, validation, signal } = opts;
  const history: EpochLog[] = [];
  let start = 0;
  if (opts.resume !== undefined) {
    const resume = opts.resume;
    model.loadStateDict(resume.model);
    optimizer.loadStateDict(resume.optimizer);
    if (
      scheduler?.loadStateDict !== undefined &&
      resume.scheduler !== null &&
      resume.scheduler !== undefined
    ) {
      scheduler.loadStateDict(resume.scheduler);
    }
    if (early !== null && resume.earlyStopping !== null) early.state = { ...resume.earlyStopping };
    history.push(...resume.history);
    start = resume.epoch;
  }
  const yielder = new EventLoopYielder();
  let stopReason: FitResult['stopReason'] = 'completed';
  const finish = (): FitResult => {
    if (stopReason !== 'aborted' && early?.restoreBest && early.state.bestModel !== null)
      model.loadStateDict(early.state.bestModel);
    return { history, stopReason, epochs: history.length };
  };
  if (early?.shouldStop) {
    stopReason = 'earlyStopping';
    return finish();
  }
  for (let epoch = start; epoch < epochs; epoch++) {
    if (signal?.aborted) {
      stopReason = 'aborted';
      break;
    }
    const began = performance.now();
    const lr = currentLr(optimizer);
    const title = `epoch ${epoch + 1}/${epochs}`;
    bar?.start(title, loader.length);
    model.train(true);
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    for (const { inputs, labels, batch } of loader.batches(epoch)) {
      optimizer.zeroGrad();
      const outputs = model.forward(inputs);
      const loss = lossFn(outputs, labels);
      const value = loss.item();
      if (!Number.isFinite(value)) {
        bar?.finish();
        throw new RangeError(
          `${WHERE}: loss must stay finite, got ${value} at epoch ${epoch + 1}, batch ${batch + 1} (try a lower learning rate)`,
        );
      }
      loss.backward();
      optimizer.step();
      if (scheduler !== undefined && schedulerStep === 'batch') scheduler.step();
      const accuracy = batchAccuracy(outputs, labels);
      lossSum += value * labels.size;
      correct += accuracy * labels.size;
      seen += labels.size;
      const log: BatchLog = {
        epoch: epoch + 1,
        batch: batch + 1,
        batches: loader.length,
        loss: value,
        accuracy,
        epochLoss: lossSum / seen,
        epochAccuracy: correct / seen,
      };
      bar?.update(batch + 1, {
        loss: log.epochLoss,
        acc: `${(100 * log.epochAccuracy).toFixed(1)}%`,
      });
      if (opts.onBatch !== undefined) await opts.onBatch(log);
      await yielder.maybeYield();
      if (signal?.aborted) break;
    }
    if (signal?.aborted) {
      bar?.finish(`${title}  aborted`);
      stopReason = 'aborted';
      break;
    }
    const val = validation === undefined ? null : await evaluate(model, validation, { lossFn });
    const log: EpochLog = {
      epoch: epoch + 1,
      loss: lossSum / seen,
      accuracy: correct / seen,
      seconds: 0,
    };
    if (val !== null) {
      log.valLoss = val.loss;
      log.valAccuracy = val.accuracy;
    }
    if (lr !== undefined) log.lr = lr;
    log.seconds = (performance.now() - began) / 1000;
    history.push(log);
    if (scheduler !== undefined && schedulerStep === 'epoch')
      scheduler.step(log.valLoss ?? log.loss);
    early?.update(log, model);
    bar?.finish(summarize(title, log));
    if (opts.onEpoch !== undefined) await opts.onEpoch(log);
    const last = epoch + 1 === epochs || early?.shouldStop === true;
    if (opts.checkpoint !== undefined && ((epoch + 1) % every === 0 || last)) {
      await opts.checkpoint.save({
        epoch: epoch + 1,
        model: snapshot(model.stateDict()),
        optimizer: optimizer.stateDict(),
        scheduler: scheduler?.stateDict?.() ?? null,
        history: history.map((h) => ({ ...h })),
        earlyStopping: early === null ? null : { ...early.state },
      });
    }
    if (early?.shouldStop) {
      stopReason = 'earlyStopping';
      break;
    }
  }
  return finish();
}

function summarize(title: string, log: EpochLog): string {
  const parts = [title, `loss ${log.loss.toFixed(4)}`, `acc ${(100 * log.accuracy).toFixed(2)}%`];
  if (log.valLoss !== undefined) parts.push(`val_loss ${log.valLoss.toFixed(4)}`);
  if (log.valAccuracy !== undefined) parts.push(`val_acc ${(100 * log.valAccuracy).toFixed(2)}%`);
  parts.push(`${log.seconds.toFixed(1)}s`);
  return parts.join('  ');
}
