import { type BackwardOptions, runBackward } from './autograd/backward';
import type { GradNode } from './autograd/node';
import { allocate, type DType, dtypeOf, type TypedArray } from './dtype';
import { formatTensor } from './format';
import { add, div, mul, neg, pow, sub } from './ops/arithmetic';
import { cast, clone } from './ops/cast';
import { clamp, eq, ge, gt, le, lt, maximum, minimum, ne, where } from './ops/compare';
import { concat, stack } from './ops/concat';
import { broadcastTo, expand } from './ops/expand';
import { matmul } from './ops/matmul';
import { type PadOptions, pad } from './ops/pad';
import type { ReduceOptions, VarianceOptions } from './ops/reduce';
import { argmax, argmin, logsumexp, max, mean, min, std, sum, variance } from './ops/reduce';
import { flatten, reshape, squeeze, unsqueeze } from './ops/reshape';
import { narrow, slice } from './ops/slice';
import { logSoftmax, softmax } from './ops/softmax';
import { permute, transpose } from './ops/transpose';
import { abs, cos, exp, log, relu, sigmoid, sin, sqrt, square, tanh } from './ops/unary-math';
import { checkShape, formatShape, type Shape, sizeOf } from './shape';

/** A tensor operand: a tensor or a plain number (broadcast as a scalar of the tensor's dtype). */
export type TensorLike = Tensor | number;

/** Nested arrays of numbers, as returned by `toArray()`. */
export type NestedArray = number | NestedArray[];

/**
 * An n-dimensional array of float32, float64 or int32 values in contiguous row-major
 * storage, with reverse-mode autograd. Ops are available as functions (`add(a, b)`) and as
 * methods (`a.add(b)`); neither modifies its inputs.
 *
 * Make tensors with `tensor`, `zeros`, `randn`, …; the constructor is for op authors and
 * takes ownership of `data` without copying.
 */
export class Tensor {
  /** The elements, row-major. Treat as read-only unless you own the tensor (e.g. in an op). */
  readonly data: TypedArray;
  readonly shape: Shape;
  readonly dtype: DType;
  /** Gradient accumulated by `backward()`, or null. */
  grad: Tensor | null = null;
  private node: GradNode | null = null;
  private wantsGrad = false;
  private keepsGrad = false;

  constructor(data: TypedArray, shape: Shape) {
    if (
      !(data instanceof Float32Array || data instanceof Float64Array || data instanceof Int32Array)
    ) {
      const given: unknown = data;
      const kind =
        given === null || typeof given !== 'object'
          ? String(given)
          : ((given as { constructor?: { name?: string } }).constructor?.name ?? 'object');
      throw new TypeError(
        `Tensor: data must be a Float32Array, Float64Array or Int32Array, got ${kind}; ` +
          'use tensor(...) to make a tensor from arrays of numbers',
      );
    }
    checkShape(shape, 'Tensor');
    const size = sizeOf(shape);
    if (data.length !== size) {
      throw new RangeError(
        `Tensor: data has ${data.length} elements but shape ${formatShape(shape)} needs ${size}`,
      );
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
    this.dtype = dtypeOf(data);
  }

  /** A tensor of `shape` filled with `value`. */
  static full(shape: Shape, value: number, dtype: DType = 'float32'): Tensor {
    const data = allocate(dtype, sizeOf(shape));
    data.fill(value);
    return new Tensor(data, shape);
  }

  get rank(): number {
    return this.shape.length;
  }

  /** Number of elements. */
  get size(): number {
    return this.data.length;
  }

  /**
   * Whether gradients flow to this tensor. Settable on leaves (tensors not produced by a
   * recorded op); int32 tensors never require grad.
   */
  get requiresGrad(): boolean {
    return this.wantsGrad;
  }

  set requiresGrad(value: boolean) {
    if (value && this.dtype === 'int32') {
      throw new TypeError(
        'requiresGrad: only float32 and float64 tensors can require grad, got int32',
      );
    }
    if (!value && this.node !== null) {
      throw new Error(
        'requiresGrad: cannot switch off requiresGrad on a non-leaf tensor; use detach() instead',
      );
    }
    this.wantsGrad = value;
  }

  /** Sets `requiresGrad` and returns this tensor, for chaining. */
  requiresGrad_(value = true): this {
    this.requiresGrad = value;
    return this;
  }

  /** True for tensors not produced by a recorded op (inputs and parameters). */
  get isLeaf(): boolean {
    return this.node === null;
  }

  /** The recorded op that produced this tensor, or null for leaves. For tooling. */
  get gradNode(): GradNode | null {
    return this.node;
  }

  /** @internal Used by `defineOp` to link an output into the graph. */
  attachGradNode(node: GradNode): void {
    this.node = node;
    this.wantsGrad = true;
  }

  get retainsGrad(): boolean {
    return this.keepsGrad;
  }

  /** Also store the gradient of this non-leaf tensor in `.grad` during backward. */
  retainGrad(): this {
    if (!this.wantsGrad) throw new Error('retainGrad: this tensor does not require grad');
    this.keepsGrad = true;
    return this;
  }

  /**
   * Backpropagates from this tensor: accumulates d(this)/d(leaf) into `.grad` of every leaf
   * that requires grad. Without `gradient` the tensor must hold one element. The graph is
   * freed afterwards unless `retainGraph` is set.
   */
  backward(gradient?: Tensor, options: BackwardOptions = {}): void {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(
        `backward: options must be an object such as { retainGraph: true }, got ${String(options)}`,
      );
    }
    runBackward(this, gradient, options);
  }

  /** Clears `.grad` (sets it to null, as PyTorch does by default). */
  zeroGrad(): void {
    this.grad = null;
  }

  /** A tensor sharing this one's storage, cut from the graph. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) {
      throw new RangeError(
        `item: tensor must have exactly one element, got shape ${formatShape(this.shape)}`,
      );
    }
    return this.data[0];
  }

  /** The values as nested arrays (a number for a scalar). */
  toArray(): NestedArray {
    const build = (dim: number, offset: number, stride: number): NestedArray => {
      if (dim === this.shape.length) return this.data[offset];
      const inner = stride / this.shape[dim];
      const out: NestedArray[] = [];
      for (let i = 0; i < this.shape[dim]; i++) out.push(build(dim + 1, offset + i * inner, inner));
      return out;
    };
    return build(0, 0, this.size);
  }

  toString(): string {
    return formatTensor(this);
  }

  /** Node's `console.log` and `util.inspect` print the `toString()` form. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return formatTensor(this);
  }

  /** Casts to `dtype` (differentiable between float types). Returns this tensor if unchanged. */
  to(dtype: DType): Tensor {
    return cast(this, dtype);
  }

  /** A differentiable copy with its own storage. */
  clone(): Tensor {
    return clone(this);
  }

  add(other: TensorLike): Tensor {
    return add(this, other);
  }
  sub(other: TensorLike): Tensor {
    return sub(this, other);
  }
  mul(other: TensorLike): Tensor {
    return mul(this, other);
  }
  div(other: TensorLike): Tensor {
    return div(this, other);
  }
  pow(exponent: TensorLike): Tensor {
    return pow(this, exponent);
  }
  neg(): Tensor {
    return neg(this);
  }

  exp(): Tensor {
    return exp(this);
  }
  log(): Tensor {
    return log(this);
  }
  sqrt(): Tensor {
    return sqrt(this);
  }
  square(): Tensor {
    return square(this);
  }
  abs(): Tensor {
    return abs(this);
  }
  sin(): Tensor {
    return sin(this);
  }
  cos(): Tensor {
    return cos(this);
  }
  tanh(): Tensor {
    return tanh(this);
  }
  sigmoid(): Tensor {
    return sigmoid(this);
  }
  relu(): Tensor {
    return relu(this);
  }
  clamp(min?: number, max?: number): Tensor {
    return clamp(this, min, max);
  }
  maximum(other: TensorLike): Tensor {
    return maximum(this, other);
  }
  minimum(other: TensorLike): Tensor {
    return minimum(this, other);
  }
  /** `where(condition, this, other)`: this tensor where `condition` is nonzero, else `other`. */
  where(condition: Tensor, other: TensorLike): Tensor {
    return where(condition, this, other);
  }

  eq(other: TensorLike): Tensor {
    return eq(this, other);
  }
  ne(other: TensorLike): Tensor {
    return ne(this, other);
  }
  lt(other: TensorLike): Tensor {
    return lt(this, other);
  }
  le(other: TensorLike): Tensor {
    return le(this, other);
  }
  gt(other: TensorLike): Tensor {
    return gt(this, other);
  }
  ge(other: TensorLike): Tensor {
    return ge(this, other);
  }

  sum(axis?: number | readonly number[], options?: ReduceOptions): Tensor {
    return sum(this, axis, options);
  }
  mean(axis?: number | readonly number[], options?: ReduceOptions): Tensor {
    return mean(this, axis, options);
  }
  max(axis?: number | readonly number[], options?: ReduceOptions): Tensor {
    return max(this, axis, options);
  }
  min(axis?: number | readonly number[], options?: ReduceOptions): Tensor {
    return min(this, axis, options);
  }
  argmax(axis?: number, options?: ReduceOptions): Tensor {
    return argmax(this, axis, options);
  }
  argmin(axis?: number, options?: ReduceOptions): Tensor {
    return argmin(this, axis, options);
  }
  var(axis?: number | readonly number[], options?: VarianceOptions): Tensor {
    return variance(this, axis, options);
  }
  std(axis?: number | readonly number[], options?: VarianceOptions): Tensor {
    return std(this, axis, options);
  }
  logsumexp(axis?: number | readonly number[], options?: ReduceOptions): Tensor {
    return logsumexp(this, axis, options);
  }

  matmul(other: Tensor): Tensor {
    return matmul(this, other);
  }

  reshape(shape: Shape): Tensor {
    return reshape(this, shape);
  }
  flatten(startDim?: number, endDim?: number): Tensor {
    return flatten(this, startDim, endDim);
  }
  squeeze(axis?: number): Tensor {
    return squeeze(this, axis);
  }
  unsqueeze(axis: number): Tensor {
    return unsqueeze(this, axis);
  }
  transpose(dim0 = -2, dim1 = -1): Tensor {
    return transpose(this, dim0, dim1);
  }
  permute(dims: readonly number[]): Tensor {
    return permute(this, dims);
  }
  expand(shape: Shape): Tensor {
    return expand(this, shape);
  }
  broadcastTo(shape: Shape): Tensor {
    return broadcastTo(this, shape);
  }
  slice(axis: number, start: number, end?: number, step?: number): Tensor {
    return slice(this, axis, start, end, step);
  }
  narrow(axis: number, start: number, length: number): Tensor {
    return narrow(this, axis, start, length);
  }
  /** `concat([this, ...others], axis)`. */
  concat(others: Tensor | readonly Tensor[], axis = 0): Tensor {
    return concat(withThis(this, others), axis);
  }
  /** `stack([this, ...others], axis)`. */
  stack(others: Tensor | readonly Tensor[], axis = 0): Tensor {
    return stack(withThis(this, others), axis);
  }
  pad(padding: readonly number[], options?: PadOptions): Tensor {
    return pad(this, padding, options);
  }
  softmax(axis = -1): Tensor {
    return softmax(this, axis);
  }
  logSoftmax(axis = -1): Tensor {
    return logSoftmax(this, axis);
  }
}

/** `[first, ...others]` for the list methods; a non-array is kept as one element to be reported. */
function withThis(first: Tensor, others: Tensor | readonly Tensor[]): Tensor[] {
  return Array.isArray(others) ? [first, ...others] : [first, others as Tensor];
}
