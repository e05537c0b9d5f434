import { conv2dCase } from './conv2d';
import { gaborCase } from './gabor';
import { matmulCase } from './matmul';
import { maxPool2dCase } from './max-pool2d';
import { mnistCase } from './mnist-cnn';
import { softmaxCrossEntropyCase } from './softmax-cross-entropy';
import type { BenchCase } from './types';

/** Every workload, in run order. Add a case by writing its file and listing it here. */
export const CASES: readonly BenchCase<unknown>[] = [
  conv2dCase,
  maxPool2dCase,
  matmulCase,
  softmaxCrossEntropyCase,
  gaborCase,
  mnistCase,
] as unknown as readonly BenchCase<unknown>[];

export function caseByName(name: string): BenchCase<unknown> {
  const found = CASES.find((c) => c.name === name);
  if (found === undefined) throw new RangeError(`bench: unknown case '${name}'`);
  return found;
}
