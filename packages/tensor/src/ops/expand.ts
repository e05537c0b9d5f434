import { defineOp } from '../autograd/define-op';
import { allocate } from '../dtype';
import { expectTensor } from '../internal/operands';
import {
  broadcastStrides,
  checkShape,
  formatShape,
  type Shape,
  shapesEqual,
  sizeOf,
} from '../shape';
import { Tensor } from '../tensor';
import { sumToShape } from './sum-to-shape';

const expandOp = defineOp({
  name: 'expand',
  forward(x: Tensor, shape: Shape) {
    const out = allocate(x.dtype, sizeOf(shape));
    const rank = shape.length;
    const strides = broadcastStrides(x.shape, shape);
    const inner = rank === 0 ? 1 : shape[rank - 1];
    const innerStride = rank === 0 ? 0 : strides[rank - 1];
    const index = new Array<number>(rank).fill(0);
    const src = x.data;
    let offset = 0;
    for (let o = 0; o < out.length; o += inner) {
      if (innerStride === 0) out.fill(src[offset], o, o + inner);
      else out.set(src.subarray(offset, offset + inner), o);
      for (let d = rank - 2; d >= 0; d--) {
        index[d]++;
        offset += strides[d];
        if (index[d] < shape[d]) break;
        offset -= strides[d] * shape[d];
        index[d] = 0;
      }
    }
    return { out: new Tensor(out, shape), saved: { inputShape: x.shape } };
  },
  backward(dOut, { inputShape }) {
    return [sumToShape(dOut, inputShape)];
  },
});

/**
 * Repeats size-1 dimensions of `x` (and adds leading ones) to reach `shape`; `-1` keeps a
 * dimension's size. The result owns its storage (convkit tensors are always contiguous).
 * @example
 * expand(tensor([[1], [2]]), [2, 3]); // [[1, 1, 1], [2, 2, 2]]
 */
export function expand(x: Tensor, shape: Shape): Tensor {
  return expandAs(x, shape, 'expand');
}

/** `expand` with NumPy's name: broadcasts `x` to `shape`. */
export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  return expandAs(x, shape, 'broadcastTo');
}

function expandAs(x: Tensor, shape: Shape, op: string): Tensor {
  expectTensor(x, op, 'x');
  if (!Array.isArray(shape))
    throw new TypeError(`${op}: shape must be an array, got ${String(shape)}`);
  const offset = shape.length - x.rank;
  const target = shape.map((d, i) => (d === -1 && i >= offset ? x.shape[i - offset] : d));
  checkShape(target, op);
  const ok = offset >= 0 && x.shape.every((d, i) => d === target[i + offset] || d === 1);
  if (!ok) {
    throw new RangeError(
      `${op}: cannot expand shape ${formatShape(x.shape)} to ${formatShape(shape)} ` +
        '(each dimension must match or be 1, aligned from the right)',
    );
  }
  return shapesEqual(target, x.shape) ? x : expandOp(x, target);
}
