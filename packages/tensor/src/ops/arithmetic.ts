import { defineOp } from '../autograd/define-op';
import { allocate, type DType, isFloat } from '../dtype';
import { type BinaryKind, binaryKernel } from '../internal/elementwise';
import { binaryOperands, expectTensor } from '../internal/operands';
import { type Shape, sizeOf } from '../shape';
import { Tensor, type TensorLike } from '../tensor';
import { eq, where } from './compare';

/** Computes `kind(a, b)` with broadcasting into a new tensor of `dtype`. */
export function binaryForward(
  kind: BinaryKind,
  a: Tensor,
  b: Tensor,
  shape: Shape,
  dtype: DType,
): Tensor {
  const out = allocate(dtype, sizeOf(shape));
  binaryKernel(kind, a.data, a.shape, b.data, b.shape, out, shape);
  return new Tensor(out, shape);
}

const addOp = defineOp({
  name: 'add',
  forward(a: Tensor, b: Tensor, shape: Shape, dtype: DType) {
    return { out: binaryForward('add', a, b, shape, dtype) };
  },
  backward(dOut) {
    return [dOut, dOut];
  },
});

const subOp = defineOp({
  name: 'sub',
  forward(a: Tensor, b: Tensor, shape: Shape, dtype: DType) {
    return { out: binaryForward('sub', a, b, shape, dtype) };
  },
  backward(dOut) {
    return [dOut, neg(dOut)];
  },
});

const mulOp = defineOp({
  name: 'mul',
  forward(a: Tensor, b: Tensor, shape: Shape, dtype: DType) {
    return { out: binaryForward('mul', a, b, shape, dtype), saved: { a, b } };
  },
  backward(dOut, { a, b }) {
    return [a.requiresGrad ? mul(dOut, b) : null, b.requiresGrad ? mul(dOut, a) : null];
  },
});

const divOp = defineOp({
  name: 'div',
  forward(a: Tensor, b: Tensor, shape: Shape, dtype: DType) {
    return { out: binaryForward('div', a, b, shape, dtype), saved: { a, b } };
  },
  backward(dOut, { a, b }) {
    // d(a/b)/db = -a / b²
    return [
      a.requiresGrad ? div(dOut, b) : null,
      b.requiresGrad ? neg(div(mul(dOut, a), mul(b, b))) : null,
    ];
  },
});

const powOp = defineOp({
  name: 'pow',
  forward(a: Tensor, b: Tensor, shape: Shape, dtype: DType) {
    const out = binaryForward('pow', a, b, shape, dtype);
    return { out, saved: { a, b, out } };
  },
  backward(dOut, { a, b, out }) {
    // d/da aᵇ = b·aᵇ⁻¹; d/db aᵇ = aᵇ·ln a, with ln 0 taken as 0 (the limit of aᵇ·ln a for b > 0).
    // Taken as 0 where b = 0 (PyTorch): 0·0⁻¹ would otherwise give NaN at a = 0.
    const da = a.requiresGrad ? mul(dOut, where(eq(b, 0), 0, mul(b, pow(a, sub(b, 1))))) : null;
    let db: Tensor | null = null;
    if (b.requiresGrad) {
      const logA = allocate(out.dtype, a.size);
      for (let i = 0; i < logA.length; i++) logA[i] = a.data[i] === 0 ? 0 : Math.log(a.data[i]);
      db = mul(dOut, mul(out, new Tensor(logA, a.shape)));
    }
    return [da, db];
  },
});

const negOp = defineOp({
  name: 'neg',
  forward(x: Tensor) {
    const out = allocate(x.dtype, x.size);
    const src = x.data;
    for (let i = 0; i < src.length; i++) out[i] = -src[i];
    return { out: new Tensor(out, x.shape) };
  },
  backward(dOut) {
    return [neg(dOut)];
  },
});

/**
 * Element-wise `a + b` with NumPy/PyTorch broadcasting. Numbers act as scalars.
 * @example
 * add(tensor([1, 2]), 10); // [11, 12]
 */
export function add(a: TensorLike, b: TensorLike): Tensor {
  const o = binaryOperands(a, b, 'add');
  return addOp(o.a, o.b, o.shape, o.dtype);
}

/** Element-wise `a - b` with broadcasting. */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  const o = binaryOperands(a, b, 'sub');
  return subOp(o.a, o.b, o.shape, o.dtype);
}

/** Element-wise `a * b` with broadcasting. */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  const o = binaryOperands(a, b, 'mul');
  return mulOp(o.a, o.b, o.shape, o.dtype);
}

/**
 * Element-wise `a / b` with broadcasting. Integer operands divide as floats: int32 / int32
 * gives float32 (true division, as in PyTorch).
 */
export function div(a: TensorLike, b: TensorLike): Tensor {
  const o = binaryOperands(a, b, 'div');
  return divOp(o.a, o.b, o.shape, isFloat(o.dtype) ? o.dtype : 'float32');
}

/** Element-wise `a ** b` with broadcasting. */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  const o = binaryOperands(a, b, 'pow');
  if (o.dtype === 'int32') {
    // As PyTorch: an integer result cannot hold 2⁻¹, and truncating it to 0 hides the mistake.
    const negative = o.b.data.findIndex((v) => v < 0);
    if (negative >= 0) {
      throw new RangeError(
        `pow: an int32 base needs non-negative exponents, got ${o.b.data[negative]}; ` +
          "cast the base with .to('float32') for fractional results",
      );
    }
  }
  return powOp(o.a, o.b, o.shape, o.dtype);
}

/** Element-wise `-x`. */
export function neg(x: Tensor): Tensor {
  return negOp(expectTensor(x, 'neg', 'x'));
}
