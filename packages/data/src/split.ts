import { checkOptions, checkSeed, describe } from './internal/describe';
import { shuffleInPlace, streamRng } from './internal/seeding';
import type { TensorDataset } from './tensor-dataset';

export interface SplitOptions {
  /**
   * Size of the test set: a count (an integer ≥ 1, or 0) or a fraction in (0, 1) of the
   * dataset (default 0.2, i.e. 2,000 of MNIST's 10,000 digits).
   */
  testSize?: number;
  /** Size of the training set, count or fraction (default: every sample not in the test set). */
  trainSize?: number;
  /** Seed of the split: same seed and dataset, same split, in Node and in browsers (default 0). */
  seed?: number;
  /** Keep each class's share equal in both sets (default true). */
  stratify?: boolean;
}

/** The two sets, and which samples of the original dataset each holds. */
export interface DatasetSplit {
  train: TensorDataset;
  test: TensorDataset;
  /** Index into the original dataset of each training sample, in the training set's order. */
  trainIndices: Int32Array;
  /** Index into the original dataset of each test sample, in the test set's order. */
  testIndices: Int32Array;
}

const WHERE = 'trainTestSplit';

function resolveSize(
  value: number | undefined,
  fallback: number,
  total: number,
  arg: string,
): number {
  if (value === undefined) return fallback;
  if (
    typeof value === 'number' &&
    (Number.isInteger(value) ? value >= 0 : value > 0 && value < 1)
  ) {
    return Number.isInteger(value) ? value : Math.round(value * total);
  }
  throw new RangeError(
    `${WHERE}: ${arg} must be a count (integer ≥ 0) or a fraction in (0, 1), got ${describe(value)}`,
  );
}

/**
 * Splits `total` into integer shares proportional to `weights`, none above its `capacity`:
 * floors first, then the remaining units one by one by largest remainder (ties to the
 * lower class), so the result depends on nothing but the counts.
 */
export function apportion(
  total: number,
  weights: readonly number[],
  capacity: readonly number[],
): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum === 0 ? 0 : (total * w) / sum));
  const shares = exact.map((e, c) => Math.min(Math.floor(e), capacity[c]));
  let left = total - shares.reduce((a, b) => a + b, 0);
  const order = exact
    .map((_, c) => c)
    .sort((a, b) => exact[b] - shares[b] - (exact[a] - shares[a]) || a - b);
  while (left > 0) {
    let gave = false;
    for (const c of order) {
      if (left > 0 && shares[c] < capacity[c]) {
        shares[c]++;
        left--;
        gave = true;
      }
    }
    if (!gave) break;
  }
  return shares;
}

/**
 * Splits a dataset into training and test sets, deterministically from `seed` and, by
 * default, stratified: each class contributes to the test set in proportion to its size
 * (largest-remainder rounding), so class balance is the same in both sets. Samples within
 * a class are chosen by a seeded shuffle; both sets come out in a seeded random order (so
 * a loader without `shuffle` does not see the classes one after another). The sets never
 * share a sample.
 * @example
 * const digits = new TensorDataset([[0], [1], [2], [3], [4], [5], [6], [7], [8], [9]], [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
 * const { train, test } = trainTestSplit(digits, { testSize: 0.2, seed: 1 });
 * test.classCounts(); // [1, 1]
 */
export function trainTestSplit(dataset: TensorDataset, options?: SplitOptions): DatasetSplit {
  const opts = checkOptions(options, WHERE);
  const n = dataset.length;
  const testCount = resolveSize(opts.testSize, Math.round(0.2 * n), n, 'testSize');
  const trainCount = resolveSize(opts.trainSize, n - testCount, n, 'trainSize');
  if (testCount + trainCount > n) {
    throw new RangeError(
      `${WHERE}: trainSize + testSize must be at most the dataset's ${n} samples, got ${trainCount} + ${testCount}`,
    );
  }
  const seed = checkSeed(opts.seed ?? 0, WHERE);
  const stratify = opts.stratify ?? true;
  if (typeof stratify !== 'boolean')
    throw new TypeError(`${WHERE}: stratify must be a boolean, got ${describe(stratify)}`);
  const rng = streamRng(seed);
  const labels = dataset.labels.data;
  // Without stratification the whole dataset is one group.
  const groups: number[][] = stratify ? Array.from({ length: dataset.numClasses }, () => []) : [[]];
  for (let i = 0; i < n; i++) groups[stratify ? labels[i] : 0].push(i);
  for (const group of groups) shuffleInPlace(group, rng);
  const sizes = groups.map((g) => g.length);
  const testShares = apportion(testCount, sizes, sizes);
  const trainShares = apportion(
    trainCount,
    sizes,
    sizes.map((s, c) => s - testShares[c]),
  );
  const test: number[] = [];
  const train: number[] = [];
  groups.forEach((group, c) => {
    for (let k = 0; k < testShares[c]; k++) test.push(group[k]);
    for (let k = testShares[c]; k < testShares[c] + trainShares[c]; k++) train.push(group[k]);
  });
  const trainIndices = shuffleInPlace(Int32Array.from(train), rng);
  const testIndices = shuffleInPlace(Int32Array.from(test), rng);
  return {
    train: dataset.subset(trainIndices),
    test: dataset.subset(testIndices),
    trainIndices,
    testIndices,
  };
}
