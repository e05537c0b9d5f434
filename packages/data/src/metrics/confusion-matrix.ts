import { formatShape, Tensor } from '@convkit/tensor';
import { checkOptions, describe, positiveInt } from '../internal/describe';

/** Class indices: an int32 (or integer-valued) tensor [N], or an array of integers. */
export type ClassIndices = Tensor | ArrayLike<number>;

export interface ConfusionMatrixOptions {
  /** Number of classes (default: the largest index seen + 1, or `classNames.length`). */
  numClasses?: number;
  /** Row labels for `toString()` (default `'0'`, `'1'`, …). */
  classNames?: readonly string[];
}

/** Reads class indices from a tensor [N], logits [N, C] (their argmax) or an array. */
function toIndices(value: unknown, where: string, arg: string, allowLogits: boolean): Int32Array {
  if (value instanceof Tensor) {
    if (allowLogits && value.rank === 2 && value.dtype !== 'int32') {
      const [n, c] = value.shape;
      const out = new Int32Array(n);
      const z = value.data;
      for (let i = 0; i < n; i++) {
        let best = 0;
        for (let k = 1; k < c; k++) if (z[i * c + k] > z[i * c + best]) best = k;
        out[i] = best;
      }
      return out;
    }
    if (value.rank !== 1) {
      const expected = allowLogits ? 'class indices [N] or logits [N, C]' : 'class indices [N]';
      throw new RangeError(
        `${where}: ${arg} must be ${expected}, got shape ${formatShape(value.shape)}`,
      );
    }
    value = value.data;
  }
  if (
    value === null ||
    typeof value !== 'object' ||
    typeof (value as ArrayLike<number>).length !== 'number'
  ) {
    throw new TypeError(
      `${where}: ${arg} must be a Tensor or an array of class indices, got ${describe(value)}`,
    );
  }
  const array = value as ArrayLike<unknown>;
  const out = new Int32Array(array.length);
  for (let i = 0; i < array.length; i++) {
    const v = array[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new RangeError(
        `${where}: ${arg} must hold non-negative integer class indices, got ${describe(v)} at ${arg}[${i}]`,
      );
    }
    out[i] = v;
  }
  return out;
}

const pct = (x: number) => (Number.isNaN(x) ? '   –  ' : `${(100 * x).toFixed(1).padStart(5)}%`);

/**
 * Counts of (true class, predicted class) pairs: row t, column p holds how many samples of
 * class t were predicted as p. Accuracy is the diagonal over the total; per-class accuracy
 * (recall) is each row's diagonal over the row's sum.
 * @example
 * const cm = confusionMatrix([0, 0, 1, 1], [0, 1, 1, 1]);
 * cm.get(0, 1); // 1: one sample of class 0 predicted as 1
 * cm.accuracy; // 0.75
 * cm.perClassAccuracy(); // [0.5, 1]
 */
export class ConfusionMatrix {
  readonly numClasses: number;
  readonly classNames: readonly string[];
  /** Row-major [numClasses, numClasses] counts, rows the true classes. */
  readonly counts: Int32Array;

  constructor(numClasses: number, classNames?: readonly string[]) {
    positiveInt(numClasses, 'ConfusionMatrix', 'numClasses');
    if (
      classNames !== undefined &&
      (!Array.isArray(classNames) || classNames.length !== numClasses)
    ) {
      throw new RangeError(
        `ConfusionMatrix: classNames must have numClasses (${numClasses}) strings, got ${describe(classNames)}`,
      );
    }
    this.numClasses = numClasses;
    this.classNames = Object.freeze(
      classNames ? [...classNames] : Array.from({ length: numClasses }, (_, c) => String(c)),
    );
    this.counts = new Int32Array(numClasses * numClasses);
  }

  /** Adds pairs of true labels and predictions (indices [N], logits [N, C] or arrays); returns this. */
  add(labels: ClassIndices, predictions: ClassIndices): this {
    const where = 'ConfusionMatrix.add';
    const t = toIndices(labels, where, 'labels', false);
    const p = toIndices(predictions, where, 'predictions', true);
    if (t.length !== p.length)
      throw new RangeError(
        `${where}: predictions must have one entry per label (${t.length}), got ${p.length}`,
      );
    const k = this.numClasses;
    for (let i = 0; i < t.length; i++) {
      if (t[i] >= k || p[i] >= k) {
        const [arg, v] = t[i] >= k ? ['labels', t[i]] : ['predictions', p[i]];
        throw new RangeError(`${where}: ${arg} must be in [0, ${k - 1}], got ${v} at ${arg}[${i}]`);
      }
    }
    for (let i = 0; i < t.length; i++) this.counts[t[i] * k + p[i]]++;
    return this;
  }

  /** How many samples of class `trueClass` were predicted as `predicted`. */
  get(trueClass: number, predicted: number): number {
    return this.counts[trueClass * this.numClasses + predicted];
  }

  get total(): number {
    let s = 0;
    for (const c of this.counts) s += c;
    return s;
  }

  get correct(): number {
    let s = 0;
    for (let c = 0; c < this.numClasses; c++) s += this.get(c, c);
    return s;
  }

  /** Fraction of samples predicted correctly (NaN when empty). */
  get accuracy(): number {
    return this.total === 0 ? Number.NaN : this.correct / this.total;
  }

  /** For each true class, the fraction of its samples predicted correctly (its recall); NaN for a class with no samples. */
  perClassAccuracy(): number[] {
    return Array.from({ length: this.numClasses }, (_, t) => {
      let row = 0;
      for (let p = 0; p < this.numClasses; p++) row += this.get(t, p);
      return row === 0 ? Number.NaN : this.get(t, t) / row;
    });
  }

  /** The counts as nested arrays, rows the true classes. */
  toArray(): number[][] {
    return Array.from({ length: this.numClasses }, (_, t) =>
      Array.from(this.counts.subarray(t * this.numClasses, (t + 1) * this.numClasses)),
    );
  }

  /** A text table: one row per true class with its counts per predicted class and its accuracy. */
  toString(): string {
    const k = this.numClasses;
    const cell = Math.max(4, String(Math.max(...this.counts)).length + 1);
    const names = this.classNames.map((name, t) => (name === String(t) ? name : `${t} ${name}`));
    const label = Math.max(10, ...names.map((n) => n.length + 1));
    const header = `${'true\\pred'.padEnd(label)}${Array.from({ length: k }, (_, p) => String(p).padStart(cell)).join('')}   accuracy`;
    const perClass = this.perClassAccuracy();
    const rows = names.map((name, t) => {
      const cells = Array.from({ length: k }, (_, p) => String(this.get(t, p)).padStart(cell)).join(
        '',
      );
      return `${name.padEnd(label)}${cells}   ${pct(perClass[t])}`;
    });
    const footer = `${'all'.padEnd(label)}${' '.repeat(cell * k)}   ${pct(this.accuracy)}`;
    return [header, ...rows, footer].join('\n');
  }
}

/**
 * The confusion matrix of `predictions` (class indices [N], or logits [N, C] whose argmax
 * is taken) against true `labels` [N].
 * @example
 * const cm = confusionMatrix(test.labels, logits, { classNames: MNIST_CLASS_NAMES });
 * console.log(cm.toString());
 */
export function confusionMatrix(
  labels: ClassIndices,
  predictions: ClassIndices,
  options?: ConfusionMatrixOptions,
): ConfusionMatrix {
  const where = 'confusionMatrix';
  const opts = checkOptions(options, where);
  const t = toIndices(labels, where, 'labels', false);
  const p = toIndices(predictions, where, 'predictions', true);
  let max = 0;
  for (const v of t) max = Math.max(max, v + 1);
  for (const v of p) max = Math.max(max, v + 1);
  const numClasses = opts.numClasses ?? opts.classNames?.length ?? Math.max(max, 1);
  return new ConfusionMatrix(numClasses, opts.classNames).add(t, p);
}
