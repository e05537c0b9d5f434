import { crossEntropy } from '@convkit/layers';
import { noGrad } from '@convkit/tensor';
import type { DataLoader } from '../data-loader';
import { checkOptions, describe } from '../internal/describe';
import { ConfusionMatrix } from '../metrics/confusion-matrix';
import { EventLoopYielder } from './event-loop';
import type { LossFn, TrainableModel } from './types';

export interface EvaluateOptions {
  /** Loss to report (default `crossEntropy` from @convkit/layers). */
  lossFn?: LossFn;
}

/** Loss and accuracy of a model over a whole loader, with the confusion matrix behind them. */
export interface EvaluateResult {
  /** Mean loss per sample. */
  loss: number;
  /** Fraction of samples whose largest output is their label. */
  accuracy: number;
  samples: number;
  confusion: ConfusionMatrix;
}

/** Checks that `model` looks like a Module. */
export function checkModel(model: unknown, where: string): asserts model is TrainableModel {
  const m = model as Partial<TrainableModel> | null;
  if (
    m === null ||
    typeof m !== 'object' ||
    typeof m.forward !== 'function' ||
    typeof m.train !== 'function'
  ) {
    throw new TypeError(
      `${where}: model must be a Module (with forward and train), got ${describe(model)}`,
    );
  }
}

/**
 * Runs `model` over every batch of `loader` (epoch 0's order) in evaluation mode with
 * gradients off, and returns the mean loss per sample, the accuracy and the confusion
 * matrix. The model's training mode is restored afterwards.
 * @example
 * const { loss, accuracy, confusion } = await evaluate(model, testLoader);
 * console.log(confusion.toString());
 */
export async function evaluate(
  model: TrainableModel,
  loader: DataLoader,
  options?: EvaluateOptions,
): Promise<EvaluateResult> {
  const where = 'evaluate';
  checkModel(model, where);
  const opts = checkOptions(options, where);
  const lossFn = opts.lossFn ?? crossEntropy;
  if (typeof lossFn !== 'function')
    throw new TypeError(`${where}: lossFn must be a function, got ${describe(lossFn)}`);
  const { numClasses, classNames } = loader.dataset;
  const confusion = new ConfusionMatrix(numClasses, classNames);
  const wasTraining = model.training;
  model.train(false);
  let lossSum = 0;
  let samples = 0;
  const yielder = new EventLoopYielder();
  try {
    for (const { inputs, labels } of loader.batches(0)) {
      const { loss, outputs } = noGrad(() => {
        const outputs = model.forward(inputs);
        return { outputs, loss: lossFn(outputs, labels).item() };
      });
      confusion.add(labels, outputs);
      lossSum += loss * labels.size;
      samples += labels.size;
      await yielder.maybeYield();
    }
  } finally {
    model.train(wasTraining);
  }
  return {
    loss: samples === 0 ? Number.NaN : lossSum / samples,
    accuracy: confusion.accuracy,
    samples,
    confusion,
  };
}
