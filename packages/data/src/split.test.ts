import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadMnist } from './datasets/image-datasets';
import { apportion, trainTestSplit } from './split';
import { TensorDataset } from './tensor-dataset';

/** A dataset whose input is its own index, with class sizes `sizes`. */
function counting(sizes: number[]): TensorDataset {
  const labels = sizes.flatMap((n, c) => new Array<number>(n).fill(c));
  return new TensorDataset(
    labels.map((_, i) => [i]),
    labels,
    { numClasses: sizes.length },
  );
}

describe('trainTestSplit', () => {
  it('splits MNIST 8,000 / 2,000 by default, stratified, disjoint and complete', async () => {
    const digits = await loadMnist();
    const { train, test, trainIndices, testIndices } = trainTestSplit(digits);
    expect([train.length, test.length]).toEqual([8000, 2000]);
    const all = new Set([...trainIndices, ...testIndices]);
    expect(all.size).toBe(10000);
    const counts = digits.classCounts();
    const testCounts = test.classCounts();
    const trainCounts = train.classCounts();
    for (let c = 0; c < 10; c++) {
      expect(Math.abs(testCounts[c] - 0.2 * counts[c])).toBeLessThan(1);
      expect(trainCounts[c] + testCounts[c]).toBe(counts[c]);
    }
    // The subsets hold the right samples.
    expect(Array.from(test.get(5).input.data)).toEqual(
      Array.from(digits.get(testIndices[5]).input.data),
    );
    expect(test.labels.data[7]).toBe(digits.labels.data[testIndices[7]]);
  });

  it('is a pure function of the seed', () => {
    const ds = counting([30, 50, 20]);
    const a = trainTestSplit(ds, { seed: 3 });
    const b = trainTestSplit(ds, { seed: 3 });
    const c = trainTestSplit(ds, { seed: 4 });
    expect(a.trainIndices).toEqual(b.trainIndices);
    expect(a.testIndices).toEqual(b.testIndices);
    expect(Array.from(a.testIndices)).not.toEqual(Array.from(c.testIndices));
    // Seeded order, not class order.
    expect(Array.from(a.train.labels.data)).not.toEqual([...a.train.labels.data].sort());
  });

  it('takes counts or fractions, and a train size smaller than the rest', () => {
    const ds = counting([40, 40, 20]);
    const s = trainTestSplit(ds, { testSize: 10, trainSize: 0.5, seed: 1 });
    expect([s.train.length, s.test.length]).toEqual([50, 10]);
    expect(s.test.classCounts()).toEqual([4, 4, 2]);
    expect(s.train.classCounts()).toEqual([20, 20, 10]);
    expect(new Set([...s.trainIndices, ...s.testIndices]).size).toBe(60);
    expect(trainTestSplit(ds, { testSize: 0 }).test.length).toBe(0);
  });

  it('without stratification draws from the whole set', () => {
    const s = trainTestSplit(counting([90, 10]), { testSize: 50, stratify: false, seed: 2 });
    expect(s.test.length).toBe(50);
    expect(new Set([...s.trainIndices, ...s.testIndices]).size).toBe(100);
  });

  it('splits disjointly and stratified for any class sizes (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 6 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.nat(),
        (sizes, fraction, seed) => {
          fc.pre(sizes.some((n) => n > 0));
          const ds = counting(sizes);
          const { trainIndices, testIndices, test } = trainTestSplit(ds, {
            testSize: fraction,
            seed,
          });
          const n = ds.length;
          expect(testIndices.length).toBe(Math.round(fraction * n));
          expect(trainIndices.length + testIndices.length).toBe(n);
          expect(new Set([...trainIndices, ...testIndices]).size).toBe(n);
          const counts = test.classCounts();
          for (let c = 0; c < sizes.length; c++) {
            expect(Math.abs(counts[c] - (testIndices.length * sizes[c]) / n)).toBeLessThan(1);
          }
        },
      ),
    );
  });

  it('rejects bad sizes and options', () => {
    const ds = counting([5, 5]);
    expect(() => trainTestSplit(ds, { testSize: 1.5 })).toThrow(
      'trainTestSplit: testSize must be a count (integer ≥ 0) or a fraction in (0, 1), got 1.5',
    );
    expect(() => trainTestSplit(ds, { testSize: -1 })).toThrow(
      'testSize must be a count (integer ≥ 0) or a fraction in (0, 1), got -1',
    );
    expect(() => trainTestSplit(ds, { testSize: 4, trainSize: 7 })).toThrow(
      "trainTestSplit: trainSize + testSize must be at most the dataset's 10 samples, got 7 + 4",
    );
    expect(() => trainTestSplit(ds, { seed: 0.5 })).toThrow(
      'trainTestSplit: seed must be an integer, got 0.5',
    );
    expect(() => trainTestSplit(ds, { stratify: 'yes' as never })).toThrow(
      "trainTestSplit: stratify must be a boolean, got 'yes'",
    );
  });
});

describe('apportion', () => {
  it('rounds by largest remainder, ties to the lower class', () => {
    expect(apportion(10, [1, 1, 1], [10, 10, 10])).toEqual([4, 3, 3]);
    expect(apportion(3, [5, 3, 2], [5, 3, 2])).toEqual([1, 1, 1]); // exact 1.5, 0.9, 0.6
    expect(apportion(5, [1, 1], [1, 10])).toEqual([1, 4]);
  });

  it('hands out exactly the total within capacities (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(50), { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (weights, share) => {
          const total = Math.floor(share * weights.reduce((a, b) => a + b, 0));
          const out = apportion(total, weights, weights);
          expect(out.reduce((a, b) => a + b, 0)).toBe(total);
          for (let c = 0; c < out.length; c++) expect(out[c]).toBeLessThanOrEqual(weights[c]);
        },
      ),
    );
  });
});
