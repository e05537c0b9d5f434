import { defineOp } from '../autograd/define-op';
import { allocate, type DType, promoteTypes } from '../dtype';
import type { BinaryKind } from '../internal/elementwise';
import { asTensor, binaryOperands, expectTensor } from '../internal/operands';
import { broadcastShapes, describe, type Shape, sizeOf } from '../shape';
import { Tensor, type TensorLike } from '../tensor';
import { binaryForward } from './arithmetic';
import { expand } from './expand';

/** Comparisons are plain functions, not ops: an int32 result never carries a gradient. */
function compare(kind: BinaryKind, a: TensorLike, b: TensorLike): Tensor {
  const o = binaryOperands(a, b, kind);
  return binaryForward(kind, o.a, o.b, o.shape, 'int32');
}

/**
 * Element-wise `a == b` with broadcasting, as an int32 tensor of 0/1 (NaN equals nothing).
 * @example
 * eq(tensor([1, 2, 3]), 2); // [0, 1, 0]
 */
export function eq(a: TensorLike, b: TensorLike): Tensor {
  return compare('eq', a, b);
}

/** Element-wise `a != b` with broadcasting, as an int32 tensor of 0/1. */
export function ne(a: TensorLike, b: TensorLike): Tensor {
  return compare('ne', a, b);
}

/** Element-wise `a < b` with broadcasting, as an int32 tensor of 0/1. */
export function lt(a: TensorLike, b: TensorLike): Tensor {
  return compare('lt', a, b);
}

/** Element-wise `a <= b` with broadcasting, as an int32 tensor of 0/1. */
export function le(a: TensorLike, b: TensorLike): Tensor {
  return compare('le', a, b);
}

/** Element-wise `a > b` with broadcasting, as an int32 tensor of 0/1. */
export function gt(a: TensorLike, b: TensorLike): Tensor {
  return compare('gt', a, b);
}

/** Element-wise `a >= b` with broadcasting, as an int32 tensor of 0/1. */
export function ge(a: TensorLike, b: TensorLike): Tensor {
  return compare('ge', a, b);
}

/**
 * Gradients of max(a, b) (or, swapped, min) at the output's shape, PyTorch's rule: the
 * larger input takes g, a tie gives g/2 to each, and where either is NaN both take g.
 */
function extremumGrads(dOut: Tensor, a: Tensor, b: Tensor, shape: Shape, isMax: boolean) {
  // Broadcast both operands to the output so one flat loop pairs them (no copy when unchanged).
  const av = expand(a, shape).data;
  const bv = expand(b, shape).data;
  const g = dOut.data;
  const da = a.requiresGrad ? allocate(dOut.dtype, g.length) : null;
  const db = b.requiresGrad ? allocate(dOut.dtype, g.length) : null;
  for (let i = 0; i < g.length; i++) {
    const x = av[i];
    const y = bv[i];
    const aLoses = isMax ? x < y : x > y;
    const bLoses = isMax ? y < x : y > x;
    const share = x === y ? 0.5 * g[i] : g[i];
    if (da !== null) da[i] = aLoses ? 0 : share;
    if (db !== null) db[i] = bLoses ? 0 : share;
  }
  return [da && new Tensor(da, shape), db && new Tensor(db, shape)];
}

const maximumOp = defineOp({
  name: 'maximum',
  forward(a: Tensor, b: Tensor, shape: Shape, dtype: DType) {
    return { out: binaryForward('maximum', a, b, shape, dtype), saved: { a, b, shape } };
  },
  backward(dOut, { a, b, shape }) {
    return extremumGrads(dOut, a, b, shape, true);
  },
});

const minimumOp = defineOp({
  name: 'minimum',
  forward(a: Tensor, b: Tensor, shape: Shape, dtype: DType) {
    return { out: binaryForward('minimum', a, b, shape, dtype), saved: { a, b, shape } };
  },
  backward(dOut, { a, b, shape }) {
    return extremumGrads(dOut, a, b, shape, false);
  },
});

/**
 * Element-wise max(a, b) with broadcasting; NaN propagates. The gradient goes to the larger
 * input, split half and half on ties (as PyTorch).
 * @example
 * maximum(tensor([1, 5, 3]), tensor([4, 2, 3])); // [4, 5, 3]
 */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  const o = binaryOperands(a, b, 'maximum');
  return maximumOp(o.a, o.b, o.shape, o.dtype);
}

/**
 * Element-wise min(a, b) with broadcasting; NaN propagates. The gradient goes to the smaller
 * input, split half and half on ties (as PyTorch).
 * @example
 * minimum(tensor([1, 5, 3]), 2); // [1, 2, 2]
 */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  const o = binaryOperands(a, b, 'minimum');
  return minimumOp(o.a, o.b, o.shape, o.dtype);
}

const whereOp = defineOp({
  name: 'where',
  forward(condition: Tensor, a: Tensor, b: Tensor, shape: Shape, dtype: DType) {
    const mask = expand(condition, shape).data;
    const av = expand(a, shape).data;
    const bv = expand(b, shape).data;
    const out = allocate(dtype, sizeOf(shape));
    for (let i = 0; i < out.length; i++) out[i] = mask[i] !== 0 ? av[i] : bv[i];
    return { out: new Tensor(out, shape), saved: { mask, a, b, shape } };
  },
  backward(dOut, { mask, a, b, shape }) {
    const g = dOut.data;
    const da = a.requiresGrad ? allocate(dOut.dtype, g.length) : null;
    const db = b.requiresGrad ? allocate(dOut.dtype, g.length) : null;
    for (let i = 0; i < g.length; i++) {
      // NaN counts as true (nonzero), as bool(NaN) does in PyTorch.
      const pick = mask[i] !== 0;
      if (da !== null) da[i] = pick ? g[i] : 0;
      if (db !== null) db[i] = pick ? 0 : g[i];
    }
    // The condition never gets a gradient, even when it is a float tensor that requires one.
    return [null, da && new Tensor(da, shape), db && new Tensor(db, shape)];
  },
});

/**
 * Picks `a` where `condition` is nonzero and `b` elsewhere; all three broadcast together.
 * `condition` may have any dtype; `a` and `b` may be numbers (two integers give int32,
 * otherwise float32). The result has the promoted dtype of `a` and `b`. Gradients flow to
 * `a` where the condition holds and to `b` where it does not.
 * @example
 * where(tensor([1, 0, 1], { dtype: 'int32' }), tensor([1, 2, 3]), 0); // [1, 0, 3]
 */
export function where(condition: Tensor, a: TensorLike, b: TensorLike): Tensor {
  expectTensor(condition, 'where', 'condition');
  let ta: Tensor;
  let tb: Tensor;
  let shape: Shape;
  let dtype: DType;
  if (a instanceof Tensor || b instanceof Tensor) {
    const o = binaryOperands(a, b, 'where');
    ({ a: ta, b: tb, shape, dtype } = o);
  } else {
    // asTensor turns an integer into int32 and any other number into float32.
    ta = asTensor(a, 'int32', 'where', 'a');
    tb = asTensor(b, 'int32', 'where', 'b');
    shape = [];
    dtype = promoteTypes(ta.dtype, tb.dtype, 'where');
  }
  shape = broadcastShapes(condition.shape, shape, 'where');
  return whereOp(condition, ta, tb, shape, dtype);
}

const clampOp = defineOp({
  name: 'clamp',
  forward(x: Tensor, lo: number, hi: number, dtype: DType) {
    const out = allocate(dtype, x.size);
    const src = x.data;
    // Math.max and Math.min both propagate NaN, so NaN stays NaN.
    for (let i = 0; i < src.length; i++) out[i] = Math.min(Math.max(src[i], lo), hi);
    return { out: new Tensor(out, x.shape), saved: { x: src, lo, hi } };
  },
  backward(dOut, { x, lo, hi }) {
    const g = dOut.data;
    const dx = allocate(dOut.dtype, g.length);
    // Inclusive at both bounds (PyTorch): a value sitting exactly on a bound passes g through.
    for (let i = 0; i < g.length; i++) dx[i] = x[i] >= lo && x[i] <= hi ? g[i] : 0;
    return [new Tensor(dx, dOut.shape)];
  },
});

/**
 * Limits every element of `x` to [min, max]; give at least one bound. Same shape as `x`;
 * same dtype, except int32 with a fractional bound gives float32. NaN stays NaN.
 * Gradient: g where min ≤ x ≤ max (bounds included, as PyTorch), else 0.
 * @example
 * clamp(tensor([-2, 0.5, 3]), 0, 1); // [0, 0.5, 1]
 * clamp(tensor([-2, 3]), undefined, 1); // [-2, 1]
 */
export function clamp(x: Tensor, min?: number, max?: number): Tensor {
  expectTensor(x, 'clamp', 'x');
  for (const [arg, value] of [
    ['min', min],
    ['max', max],
  ] as const) {
    if (value !== undefined && (typeof value !== 'number' || Number.isNaN(value))) {
      throw new TypeError(`clamp: ${arg} must be a number or undefined, got ${describe(value)}`);
    }
  }
  if (min === undefined && max === undefined) {
    throw new TypeError('clamp: min or max must be given, got neither');
  }
  if (min !== undefined && max !== undefined && min > max) {
    throw new RangeError(`clamp: min must be <= max, got min ${min} and max ${max}`);
  }
  const lo = min ?? Number.NEGATIVE_INFINITY;
  const hi = max ?? Number.POSITIVE_INFINITY;
  const fractional =
    (min !== undefined && !Number.isInteger(min)) || (max !== undefined && !Number.isInteger(max));
  const dtype = x.dtype === 'int32' && fractional ? 'float32' : x.dtype;
  return clampOp(x, lo, hi, dtype);
}
