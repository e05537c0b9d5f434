import { defineOp } from '../autograd/define-op';
import { allocate, type TypedArray } from '../dtype';
import { expectTensor } from '../internal/operands';
import { describe, formatShape, normalizeAxis, sizeOf } from '../shape';
import { Tensor } from '../tensor';

/** Where a slice sits along its axis: `count` entries from `start`, `step` apart. */
interface SliceRange {
  axis: number;
  start: number;
  step: number;
  count: number;
}

const sliceOp = defineOp({
  name: 'slice',
  forward(x: Tensor, range: SliceRange) {
    const shape = [...x.shape];
    shape[range.axis] = range.count;
    const out = allocate(x.dtype, sizeOf(shape));
    copySlice(x.data, x.shape, out, range, true);
    return { out: new Tensor(out, shape), saved: { inputShape: x.shape, range } };
  },
  backward(dOut, { inputShape, range }) {
    // Entries the slice skipped get no gradient: scatter dOut into zeros.
    const grad = allocate(dOut.dtype, sizeOf(inputShape));
    copySlice(grad, inputShape, dOut.data, range, false);
    return [new Tensor(grad, inputShape)];
  },
});

/**
 * Copies between a full tensor (`full`, shape `shape`) and its slice (`part`), in the
 * direction `toPart`. Viewed as [outer, size, inner], the slice is `count` blocks of `inner`
 * elements per outer index; with step 1 they are adjacent and move as one block.
 */
function copySlice(
  full: TypedArray,
  shape: readonly number[],
  part: TypedArray,
  range: SliceRange,
  toPart: boolean,
): void {
  if (part.length === 0) return;
  const { axis, start, step, count } = range;
  const size = shape[axis];
  const outer = sizeOf(shape.slice(0, axis));
  const inner = sizeOf(shape.slice(axis + 1));
  const block = step === 1 ? count * inner : inner;
  const blocks = step === 1 ? 1 : count;
  for (let o = 0; o < outer; o++) {
    let f = (o * size + start) * inner;
    let p = o * count * inner;
    for (let k = 0; k < blocks; k++, f += step * inner, p += block) {
      if (toPart) copyRun(full, f, part, p, block);
      else copyRun(part, p, full, f, block);
    }
  }
}

/** Copies `length` elements; long runs go through `set`, which compiles to a memory copy. */
function copyRun(src: TypedArray, from: number, dst: TypedArray, to: number, length: number): void {
  if (length >= 64) dst.set(src.subarray(from, from + length), to);
  else for (let i = 0; i < length; i++) dst[to + i] = src[from + i];
}

function expectSliceable(x: Tensor, op: string): void {
  expectTensor(x, op, 'x');
  if (x.rank === 0) {
    throw new RangeError(
      `${op}: x must have at least one dimension, got shape ${formatShape(x.shape)}`,
    );
  }
}

function expectInteger(value: unknown, op: string, arg: string): asserts value is number {
  if (!Number.isInteger(value))
    throw new TypeError(`${op}: ${arg} must be an integer, got ${describe(value)}`);
}

/** A Python slice bound: negative counts from the end, then clamped to [0, size]. */
function clampIndex(index: number, size: number): number {
  return index < 0 ? Math.max(0, index + size) : Math.min(index, size);
}

/**
 * Takes `x[start:end:step]` along `axis`, with Python/PyTorch semantics: negative bounds
 * count from the end, out-of-range bounds are clamped (so the result may be empty), `end`
 * defaults to the size of the axis and `step` is a positive integer. The output has
 * `max(0, ceil((end - start) / step))` entries along `axis` and owns new storage.
 * @example
 * slice(tensor([0, 1, 2, 3, 4]), 0, 1, -1);    // [1, 2, 3]
 * slice(tensor([0, 1, 2, 3, 4]), 0, 0, 10, 2); // [0, 2, 4]
 */
export function slice(x: Tensor, axis: number, start: number, end?: number, step = 1): Tensor {
  expectSliceable(x, 'slice');
  const a = normalizeAxis(axis, x.rank, 'slice');
  expectInteger(start, 'slice', 'start');
  if (end !== undefined) expectInteger(end, 'slice', 'end');
  expectInteger(step, 'slice', 'step');
  if (step < 1) throw new RangeError(`slice: step must be a positive integer, got ${step}`);
  const size = x.shape[a];
  const from = clampIndex(start, size);
  const to = end === undefined ? size : clampIndex(end, size);
  const count = to > from ? Math.ceil((to - from) / step) : 0;
  if (count === size) return x;
  return sliceOp(x, { axis: a, start: from, step, count });
}

/**
 * The `length` entries of `x` along `axis` from `start` (negative counts from the end).
 * Unlike `slice`, bounds are strict: `start + length` must not exceed the size.
 * @example
 * narrow(tensor([[1, 2, 3], [4, 5, 6]]), 1, 1, 2); // [[2, 3], [5, 6]]
 */
export function narrow(x: Tensor, axis: number, start: number, length: number): Tensor {
  expectSliceable(x, 'narrow');
  const a = normalizeAxis(axis, x.rank, 'narrow');
  const size = x.shape[a];
  expectInteger(start, 'narrow', 'start');
  expectInteger(length, 'narrow', 'length');
  if (start < -size || start > size) {
    throw new RangeError(
      `narrow: start must be in [${-size}, ${size}] for dimension ${a} of size ${size}, got ${start}`,
    );
  }
  if (length < 0) throw new RangeError(`narrow: length must be non-negative, got ${length}`);
  const from = start < 0 ? start + size : start;
  if (from + length > size) {
    throw new RangeError(
      `narrow: start + length must be at most ${size} (the size of dimension ${a}), got ${from} + ${length} = ${from + length}`,
    );
  }
  if (length === size) return x;
  return sliceOp(x, { axis: a, start: from, step: 1, count: length });
}
