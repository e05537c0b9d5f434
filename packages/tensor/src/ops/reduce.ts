import { defineOp } from '../autograd/define-op';
import { allocate, isFloat } from '../dtype';
import { sumIntoStrided } from '../internal/reduce-kernels';
import { expectTensor } from '../internal/operands';
import { normalizeAxes, type Shape, stridesOf } from '../shape';
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
type Axes = number | readonly number[];

/** The reduced shape, with reduced axes kept as 1 (`kept`) and dropped (`out`). */
export function reducedShapes(shape: Shape, axes: readonly number[]): { kept: number[]; out: number[] } {
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
    const data = allocate(x.dtype, out.reduce((p, d) => p * d, 1));
    sumIntoStrided(x.data, x.shape, data, strides);
    return { out: new Tensor(data, keepDim ? kept : out), saved: { inputShape: x.shape, kept } };
  },
  backward(dOut, { inputShape, kept }) {
    return [expand(dOut.reshape(kept), inputShape)];
  },
});

/**
 * Sum over `axis` (one axis, a list, or all when omitted).
 * @example
 * sum(tensor([[1, 2], [3, 4]]), 0); // [4, 6]
 */
export function sum(x: Tensor, axis?: Axes, options: ReduceOptions = {}): Tensor {
  expectTensor(x, 'sum', 'x');
  return sumOp(x, normalizeAxes(axis, x.rank, 'sum'), options.keepDim ?? false);
}

/** Arithmetic mean over `axis` (all axes when omitted); int32 input gives float32. */
export function mean(x: Tensor, axis?: Axes, options: ReduceOptions = {}): Tensor {
  expectTensor(x, 'mean', 'x');
  const axes = normalizeAxes(axis, x.rank, 'mean');
  const count = axes.reduce((p, a) => p * x.shape[a], 1);
  const input = isFloat(x.dtype) ? x : x.to('float32');
  return sum(input, axes, options).div(count);
}

// STUB
export function max(x: Tensor, axis?: Axes, options?: ReduceOptions): Tensor {   throw new Error('max: not implemented yet'); }
export function min(x: Tensor, axis?: Axes, options?: ReduceOptions): Tensor {   throw new Error('min: not implemented yet'); }
export function argmax(x: Tensor, axis?: number, options?: ReduceOptions): Tensor {   throw new Error('argmax: not implemented yet'); }
export function argmin(x: Tensor, axis?: number, options?: ReduceOptions): Tensor {   throw new Error('argmin: not implemented yet'); }
export function variance(x: Tensor, axis?: Axes, options?: VarianceOptions): Tensor {   throw new Error('variance: not implemented yet'); }
export function std(x: Tensor, axis?: Axes, options?: VarianceOptions): Tensor {   throw new Error('std: not implemented yet'); }
export function logsumexp(x: Tensor, axis?: Axes, options?: ReduceOptions): Tensor {   throw new Error('logsumexp: not implemented yet'); }
