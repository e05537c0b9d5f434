import { beforeAll, describe, expect, it } from 'vitest';
import type { TensorDataset } from '../tensor-dataset';
import { FASHION_MNIST_CLASS_NAMES, FASHION_MNIST_STATS, loadFashionMnist } from './image-datasets';

// Four of the ten class files (each about 15 MB of JSON), shared by the tests: class 0 is
// the file with two empty records, 1 and 3 tell trousers from dresses. FASHION_MNIST_STATS
// comes from all 70,000 images (the same computation as MNIST_STATS's test, run once).
let clothes: TensorDataset;
beforeAll(async () => {
  clothes = await loadFashionMnist({ classes: [0, 1, 3, 8] });
});

describe('loadFashionMnist', () => {
  it('returns float32 images [N, 1, 28, 28], 7,000 per class, with the standard class names', () => {
    expect(clothes.inputs.shape).toEqual([28000, 1, 28, 28]);
    expect(clothes.inputs.dtype).toBe('float32');
    expect(clothes.labels.dtype).toBe('int32');
    expect(clothes.classCounts()).toEqual([7000, 7000, 0, 7000, 0, 0, 0, 0, 7000, 0]);
    expect(clothes.numClasses).toBe(10);
    expect(clothes.classNames).toEqual(FASHION_MNIST_CLASS_NAMES);
    expect(clothes.classNames[9]).toBe('Ankle boot');
  });

  it('scales the package’s 0–255 integers to [0, 1] exactly', () => {
    const steps = new Set<number>();
    let off = 0;
    for (let i = 0; i < 784 * 50; i++) {
      const v = clothes.inputs.data[i];
      const step = Math.round(v * 255);
      if (v !== Math.fround(step / 255)) off++;
      steps.add(step);
    }
    expect(off).toBe(0);
    expect(Math.min(...steps)).toBe(0);
    expect(Math.max(...steps)).toBe(255);
  });

  it('keeps labels with their pictures: trousers (1) are darker between the legs than dresses (3)', () => {
    const mean = (label: number) => {
      let s = 0;
      let n = 0;
      for (let i = 0; i < clothes.length; i += 25) {
        if (clothes.labels.data[i] !== label) continue;
        s += clothes.inputs.data[i * 784 + 24 * 28 + 14];
        n++;
      }
      return s / n;
    };
    expect(mean(1)).toBeLessThan(mean(3) / 2);
  });

  it('standardises with FASHION_MNIST_STATS', async () => {
    const few = await loadFashionMnist({ classes: [8], perClass: 3, normalize: 'standard' });
    const raw = clothes.inputs.data[21000 * 784 + 400];
    expect(few.inputs.data[400]).toBe(
      Math.fround((raw - FASHION_MNIST_STATS.mean) / FASHION_MNIST_STATS.std),
    );
    expect(Array.from(few.labels.data)).toEqual([8, 8, 8]);
  });
});
