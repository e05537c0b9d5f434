import { defineOp, formatShape, Tensor } from '@convkit/tensor';
import { allocate, expectFloat, expectSameDType } from '../internal/layer-args';
import {
  linearBiasGrad,
  linearForward,
  linearInputGrad,
  linearWeightGrad,
} from '../internal/linear-kernels';

const linearOp = defineOp({
  name: 'linear',
  forward(x: Tensor, weight: Tensor, bias: Tensor | null) {
    const O = weight.shape[0];
    const K = weight.shape[1];
    // Rows from the leading dims, not x.size / K: with K = 0 every row is the bias alone.
    const M = x.shape.slice(0, -1).reduce((p, d) => p * d, 1);
    const out = allocate(x.dtype, M * O);
    linearForward(x.data, weight.data, bias === null ? null : bias.data, out, M, K, O);
    return { out: new Tensor(out, [...x.shape.slice(0, -1), O]), saved: { x, weight, bias, M } };
  },
  backward(dOut, { x, weight, bias, M }) {
    const [O, K] = weight.shape;
    let dx: Tensor | null = null;
    if (x.requiresGrad) {
      const data = allocate(x.dtype, x.size);
      linearInputGrad(dOut.data, weight.data, data, M, K, O);
      dx = new Tensor(data, x.shape);
    }
    let dw: Tensor | null = null;
    if (weight.requiresGrad) {
      const data = allocate(weight.dtype, weight.size);
      linearWeightGrad(dOut.data, x.data, data, M, K, O);
      dw = new Tensor(data, weight.shape);
    }
    if (bias === null) return [dx, dw];
    let db: Tensor | null = null;
    if (bias.requiresGrad) {
      const data = allocate(bias.dtype, O);
      linearBiasGrad(dOut.data, data, M, O);
      db = new Tensor(data, bias.shape);
    }
    return [dx, dw, db];
  },
});

/**
 * Affine map y = x·Wᵀ + b over the last dimension, with PyTorch's weight layout.
 * Shapes: x [..., inFeatures], weight [outFeatures, inFeatures], bias [outFeatures] →
 * [..., outFeatures]; any number of leading dimensions. One fused op (forward and all three
 * gradients hand-written over typed arrays).
 * @example
 * linear(x, weight, bias); // x [32, 400], weight [120, 400], bias [120] → [32, 120]
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  expectFloat(x, 'linear', 'x');
  expectFloat(weight, 'linear', 'weight');
  if (weight.rank !== 2) {
    throw new RangeError(
      `linear: weight must be [outFeatures, inFeatures], got ${formatShape(weight.shape)}`,
    );
  }
  if (x.rank === 0 || x.shape[x.rank - 1] !== weight.shape[1]) {
    throw new RangeError(
      `linear: x must have ${weight.shape[1]} features in its last dimension (weight is ` +
        `${formatShape(weight.shape)}), got shape ${formatShape(x.shape)}`,
    );
  }
  expectSameDType(x, weight, 'linear', 'weight');
  let b: Tensor | null = null;
  if (bias !== undefined && bias !== null) {
    b = expectFloat(bias, 'linear', 'bias');
    if (b.rank !== 1 || b.shape[0] !== weight.shape[0]) {
      throw new RangeError(
        `linear: bias must be [${weight.shape[0]}], got ${formatShape(b.shape)}`,
      );
    }
    expectSameDType(x, b, 'linear', 'bias');
  }
  return linearOp(x, weight, b);
}
