import { allocate, type DType, promoteTypes } from '../dtype';
import { broadcastShapes, describe, type Shape } from '../shape';
import { Tensor, type TensorLike } from '../tensor';

/** Turns a number operand into a scalar tensor of `dtype`; checks everything else is a tensor. */
export function asTensor(value: TensorLike, dtype: DType, op: string, arg: string): Tensor {
  if (value instanceof Tensor) return value;
  if (typeof value === 'number') {
    const data = allocate(dtype === 'int32' && !Number.isInteger(value) ? 'float32' : dtype, 1);
    data[0] = value;
    return new Tensor(data, []);
  }
  throw new TypeError(`${op}: ${arg} must be a Tensor or a number, got ${describe(value)}`);
}

/** Checks a tensor argument. */
export function expectTensor(value: unknown, op: string, arg: string): Tensor {
  if (value instanceof Tensor) return value;
  throw new TypeError(`${op}: ${arg} must be a Tensor, got ${describe(value)}`);
}

/** The two operands of a binary op as tensors, with their broadcast shape and result dtype. */
export function binaryOperands(
  a: TensorLike,
  b: TensorLike,
  op: string,
): { a: Tensor; b: Tensor; shape: Shape; dtype: DType } {
  if (!(a instanceof Tensor) && !(b instanceof Tensor)) {
    throw new TypeError(
      `${op}: at least one operand must be a Tensor, got ${describe(a)} and ${describe(b)}`,
    );
  }
  const like = a instanceof Tensor ? a : (b as Tensor);
  const ta = asTensor(a, like.dtype, op, 'a');
  const tb = asTensor(b, like.dtype, op, 'b');
  return {
    a: ta,
    b: tb,
    shape: broadcastShapes(ta.shape, tb.shape, op),
    dtype: promoteTypes(ta.dtype, tb.dtype, op),
  };
}
