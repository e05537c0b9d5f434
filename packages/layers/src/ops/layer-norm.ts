import { defineOp, formatShape, Tensor, type TypedArray } from '@convkit/tensor';
import {
  allocate,
  describeValue,
  expectFloat,
  expectParam,
  numberIn,
  sizeOfShape,
} from '../internal/layer-args';

export interface LayerNormOptions {
  /** Element-wise scale γ with shape `normalizedShape`; none when omitted. */
  weight?: Tensor | null;
  /** Element-wise shift β with shape `normalizedShape`; none when omitted. */
  bias?: Tensor | null;
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
}

/** x̂ and out for each of R rows of D elements; returns 1/√(σ² + eps) per row. */
function layerNormForward(
  x: TypedArray,
  w: TypedArray | null,
  b: TypedArray | null,
  out: TypedArray,
  xhat: TypedArray,
  R: number,
  D: number,
  eps: number,
): Float64Array {
  const invStd = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    const base = r * D;
    let sum = 0;
    for (let d = 0; d < D; d++) sum += x[base + d];
    const mean = sum / D;
    let sq = 0;
    for (let d = 0; d < D; d++) {
      const v = x[base + d] - mean;
      sq += v * v;
    }
    const k = 1 / Math.sqrt(sq / D + eps);
    invStd[r] = k;
    for (let d = 0; d < D; d++) {
      const h = (x[base + d] - mean) * k;
      xhat[base + d] = h;
      out[base + d] = h * (w === null ? 1 : w[d]) + (b === null ? 0 : b[d]);
    }
  }
  return invStd;
}

const layerNormOp = defineOp({
  name: 'layerNorm',
  forward(x: Tensor, weight: Tensor | null, bias: Tensor | null, D: number, eps: number) {
    const R = D === 0 ? 0 : x.size / D;
    const out = allocate(x.dtype, x.size);
    const xhat = allocate(x.dtype, x.size);
    const invStd = layerNormForward(
      x.data,
      weight?.data ?? null,
      bias?.data ?? null,
      out,
      xhat,
      R,
      D,
      eps,
    );
    return { out: new Tensor(out, x.shape), saved: { x, weight, bias, xhat, invStd, R, D } };
  },
  backward(dOut, { x, weight, bias, xhat, invStd, R, D }) {
    const g = dOut.data;
    const w = weight?.data ?? null;
    const dw = new Float64Array(D);
    const db = new Float64Array(D);
    const dx = allocate(x.dtype, x.size);
    for (let r = 0; r < R; r++) {
      const base = r * D;
      // With dx̂ = g·γ: dx = invStd/D · (D·dx̂ − Σdx̂ − x̂·Σdx̂·x̂), the row statistics' share.
      let sumH = 0;
      let sumHX = 0;
      for (let d = 0; d < D; d++) {
        const i = base + d;
        const h = g[i] * (w === null ? 1 : w[d]);
        sumH += h;
        sumHX += h * xhat[i];
        dw[d] += g[i] * xhat[i];
        db[d] += g[i];
      }
      const meanH = sumH / D;
      const meanHX = sumHX / D;
      for (let d = 0; d < D; d++) {
        const i = base + d;
        dx[i] = invStd[r] * (g[i] * (w === null ? 1 : w[d]) - meanH - xhat[i] * meanHX);
      }
    }
    const grads: (Tensor | null)[] = [x.requiresGrad ? new Tensor(dx, x.shape) : null];
    if (weight !== null) grads.push(weight.requiresGrad ? fromFloat64(dw, weight) : null);
    if (bias !== null) grads.push(bias.requiresGrad ? fromFloat64(db, bias) : null);
    return grads;
  },
});

function fromFloat64(values: Float64Array, like: Tensor): Tensor {
  const data = allocate(like.dtype, values.length);
  data.set(values);
  return new Tensor(data, like.shape);
}

/**
 * Layer normalisation (Ba et al. 2016): normalises over the trailing `normalizedShape`
 * dimensions of each sample, y = (x − μ)/√(σ² + eps)·γ + β with the biased variance; the same
 * in training and evaluation. One fused op (forward and backward hand-written).
 * Shapes: x [..., *normalizedShape]; weight, bias normalizedShape → x's shape.
 * @example
 * layerNorm(x, [64], { weight, bias }); // x [8, 10, 64]
 */
export function layerNorm(
  x: Tensor,
  normalizedShape: number | readonly number[],
  options: LayerNormOptions = {},
): Tensor {
  expectFloat(x, 'layerNorm', 'x');
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape;
  if (
    !Array.isArray(shape) ||
    shape.length === 0 ||
    !shape.every((d) => Number.isInteger(d) && d >= 1)
  ) {
    throw new RangeError(
      `layerNorm: normalizedShape must be a positive integer or a non-empty array of them, got ${describeValue(normalizedShape)}`,
    );
  }
  const tail = x.shape.slice(x.rank - shape.length);
  if (x.rank < shape.length || !tail.every((d, i) => d === shape[i])) {
    throw new RangeError(
      `layerNorm: x must end with dimensions ${formatShape(shape)}, got shape ${formatShape(x.shape)}`,
    );
  }
  const weight = expectParam(options.weight, x, shape, 'layerNorm', 'weight');
  const bias = expectParam(options.bias, x, shape, 'layerNorm', 'bias');
  const eps = numberIn(options.eps ?? 1e-5, 0, Number.MAX_VALUE, 'layerNorm', 'eps');
  return layerNormOp(x, weight, bias, sizeOfShape(shape), eps);
}
