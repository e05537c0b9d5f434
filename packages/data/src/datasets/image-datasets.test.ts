import { beforeAll, describe, expect, it } from 'vitest';
import type { TensorDataset } from '../tensor-dataset';
import { loadMnist, MNIST_CLASS_NAMES, MNIST_STATS } from './image-datasets';

// Images per digit in the `mnist` package (1.1.0), in class order.
const MNIST_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

let digits: TensorDataset;
beforeAll(async () => {
  digits = await loadMnist();
});

describe('loadMnist', () => {
  it('returns 10,000 float32 images [N, 1, 28, 28] in [0, 1] with int32 labels grouped by class', () => {
    expect(digits.inputs.shape).toEqual([10000, 1, 28, 28]);
    expect(digits.inputs.dtype).toBe('float32');
    expect(digits.labels.shape).toEqual([10000]);
    expect(digits.labels.dtype).toBe('int32');
    expect(digits.numClasses).toBe(10);
    expect(digits.classNames).toEqual(MNIST_CLASS_NAMES);
    expect(digits.classCounts()).toEqual(MNIST_COUNTS);
    const y = digits.labels.data;
    for (let i = 1; i < y.length; i++) expect(y[i] >= y[i - 1]).toBe(true);
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of digits.inputs.data) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect([min, max]).toEqual([0, 1]);
    // Every image has ink: no blank records slipped in.
    for (let n = 0; n < 10000; n += 997)
      expect(digits.get(n).input.data.some((v) => v > 0.5)).toBe(true);
  });

  it('documents the mean and std it standardises with, and they are this data set’s own', async () => {
    const raw = digits;
    let sum = 0;
    let squares = 0;
    for (const v of raw.inputs.data) {
      sum += v;
      squares += v * v;
    }
    const mean = sum / raw.inputs.size;
    expect(mean).toBeCloseTo(MNIST_STATS.mean, 9);
    expect(Math.sqrt(squares / raw.inputs.size - mean * mean)).toBeCloseTo(MNIST_STATS.std, 9);

    const standard = await loadMnist({ normalize: 'standard' });
    expect(standard.inputs.data[0]).toBe(
      Math.fround((raw.inputs.data[0] - MNIST_STATS.mean) / MNIST_STATS.std),
    );
    let s = 0;
    let s2 = 0;
    for (const v of standard.inputs.data) {
      s += v;
      s2 += v * v;
    }
    expect(s / standard.inputs.size).toBeCloseTo(0, 5);
    expect(s2 / standard.inputs.size).toBeCloseTo(1, 4);
  });

  it('loads a subset with classes and perClass, keeping class ids as labels', async () => {
    const some = await loadMnist({ classes: [7, 2], perClass: 5 });
    expect(some.inputs.shape).toEqual([10, 1, 28, 28]);
    expect(Array.from(some.labels.data)).toEqual([7, 7, 7, 7, 7, 2, 2, 2, 2, 2]);
    expect(some.classCounts()).toEqual([0, 0, 5, 0, 0, 0, 0, 5, 0, 0]);
    const all = await loadMnist({ classes: [2] });
    expect(Array.from(some.inputs.data.subarray(5 * 784, 6 * 784))).toEqual(
      Array.from(all.inputs.data.subarray(0, 784)),
    );
  });

  it('rejects bad options before reading anything', async () => {
    await expect(loadMnist({ normalize: 'minmax' as 'none' })).rejects.toThrow(
      "loadMnist: normalize must be 'none' or 'standard', got 'minmax'",
    );
    await expect(loadMnist({ classes: [1, 1] })).rejects.toThrow(
      'loadMnist: classes must be distinct integers in [0, 9], got [1, 1]',
    );
    await expect(loadMnist({ classes: [10] })).rejects.toThrow(
      'classes must be distinct integers in [0, 9], got [10]',
    );
    await expect(loadMnist({ perClass: 0 })).rejects.toThrow(
      'loadMnist: perClass must be a positive integer, got 0',
    );
    await expect(loadMnist(5 as never)).rejects.toThrow(
      'loadMnist: options must be an object, got 5',
    );
  });
});
