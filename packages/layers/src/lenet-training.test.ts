// End to end: a LeNet-style CNN learns a small seeded synthetic task with plain SGD with
// momentum, written inline (optimisers live in @convkit/optim, which layers must not need).
import { createRng, noGrad, type Rng, type Tensor, tensor } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import { crossEntropy } from './losses/cross-entropy';
import type { Module } from './module';
import { ReLU } from './modules/activations';
import { Conv2d } from './modules/conv2d';
import { Flatten } from './modules/flatten';
import { Linear } from './modules/linear';
import { MaxPool2d } from './modules/pooling';
import { Sequential } from './modules/sequential';

const SIZE = 16;

/** 16×16 images of a bar — horizontal, vertical, diagonal or anti-diagonal (the class) — at a random place, with noise. */
function makeData(n: number, rng: Rng): { x: Tensor; y: Tensor } {
  const images = new Float32Array(n * SIZE * SIZE);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 4;
    labels[i] = label;
    const img = images.subarray(i * SIZE * SIZE, (i + 1) * SIZE * SIZE);
    for (let p = 0; p < img.length; p++) img[p] = rng.normal(0, 0.1);
    const r = rng.int(3, SIZE - 3);
    const c = rng.int(3, SIZE - 3);
    for (let t = -3; t <= 3; t++) {
      const [dr, dc] = [
        [0, t],
        [t, 0],
        [t, t],
        [t, -t],
      ][label];
      img[(r + dr) * SIZE + (c + dc)] += 1;
    }
  }
  return { x: tensor(images, { shape: [n, 1, SIZE, SIZE] }), y: tensor(labels, { shape: [n] }) };
}

function lenet(rng: Rng): Module {
  return new Sequential(
    new Conv2d(1, 6, 5, { rng }), // 16 → 12
    new ReLU(),
    new MaxPool2d(2), // → 6
    new Conv2d(6, 16, 3, { rng }), // → 4
    new ReLU(),
    new MaxPool2d(2), // → 2
    new Flatten(),
    new Linear(16 * 2 * 2, 32, { rng }),
    new ReLU(),
    new Linear(32, 4, { rng }),
  );
}

describe('a LeNet-style CNN', () => {
  it('drives the training loss down 10× in 40 full-batch SGD steps (seeded)', () => {
    const rng = createRng(2024);
    const { x, y } = makeData(32, rng);
    const model = lenet(rng);
    const params = model.parameters();
    const velocity = params.map((p) => new Float64Array(p.size));
    const lr = 0.05;
    const momentum = 0.9;
    const losses: number[] = [];
    for (let step = 0; step < 40; step++) {
      model.zeroGrad();
      const loss = crossEntropy(model.call(x), y);
      losses.push(loss.item());
      loss.backward();
      noGrad(() => {
        params.forEach((p, k) => {
          const g = (p.grad as Tensor).data;
          const v = velocity[k];
          for (let i = 0; i < p.size; i++) {
            v[i] = momentum * v[i] + g[i];
            p.data[i] -= lr * v[i];
          }
        });
      });
    }
    const final = crossEntropy(
      noGrad(() => model.call(x)),
      y,
    ).item();
    expect(losses[0]).toBeGreaterThan(1);
    expect(final).toBeLessThan(losses[0] / 10);
    const predictions = noGrad(() => model.call(x)).argmax(1);
    const accuracy = predictions.data.filter((p, i) => p === y.data[i]).length / y.size;
    expect(accuracy).toBe(1);
  });
});
