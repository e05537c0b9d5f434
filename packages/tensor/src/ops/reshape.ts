import { defineOp } from '../autograd/define-op';
import { expectTensor } from '../internal/operands';
import { describe, formatShape, normalizeAxis, type Shape, shapesEqual, sizeOf } from '../shape';
import { Tensor } from '../tensor';

const reshapeOp = defineOp({
  name: 'reshape',
  forward(x: Tensor, shape: Shape) {
    // Storage is always contiguous, so a reshape is a view: the data is shared, not copied.
    return { out: new Tensor(x.data, shape), saved: { inputShape: x.shape } };
  },
  backward(dOut, { inputShape }) {
    return [reshape(dOut, inputShape)];
  },
});

/**
 * The same elements in a new shape (a view sharing storage). One dimension may be -1 and
 * is inferred.
 * @example
 * reshape(arange(6), [2, -1]); // shape [2, 3]
 */
export function reshape(x: Tensor, shape: Shape): Tensor {
  expectTensor(x, 'reshape', 'x');
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= -1)) {
    throw new TypeError(`reshape: shape must be an array of integers ≥ -1, got ${describe(shape)}`);
  }
  const inferred = shape.filter((d) => d === -1).length;
  if (inferred > 1)
    throw new RangeError(`reshape: only one dimension can be -1, got ${formatShape(shape)}`);
  let target = [...shape];
  if (inferred === 1) {
    const known = sizeOf(shape.filter((d) => d !== -1));
    if (known === 0 || x.size % known !== 0) {
      throw new RangeError(
        `reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) to ${formatShape(shape)}`,
      );
    }
    target = shape.map((d) => (d === -1 ? x.size / known : d));
  }
  if (sizeOf(target) !== x.size) {
    throw new RangeError(
      `reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) to ${formatShape(shape)} (${sizeOf(target)} elements)`,
    );
  }
  return shapesEqual(target, x.shape) ? x : reshapeOp(x, target);
}

/** Merges dimensions `startDim`…`endDim` (inclusive; default all) into one. */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  expectTensor(x, 'flatten', 'x');
  if (x.rank === 0) return reshape(x, [1]);
  const start = normalizeAxis(startDim, x.rank, 'flatten', 'startDim');
  const end = normalizeAxis(endDim, x.rank, 'flatten', 'endDim');
  if (start > end)
    throw new RangeError(`flatten: startDim (${startDim}) must not come after endDim (${endDim})`);
  const merged = sizeOf(x.shape.slice(start, end + 1));
  return reshape(x, [...x.shape.slice(0, start), merged, ...x.shape.slice(end + 1)]);
}

/** Removes size-1 dimensions (only `axis` when given; a no-op if that size is not 1). */
export function squeeze(x: Tensor, axis?: number): Tensor {
  expectTensor(x, 'squeeze', 'x');
  if (axis === undefined)
    return reshape(
      x,
      x.shape.filter((d) => d !== 1),
    );
  const a = normalizeAxis(axis, x.rank, 'squeeze');
  return x.shape[a] === 1
    ? reshape(
        x,
        x.shape.filter((_, i) => i !== a),
      )
    : x;
}

/** Inserts a size-1 dimension at `axis` (in [-rank-1, rank]). */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  expectTensor(x, 'unsqueeze', 'x');
  const a = normalizeAxis(axis, x.rank + 1, 'unsqueeze');
  return reshape(x, [...x.shape.slice(0, a), 1, ...x.shape.slice(a)]);
}
