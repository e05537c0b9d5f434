import { defineOp } from '../autograd/define-op';
import { allocate, type DType, type TypedArray } from '../dtype';
import { expectTensor } from '../internal/operands';
import { describe, formatShape, normalizeAxis, type Shape, sizeOf } from '../shape';
import { Tensor } from '../tensor';

/**
 * Viewed as [outer, rest], the output row o is the inputs' rows o laid end to end: each
 * input contributes `size / outer` elements per row. Concat and stack differ only in where
 * `outer` ends (before the axis for concat, before the new axis for stack).
 */
function joinForward(tensors: readonly Tensor[], outer: number, shape: Shape, dtype: DType) {
  const out = allocate(dtype, sizeOf(shape));
  if (out.length > 0) {
    const row = out.length / outer;
    let column = 0;
    for (const t of tensors) {
      const block = t.size / outer;
      for (let o = 0; o < outer; o++) copyRun(t.data, o * block, out, o * row + column, block);
      column += block;
    }
  }
  return { out: new Tensor(out, shape), saved: { outer, shapes: tensors.map((t) => t.shape) } };
}

function joinBackward(dOut: Tensor, { outer, shapes }: { outer: number; shapes: Shape[] }) {
  const row = dOut.size === 0 ? 0 : dOut.size / outer;
  let column = 0;
  return shapes.map((shape) => {
    const grad = allocate(dOut.dtype, sizeOf(shape));
    if (grad.length > 0) {
      const block = grad.length / outer;
      for (let o = 0; o < outer; o++) copyRun(dOut.data, o * row + column, grad, o * block, block);
      column += block;
    }
    return new Tensor(grad, shape);
  });
}

const concatOp = defineOp({ name: 'concat', forward: joinForward, backward: joinBackward });
const stackOp = defineOp({ name: 'stack', forward: joinForward, backward: joinBackward });

/** Copies `length` elements; long runs go through `set`, which compiles to a memory copy. */
function copyRun(src: TypedArray, from: number, dst: TypedArray, to: number, length: number): void {
  if (length >= 64) dst.set(src.subarray(from, from + length), to);
  else for (let i = 0; i < length; i++) dst[to + i] = src[from + i];
}

/**
 * Checks the list and returns the result dtype. int32 promotes to the float dtype of the
 * others; float32 and float64 do not mix, as in every other op.
 */
function checkList(tensors: readonly Tensor[], op: string): DType {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new TypeError(
      `${op}: tensors must be a non-empty array of Tensors, got ${describe(tensors)}`,
    );
  }
  tensors.forEach((t, i) => {
    expectTensor(t, op, `tensors[${i}]`);
  });
  let dtype: DType = 'int32';
  let source = 0;
  tensors.forEach((t, i) => {
    if (t.dtype === 'int32' || t.dtype === dtype) return;
    if (dtype !== 'int32') {
      throw new TypeError(
        `${op}: tensors[${i}] must have dtype ${dtype} like tensors[${source}], got ${t.dtype}; ` +
          `cast one with .to('${dtype}') or .to('${t.dtype}')`,
      );
    }
    dtype = t.dtype;
    source = i;
  });
  return dtype;
}

/**
 * Joins tensors along an existing `axis` (negative counts from the end). All inputs have
 * the same rank (at least 1) and equal sizes except along `axis`; the output's size along
 * `axis` is the sum of theirs. int32 inputs promote to the float dtype of the others.
 * @example
 * concat([tensor([[1, 2]]), tensor([[3, 4], [5, 6]])]);  // [[1, 2], [3, 4], [5, 6]]
 * concat([zeros([2, 3]), zeros([2, 1])], 1).shape;        // [2, 4]
 */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  const dtype = checkList(tensors, 'concat');
  const first = tensors[0];
  if (first.rank === 0) {
    throw new RangeError(
      'concat: tensors[0] must have at least one dimension, got shape []; use stack for scalars',
    );
  }
  const a = normalizeAxis(axis, first.rank, 'concat');
  let total = 0;
  tensors.forEach((t, i) => {
    const matches =
      t.rank === first.rank && t.shape.every((d, j) => j === a || d === first.shape[j]);
    if (!matches) {
      const wanted = first.shape.map((d, j) => (j === a ? '*' : String(d))).join(', ');
      throw new RangeError(
        `concat: tensors[${i}] must have shape [${wanted}] to match tensors[0] ${formatShape(first.shape)} ` +
          `except along axis ${a}, got ${formatShape(t.shape)}`,
      );
    }
    total += t.shape[a];
  });
  if (tensors.length === 1) return first;
  const shape = [...first.shape];
  shape[a] = total;
  return concatOp(tensors, sizeOf(first.shape.slice(0, a)), shape, dtype);
}

/**
 * Joins tensors of equal shape along a new dimension inserted at `axis` (in
 * [-rank-1, rank]): the output has shape `[...shape[:axis], tensors.length, ...shape[axis:]]`.
 * int32 inputs promote to the float dtype of the others.
 * @example
 * stack([tensor([1, 2]), tensor([3, 4])]);     // [[1, 2], [3, 4]]
 * stack([tensor([1, 2]), tensor([3, 4])], 1);  // [[1, 3], [2, 4]]
 */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  const dtype = checkList(tensors, 'stack');
  const first = tensors[0];
  const a = normalizeAxis(axis, first.rank + 1, 'stack');
  tensors.forEach((t, i) => {
    const matches = t.rank === first.rank && t.shape.every((d, j) => d === first.shape[j]);
    if (!matches) {
      throw new RangeError(
        `stack: tensors[${i}] must have shape ${formatShape(first.shape)} like tensors[0], got ${formatShape(t.shape)}`,
      );
    }
  });
  const shape = [...first.shape.slice(0, a), tensors.length, ...first.shape.slice(a)];
  return stackOp(tensors, sizeOf(first.shape.slice(0, a)), shape, dtype);
}
