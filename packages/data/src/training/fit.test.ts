import {
  Conv2d,
  crossEntropy,
  Flatten,
  Linear,
  MaxPool2d,
  ReLU,
  Sequential,
} from '@convkit/layers';
import { Adam, SGD, StepLR } from '@convkit/optim';
import { createRng, randn, type Tensor } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import { DataLoader } from '../data-loader';
import { loadMnist } from '../datasets/image-datasets';
import { TensorDataset } from '../tensor-dataset';
import { type Checkpoint, loadCheckpoint, saveCheckpoint } from './checkpoint';
import { evaluate } from './evaluate';
import { fit } from './fit';

/** 40 random 1×6×6 images in 3 classes; the class shifts the mean so that it can be learned. */
function toyData(): TensorDataset {
  const rng = createRng(42);
  const labels = Array.from({ length: 40 }, (_, i) => i % 3);
  const x = randn([40, 1, 6, 6], { rng });
  for (let i = 0; i < 40; i++) for (let k = 0; k < 36; k++) x.data[i * 36 + k] += labels[i] - 1;
  return new TensorDataset(x, labels);
}

function toyModel(seed: number): Sequential {
  const rng = createRng(seed);
  return new Sequential(
    new Conv2d(1, 2, 3, { rng }),
    new ReLU(),
    new Flatten(),
    new Linear(32, 3, { rng }),
  );
}

const bits = (model: Sequential) =>
  model.parameters().map((p) => Array.from(new Uint32Array(p.data.buffer.slice(0))));
const withoutTime = (h: { seconds: number }[]) => h.map(({ seconds, ...rest }) => rest);

describe('fit', () => {
  it('trains a small CNN on 200 MNIST digits: the loss falls (seeded smoke run)', async () => {
    const digits = await loadMnist({ perClass: 20, normalize: 'standard' });
    const rng = createRng(0);
    const model = new Sequential(
      new Conv2d(1, 4, 5, { rng }),
      new ReLU(),
      new MaxPool2d(2),
      new Flatten(),
      new Linear(4 * 12 * 12, 10, { rng }),
    );
    const loader = new DataLoader(digits, { batchSize: 20, shuffle: true, seed: 1 });
    const batchLosses: number[] = [];
    const result = await fit(model, new Adam(model.namedParameters(), { lr: 0.01 }), loader, {
      epochs: 4,
      onBatch: (log) => {
        batchLosses.push(log.loss);
      },
    });
    expect(result.stopReason).toBe('completed');
    expect(result.epochs).toBe(4);
    expect(batchLosses).toHaveLength(40);
    const losses = result.history.map((h) => h.loss);
    expect(losses[0]).toBeGreaterThan(1);
    expect(losses[3]).toBeLessThan(0.6 * losses[0]);
    expect(result.history[3].accuracy).toBeGreaterThan(result.history[0].accuracy);
    expect(result.history[0].lr).toBe(0.01);
    expect(model.training).toBe(true);
  });

  it('resumes from a saved checkpoint bit for bit: weights, optimiser, scheduler, history', async () => {
    const data = toyData();
    const loader = () =>
      new DataLoader(data, {
        batchSize: 8,
        shuffle: true,
        seed: 3,
        augment: { shift: 1, rotation: 10 },
      });
    const setup = (seed: number) => {
      const model = toyModel(seed);
      const optimizer = new Adam(model.namedParameters(), { lr: 0.02 });
      return { model, optimizer, scheduler: new StepLR(optimizer, 1, { gamma: 0.5 }) };
    };
    const earlyStopping = { patience: 5, restoreBest: true };

    const whole = setup(7);
    const full = await fit(whole.model, whole.optimizer, loader(), {
      epochs: 3,
      scheduler: whole.scheduler,
      earlyStopping,
    });

    const first = setup(7);
    let saved: Checkpoint | undefined;
    await fit(first.model, first.optimizer, loader(), {
      epochs: 1,
      scheduler: first.scheduler,
      earlyStopping,
      checkpoint: { save: (c) => void (saved = c) },
    });
    const bytes = saveCheckpoint(saved as Checkpoint);
    const rest = setup(99); // other initial weights: the checkpoint must replace them
    const resumed = await fit(rest.model, rest.optimizer, loader(), {
      epochs: 3,
      scheduler: rest.scheduler,
      earlyStopping,
      resume: loadCheckpoint(bytes),
    });

    expect(bits(rest.model)).toEqual(bits(whole.model));
    expect(rest.optimizer.stateDict()).toEqual(whole.optimizer.stateDict());
    expect(rest.scheduler.stateDict()).toEqual(whole.scheduler.stateDict());
    expect(withoutTime(resumed.history)).toEqual(withoutTime(full.history));
    expect(resumed.history.map((h) => h.lr)).toEqual([0.02, 0.01, 0.005]);
  });

  it('stops early when the monitored value stops improving, and can restore the best weights', async () => {
    const model = toyModel(1);
    // lr 0: nothing changes, so epochs 2 and 3 do not improve on epoch 1.
    const frozen = await fit(
      model,
      new SGD(model.namedParameters(), { lr: 0 }),
      new DataLoader(toyData(), { batchSize: 40 }),
      {
        epochs: 10,
        earlyStopping: { patience: 2 },
      },
    );
    expect(frozen.stopReason).toBe('earlyStopping');
    expect(frozen.history).toHaveLength(3);

    // A loss that is scaled up each epoch makes epoch 1 the best; restoreBest goes back to it.
    const learner = toyModel(2);
    let scale = 1;
    let afterFirst: number[][] = [];
    const result = await fit(
      learner,
      new Adam(learner.namedParameters(), { lr: 0.05 }),
      new DataLoader(toyData(), { batchSize: 10 }),
      {
        epochs: 4,
        lossFn: (out: Tensor, y: Tensor) => crossEntropy(out, y).mul(scale),
        onEpoch: (log) => {
          if (log.epoch === 1) afterFirst = bits(learner);
          scale *= 10;
        },
        earlyStopping: { patience: 2, restoreBest: true },
      },
    );
    expect(result.stopReason).toBe('earlyStopping');
    expect(result.history).toHaveLength(3);
    expect(bits(learner)).toEqual(afterFirst);
  });

  it('stops after the current batch when aborted', async () => {
    const model = toyModel(3);
    const controller = new AbortController();
    const seen: number[] = [];
    const result = await fit(
      model,
      new Adam(model.namedParameters(), { lr: 0.01 }),
      new DataLoader(toyData(), { batchSize: 8 }),
      {
        epochs: 5,
        signal: controller.signal,
        onBatch: (log) => {
          seen.push(log.batch);
          if (log.epoch === 2 && log.batch === 2) controller.abort();
        },
      },
    );
    expect(result.stopReason).toBe('aborted');
    expect(result.epochs).toBe(1);
    expect(seen).toEqual([1, 2, 3, 4, 5, 1, 2]);
    const none = await fit(model, new Adam(model.namedParameters()), new DataLoader(toyData()), {
      epochs: 1,
      signal: AbortSignal.abort(),
    });
    expect(none).toMatchObject({ stopReason: 'aborted', epochs: 0 });
  });

  it('throws before the update when the loss is not finite', async () => {
    const model = toyModel(4);
    const before = bits(model);
    await expect(
      fit(model, new Adam(model.namedParameters()), new DataLoader(toyData()), {
        epochs: 1,
        lossFn: (o) => o.sum().mul(Number.NaN),
      }),
    ).rejects.toThrow(
      'fit: loss must stay finite, got NaN at epoch 1, batch 1 (try a lower learning rate)',
    );
    expect(bits(model)).toEqual(before);
  });

  it('validates its arguments before training', async () => {
    const model = toyModel(5);
    const opt = new Adam(model.namedParameters());
    const loader = new DataLoader(toyData());
    await expect(fit(model, opt, loader, { epochs: 0 })).rejects.toThrow(
      'fit: epochs must be a positive integer, got 0',
    );
    await expect(fit({} as never, opt, loader, { epochs: 1 })).rejects.toThrow(
      'fit: model must be a Module (with forward and train), got an object',
    );
    await expect(fit(model, {} as never, loader, { epochs: 1 })).rejects.toThrow(
      'fit: optimizer must have step() and zeroGrad(), got an object',
    );
    await expect(fit(model, opt, [] as never, { epochs: 1 })).rejects.toThrow(
      'fit: loader must be a DataLoader, got []',
    );
    await expect(
      fit(model, opt, new DataLoader(toyData(), { batchSize: 64, dropLast: true }), { epochs: 1 }),
    ).rejects.toThrow(
      'fit: loader must yield at least one batch, got none (40 samples, batchSize 64, dropLast)',
    );
    await expect(
      fit(model, opt, loader, { epochs: 1, earlyStopping: { monitor: 'valLoss' } }),
    ).rejects.toThrow("fit: earlyStopping.monitor 'valLoss' needs a validation loader, got none");
    await expect(
      fit(model, opt, loader, { epochs: 1, schedulerStep: 'step' as never }),
    ).rejects.toThrow("fit: schedulerStep must be 'epoch' or 'batch', got 'step'");
  });
});

describe('evaluate', () => {
  it('reports mean loss, accuracy and the confusion matrix, in eval mode, restoring the mode', async () => {
    const data = toyData();
    const model = toyModel(6);
    let modeSeen: boolean | undefined;
    const spy = {
      ...model,
      training: true,
      forward: (x: Tensor) => {
        modeSeen = model.training;
        return model.forward(x);
      },
      train: (m?: boolean) => model.train(m),
    };
    model.train(true);
    const result = await evaluate(spy as never, new DataLoader(data, { batchSize: 16 }));
    expect(modeSeen).toBe(false);
    expect(model.training).toBe(true);
    const logits = model.forward(data.inputs);
    expect(result.loss).toBeCloseTo(crossEntropy(logits, data.labels).item(), 5);
    let correct = 0;
    for (let i = 0; i < 40; i++) {
      const row = Array.from(logits.data.subarray(i * 3, i * 3 + 3));
      if (row.indexOf(Math.max(...row)) === data.labels.data[i]) correct++;
    }
    expect(result.accuracy).toBe(correct / 40);
    expect(result.samples).toBe(40);
    expect(result.confusion.total).toBe(40);
  });
});
