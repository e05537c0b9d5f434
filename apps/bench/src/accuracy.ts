// `pnpm bench:accuracy`: the MNIST free-vs-Gabor experiment. LeNet-5 with a freely learned
// first convolution against the same network whose first layer is a GaborConv2d (5 numbers
// per filter instead of 25), same data split, seed, optimiser and epochs: test accuracy,
// epochs, wall time and parameter count, written to results/accuracy.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DataLoader, evaluate, fit, loadMnist, trainTestSplit } from '@convkit/data';
import { GaborConv2d } from '@convkit/gabor';
import { Conv2d, Flatten, Linear, MaxPool2d, type Module, ReLU, Sequential } from '@convkit/layers';
import { Adam } from '@convkit/optim';
import { createRng } from '@convkit/tensor';
import { type AccuracyResult, type AccuracyRun, accuracyTable } from './accuracy-types';
import { appDir } from './internal/worker-client';
import { renderText } from './report/format';

function lenet(first: Module, seed: number): Sequential {
  const rng = createRng(seed);
  return new Sequential(
    first,
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(6, 16, 5, { rng }),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(400, 120, { rng }),
    new ReLU(),
    new Linear(120, 84, { rng }),
    new ReLU(),
    new Linear(84, 10, { rng }),
  );
}

function parse(argv: string[]): { epochs: number; perClass?: number; json: string } {
  const get = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const epochs = Number(get('--epochs') ?? 3);
  const perClass = get('--per-class') === undefined ? undefined : Number(get('--per-class'));
  if (!(epochs >= 1) || (perClass !== undefined && !(perClass >= 2))) {
    throw new RangeError('bench:accuracy: --epochs must be ≥ 1 and --per-class ≥ 2');
  }
  return {
    epochs,
    perClass,
    json: resolve(get('--json') ?? join(appDir, 'results', 'accuracy.json')),
  };
}

/** Trains both models on the same split and returns what each reached. */
export async function runAccuracy(options: {
  epochs: number;
  perClass?: number;
  seed?: number;
  batchSize?: number;
  lr?: number;
}): Promise<AccuracyResult> {
  const seed = options.seed ?? 0;
  const batchSize = options.batchSize ?? 64;
  const lr = options.lr ?? 1e-3;
  const digits = await loadMnist({ normalize: 'standard', perClass: options.perClass });
  const { train, test } = trainTestSplit(digits, { testSize: 0.2, seed, stratify: true });
  const runs: AccuracyRun[] = [];
  const models: [AccuracyRun['model'], string, () => Module][] = [
    [
      'free',
      'LeNet-5, first layer Conv2d(1, 6, 5)',
      () => new Conv2d(1, 6, 5, { padding: 2, rng: createRng(seed) }),
    ],
    [
      'gabor',
      'LeNet-5, first layer GaborConv2d(1, 6, 5): θ, σ, λ, ψ, γ per filter',
      () => new GaborConv2d(1, 6, 5, { rng: createRng(seed) }),
    ],
  ];
  for (const [name, description, first] of models) {
    const model = lenet(first(), seed + 1);
    const parameters = model.parameters().reduce((n, p) => n + p.size, 0);
    const loader = new DataLoader(train, { batchSize, shuffle: true, seed });
    const testLoader = new DataLoader(test, { batchSize: 256 });
    const t0 = performance.now();
    const result = await fit(model, new Adam(model.parameters(), { lr }), loader, {
      epochs: options.epochs,
      progress: process.stderr.isTTY,
    });
    const trainSeconds = (performance.now() - t0) / 1000;
    const evaluation = await evaluate(model, testLoader);
    runs.push({
      model: name,
      description,
      parameters,
      epochs: result.epochs,
      testAccuracy: evaluation.accuracy,
      testLoss: evaluation.loss,
      trainSeconds,
      history: result.history.map((h) => ({
        epoch: h.epoch,
        loss: h.loss,
        accuracy: h.accuracy,
        valAccuracy: h.valAccuracy,
        seconds: h.seconds,
      })),
    });
  }
  return {
    schema: 'convkit-bench-accuracy/1',
    date: new Date().toISOString(),
    data: {
      set: 'MNIST (the 10,000 images of the mnist npm package)',
      train: train.length,
      test: test.length,
      normalize: 'standard',
    },
    settings: { epochs: options.epochs, batchSize, lr, seed },
    runs,
  };
}

async function main(): Promise<void> {
  const { epochs, perClass, json } = parse(process.argv.slice(2).filter((a) => a !== '--'));
  const result = await runAccuracy({ epochs, perClass });
  console.log(
    `\n${result.data.set}: ${result.data.train} training / ${result.data.test} test images, Adam lr ${result.settings.lr}, batch ${result.settings.batchSize}\n`,
  );
  console.log(renderText(accuracyTable(result)));
  mkdirSync(dirname(json), { recursive: true });
  writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nResults: ${json} (docs/benchmarks.md shows them on its next regeneration)`);
}

if (
  process.argv[1] !== undefined &&
  import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')
) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
