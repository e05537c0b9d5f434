import { formatShape, type Rng, Tensor } from '@convkit/tensor';
import { type AugmentOptions, checkAugmentOptions, expectImages, randomAffine } from './augment';
import { checkOptions, checkSeed, describe, positiveInt } from './internal/describe';
import { shuffleInPlace, streamRng } from './internal/seeding';
import { TensorDataset } from './tensor-dataset';

/** A custom augmentation: takes a batch's inputs and a seeded generator, returns new inputs of the same shape. */
export type AugmentFn = (inputs: Tensor, rng: Rng) => Tensor;

export interface DataLoaderOptions {
  /** Samples per batch (default 32). */
  batchSize?: number;
  /** Visit the samples in a new seeded random order every epoch (default false). */
  shuffle?: boolean;
  /** Seed of the shuffles and augmentations (default 0). */
  seed?: number;
  /** Skip the last batch when it would be smaller than `batchSize` (default false). */
  dropLast?: boolean;
  /** Random shift/rotation of image batches (see `randomAffine`), or your own function. Default none. */
  augment?: AugmentOptions | AugmentFn;
}

/** One batch: inputs [B, …sampleShape], int32 labels [B], and where they came from. */
export interface Batch {
  inputs: Tensor;
  labels: Tensor;
  /** Index in the dataset of each sample of the batch. */
  indices: Int32Array;
  /** The epoch (from 0) and the batch's position in it (from 0). */
  epoch: number;
  batch: number;
}

const WHERE = 'DataLoader';
// Stream keys: the shuffle of an epoch, and the augmentation of one batch.
const SHUFFLE_STREAM = 0;
const AUGMENT_STREAM = 1;

/**
 * Iterates a dataset in batches, in PyTorch's style. Randomness is a pure function of
 * `(seed, epoch, batch)`: epoch e's order and batch b's augmentation are the same however
 * many epochs ran before, in Node and in browsers, so a run resumed from a checkpoint sees
 * exactly the batches an uninterrupted one would.
 *
 * `for (const batch of loader)` runs the next epoch (`loader.epoch`, then increments it);
 * `loader.batches(e)` runs epoch `e` explicitly.
 * @example
 * const ds = new TensorDataset([[0], [1], [2], [3], [4]], [0, 1, 0, 1, 0]);
 * const loader = new DataLoader(ds, { batchSize: 2, shuffle: true, seed: 7 });
 * loader.length; // 3 batches: 2 + 2 + 1
 * for (const { inputs, labels } of loader) console.log(inputs.shape, labels.shape);
 */
export class DataLoader implements Iterable<Batch> {
  readonly dataset: TensorDataset;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly dropLast: boolean;
  /** The epoch the next `for … of` runs (from 0). Set it to resume elsewhere. */
  epoch = 0;
  private readonly augment: AugmentFn | null;

  constructor(dataset: TensorDataset, options?: DataLoaderOptions) {
    if (!(dataset instanceof TensorDataset))
      throw new TypeError(`${WHERE}: dataset must be a TensorDataset, got ${describe(dataset)}`);
    const opts = checkOptions(options, WHERE);
    const batchSize = positiveInt(opts.batchSize ?? 32, WHERE, 'batchSize');
    const shuffle = opts.shuffle ?? false;
    const dropLast = opts.dropLast ?? false;
    if (typeof shuffle !== 'boolean')
      throw new TypeError(`${WHERE}: shuffle must be a boolean, got ${describe(shuffle)}`);
    if (typeof dropLast !== 'boolean')
      throw new TypeError(`${WHERE}: dropLast must be a boolean, got ${describe(dropLast)}`);
    this.seed = checkSeed(opts.seed ?? 0, WHERE);
    this.augment = augmentFunction(opts.augment, dataset);
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
  }

  /** Batches per epoch. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** Samples per epoch (fewer than the dataset's with `dropLast`). */
  get samplesPerEpoch(): number {
    return this.dropLast ? this.length * this.batchSize : this.dataset.length;
  }

  /** The order in which epoch `epoch` visits the dataset: its indices, shuffled if `shuffle` is set. */
  order(epoch: number): Int32Array {
    checkEpoch(epoch, `${WHERE}.order`);
    const indices = new Int32Array(this.dataset.length);
    for (let i = 0; i < indices.length; i++) indices[i] = i;
    return this.shuffle
      ? shuffleInPlace(indices, streamRng(this.seed, SHUFFLE_STREAM, epoch))
      : indices;
  }

  /** The batches of epoch `epoch` (from 0), made lazily one at a time. */
  *batches(epoch: number = this.epoch): Generator<Batch, void, undefined> {
    checkEpoch(epoch, `${WHERE}.batches`);
    const order = this.order(epoch);
    for (let b = 0; b < this.length; b++) {
      const indices = order.slice(
        b * this.batchSize,
        Math.min((b + 1) * this.batchSize, order.length),
      );
      let { inputs, labels } = this.dataset.gather(indices);
      if (this.augment !== null) inputs = this.augmented(inputs, epoch, b);
      yield { inputs, labels, indices, epoch, batch: b };
    }
  }

  private augmented(inputs: Tensor, epoch: number, batch: number): Tensor {
    const out = (this.augment as AugmentFn)(
      inputs,
      streamRng(this.seed, AUGMENT_STREAM, epoch, batch),
    );
    const same =
      out instanceof Tensor &&
      out.shape.length === inputs.shape.length &&
      out.shape.every((d, i) => d === inputs.shape[i]);
    if (!same) {
      throw new RangeError(
        `${WHERE}: augment must return a tensor of the batch's shape ${formatShape(inputs.shape)}, got ${describe(out)}`,
      );
    }
    return out;
  }

  [Symbol.iterator](): Iterator<Batch> {
    const epoch = this.epoch;
    this.epoch += 1;
    return this.batches(epoch);
  }
}

function checkEpoch(epoch: unknown, where: string): void {
  if (typeof epoch !== 'number' || !Number.isInteger(epoch) || epoch < 0) {
    throw new RangeError(`${where}: epoch must be a non-negative integer, got ${describe(epoch)}`);
  }
}

function augmentFunction(
  augment: DataLoaderOptions['augment'],
  dataset: TensorDataset,
): AugmentFn | null {
  if (augment === undefined || augment === null) return null;
  if (typeof augment === 'function') return augment;
  const options = checkAugmentOptions(augment, WHERE);
  expectImages([0, ...dataset.sampleShape], WHERE);
  if (options.shift === 0 && options.rotation === 0) return null;
  return (inputs, rng) => randomAffine(inputs, rng, options);
}
