import { defineOp } from '../autograd/define-op';
import { allocate } from '../dtype';
import { expectTensor } from '../internal/operands';
import { sumIntoStrided } from '../internal/reduce-kernels';
import {
  broadcastShapes,
  broadcastStrides,
  checkShape,
  formatShape,
  type Shape,
  shapesEqual,
} from '../shape';
import { Tensor } from '../tensor';
import { expand } from './expand';

const sumToShapeOp = defineOp({
  name: 'sumToShape',
  forward(x: Tensor, shape: Shape) {
    const target = [...shape];
    const out = allocate(
      x.dtype,
      target.reduce((p, d) => p * d, 1),
    );
    // Strides of the target laid over x's shape: 0 where x was broadcast.
    sumIntoStrided(x.data, x.shape, out, broadcastStrides(target, x.shape));
    return { out: new Tensor(out, target), saved: { inputShape: x.shape } };
  },
  backward(dOut, { inputShape }) {
    return [expand(dOut, inputShape)];
  },
});

/**
 * Sums `x` down to `shape`, the reverse of broadcasting: `shape` must broadcast to
 * `x.shape`. Used by the engine to reduce gradients of broadcast inputs.
 * @example
 * sumToShape(ones([2, 3]), [1, 3]); // [[2, 2, 2]]
 */
export function sumToShape(x: Tensor, shape: Shape): Tensor {
  expectTensor(x, 'sumToShape', 'x');
  checkShape(shape, 'sumToShape');
  if (shapesEqual(x.shape, shape)) return x;
  const broadcast = broadcastShapes(shape, x.shape, 'sumToShape');
  if (!shapesEqual(broadcast, x.shape)) {
    throw new RangeError(
      `sumToShape: shape ${formatShape(shape)} does not broadcast to the input's shape ${formatShape(x.shape)}`,
    );
  }
  return sumToShapeOp(x, shape);
}
