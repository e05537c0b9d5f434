import { type FloatDType, formatShape, type Shape, Tensor } from '@convkit/tensor';
import { checkOptions, describe, positiveInt } from './internal/describe';

/** Inputs a `TensorDataset` accepts: a float tensor [N, …], or nested arrays (rows may be typed arrays). */
export type DatasetInputs = Tensor | readonly unknown[];

/** Labels a `TensorDataset` accepts: one integer class index per sample. */
export type DatasetLabels = Tensor | ArrayLike<number>;

export interface TensorDatasetOptions {
  /** Number of classes; labels must lie in [0, numClasses). Default: `classNames.length`, else max label + 1. */
  numClasses?: number;
  /** A name per class, for confusion matrices and reports. Default `'0'`, `'1'`, …. */
  classNames?: readonly string[];
  /** dtype of the input tensor made from arrays (default float32; a given tensor keeps its own). */
  dtype?: FloatDType;
}

/** One sample: its input tensor (a copy) and its class index. */
export interface Sample {
  input: Tensor;
  label: number;
}

/** Inputs and labels of a set of samples, gathered into new tensors. */
export interface SampleBatch {
  /** [B, …sampleShape], the dataset's dtype. */
  inputs: Tensor;
  /** [B] int32 class indices. */
  labels: Tensor;
}

const WHERE = 'TensorDataset';

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

function at(index: number[]): string {
  return index.map((i) => `[${i}]`).join('');
}

/** Flattens rectangular nested arrays of finite numbers, naming the first offending entry. */
function inputsFromArrays(data: readonly unknown[], dtype: FloatDType): Tensor {
  if (data.length === 0) {
    throw new RangeError(
      `${WHERE}: inputs must hold at least one sample, got an empty array (for no samples use a tensor [0, …])`,
    );
  }
  const shape: number[] = [];
  for (let level: unknown = data; isArrayLike(level); level = level[0]) {
    shape.push(level.length);
    if (level.length === 0) break;
  }
  let size = 1;
  for (const d of shape) size *= d;
  const out = dtype === 'float64' ? new Float64Array(size) : new Float32Array(size);
  const index: number[] = [];
  let n = 0;
  const walk = (value: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof value !== 'number') {
        throw new TypeError(
          `${WHERE}: inputs${at(index)} must be a number, got ${describe(value)} (inputs are ragged or not numeric)`,
        );
      }
      if (!Number.isFinite(value))
        throw new RangeError(`${WHERE}: inputs must be finite, got ${value} at inputs${at(index)}`);
      out[n++] = value;
      return;
    }
    if (!isArrayLike(value) || value.length !== shape[depth]) {
      const got = isArrayLike(value) ? `length ${value.length}` : describe(value);
      throw new RangeError(
        `${WHERE}: inputs must be rectangular, got ${got} at inputs${at(index)} where inputs${'[0]'.repeat(depth)} has length ${shape[depth]}`,
      );
    }
    for (let i = 0; i < value.length; i++) {
      index.push(i);
      walk(value[i], depth + 1);
      index.pop();
    }
  };
  walk(data, 0);
  return new Tensor(out, shape);
}

function checkInputTensor(inputs: Tensor): Tensor {
  if (inputs.dtype === 'int32')
    throw new TypeError(`${WHERE}: inputs must be a float32 or float64 tensor, got int32`);
  if (inputs.rank === 0)
    throw new RangeError(
      `${WHERE}: inputs must be [N, …] with samples along dimension 0, got a scalar`,
    );
  const data = inputs.data;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const per = data.length / inputs.shape[0];
      throw new RangeError(
        `${WHERE}: inputs must be finite, got ${data[i]} in sample ${Math.floor(i / per)} (flat index ${i})`,
      );
    }
  }
  return inputs.detach();
}

function labelsToInt32(labels: DatasetLabels): Int32Array {
  let values: ArrayLike<unknown>;
  if (labels instanceof Tensor) {
    if (labels.rank !== 1)
      throw new RangeError(
        `${WHERE}: labels must be a 1-D tensor [N], got shape ${formatShape(labels.shape)}`,
      );
    values = labels.data;
  } else if (isArrayLike(labels)) {
    values = labels;
  } else {
    throw new TypeError(
      `${WHERE}: labels must be a Tensor or an array of class indices, got ${describe(labels)}`,
    );
  }
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      throw new TypeError(
        `${WHERE}: labels must be integer class indices, got ${describe(v)} at labels[${i}]`,
      );
    }
    out[i] = v;
  }
  return out;
}

/**
 * A labelled classification dataset held in two tensors: inputs [N, …sampleShape] and int32
 * class indices [N]. Construction checks everything once — rectangular finite inputs, one
 * integer label per input, labels within [0, numClasses) — so that batches drawn later
 * cannot fail halfway through an epoch.
 * @example
 * const ds = new TensorDataset([[0, 1], [1, 0], [1, 1]], [1, 1, 0], { classNames: ['same', 'different'] });
 * ds.length; // 3
 * ds.get(0).label; // 1
 */
export class TensorDataset {
  /** [N, …sampleShape] float32 or float64; shared with the tensor given, not copied. */
  readonly inputs: Tensor;
  /** [N] int32 class indices. */
  readonly labels: Tensor;
  readonly numClasses: number;
  readonly classNames: readonly string[];

  constructor(inputs: DatasetInputs, labels: DatasetLabels, options?: TensorDatasetOptions) {
    const opts = checkOptions(options, WHERE);
    const dtype = opts.dtype ?? 'float32';
    if (dtype !== 'float32' && dtype !== 'float64') {
      throw new TypeError(`${WHERE}: dtype must be 'float32' or 'float64', got ${describe(dtype)}`);
    }
    if (
      opts.classNames !== undefined &&
      (!Array.isArray(opts.classNames) || !opts.classNames.every((n) => typeof n === 'string'))
    ) {
      throw new TypeError(
        `${WHERE}: classNames must be an array of strings, got ${describe(opts.classNames)}`,
      );
    }
    if (opts.numClasses !== undefined) positiveInt(opts.numClasses, WHERE, 'numClasses');
    if (
      opts.numClasses !== undefined &&
      opts.classNames !== undefined &&
      opts.classNames.length !== opts.numClasses
    ) {
      throw new RangeError(
        `${WHERE}: classNames must have numClasses (${opts.numClasses}) entries, got ${opts.classNames.length}`,
      );
    }
    let x: Tensor;
    if (inputs instanceof Tensor) x = checkInputTensor(inputs);
    else if (Array.isArray(inputs)) x = inputsFromArrays(inputs, dtype);
    else
      throw new TypeError(
        `${WHERE}: inputs must be a Tensor or an array of samples, got ${describe(inputs)}`,
      );
    const y = labelsToInt32(labels);
    if (y.length !== x.shape[0]) {
      throw new RangeError(
        `${WHERE}: labels must have one entry per input (${x.shape[0]}), got ${y.length}`,
      );
    }
    let max = -1;
    for (let i = 0; i < y.length; i++) {
      if (y[i] < 0)
        throw new RangeError(
          `${WHERE}: labels must be non-negative class indices, got ${y[i]} at labels[${i}]`,
        );
      if (y[i] > max) max = y[i];
    }
    const numClasses = opts.numClasses ?? opts.classNames?.length ?? Math.max(max + 1, 1);
    if (max >= numClasses) {
      const i = y.indexOf(max);
      throw new RangeError(
        `${WHERE}: labels must be in [0, ${numClasses - 1}] (numClasses ${numClasses}), got ${max} at labels[${i}]`,
      );
    }
    this.inputs = x;
    this.labels = new Tensor(y, [y.length]);
    this.numClasses = numClasses;
    this.classNames = Object.freeze(
      opts.classNames
        ? [...opts.classNames]
        : Array.from({ length: numClasses }, (_, c) => String(c)),
    );
  }

  /** Number of samples N. */
  get length(): number {
    return this.inputs.shape[0];
  }

  /** Shape of one input, e.g. [1, 28, 28]. */
  get sampleShape(): Shape {
    return this.inputs.shape.slice(1);
  }

  /** Sample `index` (a copy of its input). */
  get(index: number): Sample {
    this.checkIndex(index, `${WHERE}.get`, 'index');
    const { inputs, labels } = this.gather([index]);
    return { input: inputs.reshape(this.sampleShape), label: labels.data[0] };
  }

  /**
   * Copies the samples at `indices` (in that order, repeats allowed) into new tensors
   * [B, …sampleShape] and [B].
   */
  gather(indices: ArrayLike<number>): SampleBatch {
    for (let i = 0; i < indices.length; i++)
      this.checkIndex(indices[i], `${WHERE}.gather`, `indices[${i}]`);
    const per = this.inputs.size / Math.max(this.length, 1);
    const src = this.inputs.data;
    const dst =
      this.inputs.dtype === 'float64'
        ? new Float64Array(indices.length * per)
        : new Float32Array(indices.length * per);
    const y = new Int32Array(indices.length);
    const labels = this.labels.data;
    for (let i = 0; i < indices.length; i++) {
      const k = indices[i];
      dst.set(src.subarray(k * per, (k + 1) * per), i * per);
      y[i] = labels[k];
    }
    return {
      inputs: new Tensor(dst, [indices.length, ...this.sampleShape]),
      labels: new Tensor(y, [indices.length]),
    };
  }

  /** A new dataset of the samples at `indices`, with the same classes. */
  subset(indices: ArrayLike<number>): TensorDataset {
    const { inputs, labels } = this.gather(indices);
    return new TensorDataset(inputs, labels, {
      numClasses: this.numClasses,
      classNames: this.classNames,
    });
  }

  /** How many samples each class has: `counts[c]`. */
  classCounts(): number[] {
    const counts = new Array<number>(this.numClasses).fill(0);
    for (const y of this.labels.data) counts[y]++;
    return counts;
  }

  private checkIndex(value: unknown, where: string, arg: string): void {
    if (
      typeof value !== 'number' ||
      !Number.isInteger(value) ||
      value < 0 ||
      value >= this.length
    ) {
      throw new RangeError(
        `${where}: ${arg} must be an integer in [0, ${this.length - 1}], got ${describe(value)}`,
      );
    }
  }
}
