import { defineOp } from '../autograd/define-op';
import { allocate, isFloat } from '../dtype';
import { expectTensor } from '../internal/operands';
import {
  argExtreme,
  extremeBySlot,
  logsumexpBySlot,
  momentsBySlot,
  reductionSlots,
  routeToExtremes,
  scaledDeviationsBySlot,
  softmaxGradBySlot,
  sumIntoStrided,
} from '../internal/reduce-kernels';
import {
  describe,
  formatShape,
  normalizeAxes,
  normalizeAxis,
  type Shape,
  sizeOf,
  stridesOf,
} from '../shape';
import { Tensor } from '../tensor';
import { expand } from './expand';

export interface ReduceOptions {
  /** Keep reduced dimensions with size 1. */
  keepDim?: boolean;
}
export interface VarianceOptions extends ReduceOptions {
  /** Bessel's correction: divide by N - correction (PyTorch's default 1). */
  correction?: number;
}
/**
 * `options.keepDim`, checked. A bare boolean is the PyTorch habit `x.sum(1, True)`; it would
 * otherwise be ignored silently, so it gets an error that shows the convkit spelling.
 */
function keepDimOf(options: ReduceOptions | undefined, op: string): boolean {
  if (options === undefined) return false;
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(
      `${op}: options must be an object such as { keepDim: true }, got ${describe(options)}`,
    );
  }
  const { keepDim = false } = options;
  if (typeof keepDim !== 'boolean') {
    throw new TypeError(`${op}: options.keepDim must be a boolean, got ${describe(keepDim)}`);
  }
  return keepDim;
}

/** The axes a reduction runs over: one axis or several; negative axes count from the end. */
export type Axes = number | readonly number[];

/** The reduced shape, with reduced axes kept as 1 (`kept`) and dropped (`out`). */
export function reducedShapes(
  shape: Shape,
  axes: readonly number[],
): { kept: number[]; out: number[] } {
  const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = shape.filter((_, i) => !axes.includes(i));
  return { kept, out };
}

const sumOp = defineOp({
  name: 'sum',
  forward(x: Tensor, axes: readonly number[], keepDim: boolean) {
    const { kept, out } = reducedShapes(x.shape, axes);
    // Reduced axes get stride 0 in the output: every element along them adds into one slot.
    const strides = stridesOf(kept).map((s, i) => (axes.includes(i) ? 0 : s));
    const data = allocate(x.dtype, sizeOf(out));
    sumIntoStrided(x.data, x.shape, data, strides);
    return { out: new Tensor(data, keepDim ? kept : out), saved: { inputShape: x.shape, kept } };
  },
  backward(dOut, { inputShape, kept }) {
    return [expand(dOut.reshape(kept), inputShape)];
  },
});

/**
 * Sum over `axis` (one axis, a list, or all when omitted). Reduced dimensions are dropped
 * from the shape, or kept with size 1 under `keepDim`; an empty reduction gives 0.
 * @example
 * sum(tensor([[1, 2], [3, 4]]), 0); // [4, 6]
 */
export function sum(x: Tensor, axis?: Axes, options: ReduceOptions = {}): Tensor {
  expectTensor(x, 'sum', 'x');
  const axes = normalizeAxes(axis, x.rank, 'sum');
  return sumOp(x, axes, keepDimOf(options, 'sum'));
}

/**
 * Arithmetic mean over `axis` (all axes when omitted); int32 input gives float32. An empty
 * reduction gives NaN.
 * @example
 * mean(tensor([[1, 2], [3, 4]]), 1); // [1.5, 3.5]
 */
export function mean(x: Tensor, axis?: Axes, options: ReduceOptions = {}): Tensor {
  expectTensor(x, 'mean', 'x');
  const axes = normalizeAxes(axis, x.rank, 'mean');
  keepDimOf(options, 'mean');
  const count = reducedCount(x.shape, axes);
  const input = isFloat(x.dtype) ? x : x.to('float32');
  return sum(input, axes, options).div(count);
}

/** Number of elements reduced into each output slot (a rank-0 tensor's axis 0 has size 1). */
function reducedCount(shape: Shape, axes: readonly number[]): number {
  return axes.reduce((p, a) => p * (shape[a] ?? 1), 1);
}

function expectNonEmpty(x: Tensor, axes: readonly number[], op: string): void {
  if (axes.some((a) => x.shape[a] === 0)) {
    throw new RangeError(
      `${op}: reduced dimensions must be non-empty, got shape ${formatShape(x.shape)} reduced over axes ${formatShape(axes)}`,
    );
  }
}

function extremeOp(name: string, wantMax: boolean) {
  return defineOp({
    name,
    forward(x: Tensor, axes: readonly number[], keepDim: boolean) {
      const { kept, out } = reducedShapes(x.shape, axes);
      // Extremes are kept in float64 for backward: exact copies of float32/int32 values,
      // so ties are found by ===.
      const extreme = new Float64Array(sizeOf(out));
      extremeBySlot(x.data, reductionSlots(x.shape, axes), extreme, wantMax);
      const data = allocate(x.dtype, extreme.length);
      data.set(extreme);
      return { out: new Tensor(data, keepDim ? kept : out), saved: { x, axes, extreme } };
    },
    backward(dOut, { x, axes, extreme }) {
      const grad = allocate(x.dtype, x.size);
      routeToExtremes(x.data, reductionSlots(x.shape, axes), extreme, dOut.data, grad);
      return [new Tensor(grad, x.shape)];
    },
  });
}

const maxOp = extremeOp('max', true);
const minOp = extremeOp('min', false);

/**
 * Largest value over `axis` (one axis, a list, or all when omitted), keeping x's dtype;
 * NaN propagates. The gradient goes to the elements equal to the maximum, split evenly
 * among ties (two tied maxima get half each), so it always sums to the output gradient.
 * Reducing an empty dimension is an error.
 * @example
 * max(tensor([[1, 5], [7, 2]]), 1); // [5, 7]
 * max(tensor([[1, 5], [7, 2]]));    // 7
 */
export function max(x: Tensor, axis?: Axes, options: ReduceOptions = {}): Tensor {
  expectTensor(x, 'max', 'x');
  const axes = normalizeAxes(axis, x.rank, 'max');
  expectNonEmpty(x, axes, 'max');
  return maxOp(x, axes, keepDimOf(options, 'max'));
}

/**
 * Smallest value over `axis` (one axis, a list, or all when omitted); the mirror of `max`,
 * with the gradient split evenly among tied minima.
 * @example
 * min(tensor([[1, 5], [7, 2]]), 0, { keepDim: true }); // [[1, 2]]
 */
export function min(x: Tensor, axis?: Axes, options: ReduceOptions = {}): Tensor {
  expectTensor(x, 'min', 'x');
  const axes = normalizeAxes(axis, x.rank, 'min');
  expectNonEmpty(x, axes, 'min');
  return minOp(x, axes, keepDimOf(options, 'min'));
}

function argExtremeOf(
  x: Tensor,
  axis: number | undefined,
  options: ReduceOptions,
  wantMax: boolean,
  op: string,
): Tensor {
  expectTensor(x, op, 'x');
  const keepDim = keepDimOf(options, op);
  if (axis === undefined) {
    if (x.size === 0)
      throw new RangeError(`${op}: x must be non-empty, got shape ${formatShape(x.shape)}`);
    const out = new Int32Array(1);
    argExtreme(x.data, 1, x.size, 1, wantMax, out);
    return new Tensor(out, keepDim ? x.shape.map(() => 1) : []);
  }
  const a = normalizeAxis(axis, x.rank, op);
  expectNonEmpty(x, [a], op);
  const length = x.shape[a] ?? 1;
  const outer = sizeOf(x.shape.slice(0, a));
  const inner = sizeOf(x.shape.slice(a + 1));
  const { kept, out } = reducedShapes(x.shape, [a]);
  const data = new Int32Array(outer * inner);
  argExtreme(x.data, outer, length, inner, wantMax, data);
  return new Tensor(data, keepDim ? kept : out);
}

/**
 * Index (int32) of the largest value along `axis`, or in the flattened tensor when `axis`
 * is omitted; the first occurrence wins ties, and a NaN counts as the largest. Not
 * differentiable.
 * @example
 * argmax(tensor([[1, 5, 5], [7, 2, 0]]), 1); // [1, 0]
 * argmax(tensor([[1, 5], [7, 2]]));          // 2
 */
export function argmax(x: Tensor, axis?: number, options: ReduceOptions = {}): Tensor {
  return argExtremeOf(x, axis, options, true, 'argmax');
}

/**
 * Index (int32) of the smallest value along `axis`, or in the flattened tensor when `axis`
 * is omitted; the first occurrence wins ties, and a NaN counts as the smallest.
 * @example
 * argmin(tensor([[1, 5], [7, 2]]), 0); // [0, 1]
 */
export function argmin(x: Tensor, axis?: number, options: ReduceOptions = {}): Tensor {
  return argExtremeOf(x, axis, options, false, 'argmin');
}

/** Mean and divisor per slot, shared by variance and std. */
function moments(x: Tensor, axes: readonly number[], correction: number) {
  const { kept, out } = reducedShapes(x.shape, axes);
  const count = reducedCount(x.shape, axes);
  const mean = new Float64Array(sizeOf(out));
  const squares = new Float64Array(mean.length);
  momentsBySlot(x.data, reductionSlots(x.shape, axes), count, mean, squares);
  // As in PyTorch, N - correction ≤ 0 divides by 0 (giving inf or NaN) rather than throwing.
  const divisor = Math.max(0, count - correction);
  const value = new Float64Array(squares.length);
  for (let o = 0; o < value.length; o++) value[o] = squares[o] / divisor;
  return { kept, out, mean, divisor, value };
}

function scaledDeviations(
  x: Tensor,
  axes: readonly number[],
  mean: Float64Array,
  scale: Float64Array,
  dOut: Tensor,
): Tensor {
  const grad = allocate(x.dtype, x.size);
  scaledDeviationsBySlot(x.data, reductionSlots(x.shape, axes), mean, scale, dOut.data, grad);
  return new Tensor(grad, x.shape);
}

const varianceOp = defineOp({
  name: 'variance',
  forward(x: Tensor, axes: readonly number[], keepDim: boolean, correction: number) {
    const { kept, out, mean, divisor, value } = moments(x, axes, correction);
    const data = allocate(x.dtype, value.length);
    data.set(value);
    return { out: new Tensor(data, keepDim ? kept : out), saved: { x, axes, mean, divisor } };
  },
  backward(dOut, { x, axes, mean, divisor }) {
    // d/dxᵢ Σ(xⱼ - mean)² / D = 2(xᵢ - mean) / D (the mean's own derivative sums to zero).
    return [scaledDeviations(x, axes, mean, new Float64Array(mean.length).fill(2 / divisor), dOut)];
  },
});

const stdOp = defineOp({
  name: 'std',
  forward(x: Tensor, axes: readonly number[], keepDim: boolean, correction: number) {
    const { kept, out, mean, divisor, value } = moments(x, axes, correction);
    const std = new Float64Array(value.length);
    for (let o = 0; o < std.length; o++) std[o] = Math.sqrt(value[o]);
    const data = allocate(x.dtype, std.length);
    data.set(std);
    return { out: new Tensor(data, keepDim ? kept : out), saved: { x, axes, mean, divisor, std } };
  },
  backward(dOut, { x, axes, mean, divisor, std }) {
    // d std = d var / (2 std), taken from the float64 std so it stays finite whenever var > 0.
    const scale = new Float64Array(std.length);
    for (let o = 0; o < scale.length; o++) scale[o] = 1 / (divisor * std[o]);
    return [scaledDeviations(x, axes, mean, scale, dOut)];
  },
});

function varianceArgs(x: Tensor, axis: Axes | undefined, options: VarianceOptions, op: string) {
  expectTensor(x, op, 'x');
  const axes = normalizeAxes(axis, x.rank, op);
  const keepDim = keepDimOf(options, op);
  const correction = options.correction ?? 1;
  if (typeof correction !== 'number' || !Number.isFinite(correction) || correction < 0) {
    throw new RangeError(
      `${op}: correction must be a non-negative number, got ${describe(correction)}`,
    );
  }
  const input = isFloat(x.dtype) ? x : x.to('float32');
  return [input, axes, keepDim, correction] as const;
}

/**
 * Variance over `axis` (all axes when omitted): Σ(x - mean)² / (N - correction), with N the
 * number of reduced elements. `correction` defaults to 1 (Bessel's correction, the sample
 * variance, as PyTorch); 0 gives the population variance. N ≤ correction gives inf or NaN.
 * int32 input gives float32.
 * @example
 * variance(tensor([1, 2, 3, 4]));                     // 1.6667
 * variance(tensor([1, 2, 3, 4]), 0, { correction: 0 }); // 1.25
 */
export function variance(x: Tensor, axis?: Axes, options: VarianceOptions = {}): Tensor {
  return varianceOp(...varianceArgs(x, axis, options, 'variance'));
}

/**
 * Standard deviation over `axis`: √variance, with the same `correction` (default 1). Its
 * gradient (x - mean) / ((N - correction)·std) is finite wherever std > 0; at std = 0 it
 * is NaN, as in PyTorch.
 * @example
 * std(tensor([[1, 3], [2, 2]]), 1, { correction: 0 }); // [1, 0]
 */
export function std(x: Tensor, axis?: Axes, options: VarianceOptions = {}): Tensor {
  return stdOp(...varianceArgs(x, axis, options, 'std'));
}

const logsumexpOp = defineOp({
  name: 'logsumexp',
  forward(x: Tensor, axes: readonly number[], keepDim: boolean) {
    const { kept, out } = reducedShapes(x.shape, axes);
    const value = new Float64Array(sizeOf(out));
    logsumexpBySlot(x.data, reductionSlots(x.shape, axes), value);
    const data = allocate(x.dtype, value.length);
    data.set(value);
    return { out: new Tensor(data, keepDim ? kept : out), saved: { x, axes, value } };
  },
  backward(dOut, { x, axes, value }) {
    // ∂/∂xᵢ log Σ exp xⱼ = exp(xᵢ - lse): the softmax over the reduced elements.
    const grad = allocate(x.dtype, x.size);
    softmaxGradBySlot(x.data, reductionSlots(x.shape, axes), value, dOut.data, grad);
    return [new Tensor(grad, x.shape)];
  },
});

/**
 * log Σ exp(x) over `axis` (all axes when omitted), computed stably as
 * m + log Σ exp(x - m) with m the maximum, so large inputs do not overflow. An empty
 * reduction gives -Infinity; int32 input gives float32. The gradient is the softmax of x
 * over the reduced axes.
 * @example
 * logsumexp(tensor([1000, 1000])); // 1000.6931
 */
export function logsumexp(x: Tensor, axis?: Axes, options: ReduceOptions = {}): Tensor {
  expectTensor(x, 'logsumexp', 'x');
  const axes = normalizeAxes(axis, x.rank, 'logsumexp');
  const input = isFloat(x.dtype) ? x : x.to('float32');
  return logsumexpOp(input, axes, keepDimOf(options, 'logsumexp'));
}
