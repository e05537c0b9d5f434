import type { Tensor, TypedArray } from '@convkit/tensor';
import {
  broadcastWeight,
  checkReduction,
  inputAndTarget,
  pointwiseLossOp,
} from '../internal/loss-helpers';
import type { LossOptions } from './regression';

export interface BinaryCrossEntropyOptions extends LossOptions {
  /** Per-element weight, broadcast to the input's shape; constant (no gradient). */
  weight?: Tensor | null;
}

export interface BinaryCrossEntropyWithLogitsOptions extends BinaryCrossEntropyOptions {
  /**
   * Weight of the positive term, broadcast to the input's shape (usually [C], one per class):
   * > 1 raises recall. Constant (no gradient).
   */
  posWeight?: Tensor | null;
}

interface Weights {
  weight: TypedArray | null;
  posWeight: TypedArray | null;
}

/** PyTorch clamps each log at −100 so that p = 0 or 1 gives a finite loss. */
const LOG_FLOOR = -100;
/** PyTorch's floor on p(1 − p) in the gradient, for the same reason. */
const GRAD_EPS = 1e-12;

const bceOp = pointwiseLossOp(
  'binaryCrossEntropy',
  (p: TypedArray, t: TypedArray, losses: Float64Array, { weight }: Weights) => {
    for (let i = 0; i < p.length; i++) {
      const logP = Math.max(Math.log(p[i]), LOG_FLOOR);
      const log1mP = Math.max(Math.log1p(-p[i]), LOG_FLOOR);
      losses[i] = -(t[i] * logP + (1 - t[i]) * log1mP) * (weight === null ? 1 : weight[i]);
    }
  },
  (p, t, g, gStride, scale, dx, dt, { weight }) => {
    for (let i = 0; i < p.length; i++) {
      const k = g[i * gStride] * scale * (weight === null ? 1 : weight[i]);
      if (dx) dx[i] = (k * (p[i] - t[i])) / Math.max((1 - p[i]) * p[i], GRAD_EPS);
      if (dt)
        dt[i] = -k * (Math.max(Math.log(p[i]), LOG_FLOOR) - Math.max(Math.log1p(-p[i]), LOG_FLOOR));
    }
  },
);

/** softplus(−x) = log(1 + e^(−x)) = max(−x, 0) + log1p(e^(−|x|)), without overflow. */
function softplusNeg(x: number): number {
  return Math.max(-x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

/** σ(−x) without overflow. */
function sigmoidNeg(x: number): number {
  if (x <= 0) return 1 / (1 + Math.exp(x));
  const e = Math.exp(-x);
  return e / (1 + e);
}

const bceLogitsOp = pointwiseLossOp(
  'binaryCrossEntropyWithLogits',
  (x: TypedArray, t: TypedArray, losses: Float64Array, { weight, posWeight }: Weights) => {
    for (let i = 0; i < x.length; i++) {
      // ℓ = (1 − t)·x + (1 + (pw − 1)·t)·softplus(−x): −[pw·t·log σ(x) + (1 − t)·log(1 − σ(x))]
      // rewritten so that no exp can overflow.
      const logWeight = posWeight === null ? 1 : 1 + (posWeight[i] - 1) * t[i];
      losses[i] =
        ((1 - t[i]) * x[i] + logWeight * softplusNeg(x[i])) * (weight === null ? 1 : weight[i]);
    }
  },
  (x, t, g, gStride, scale, dx, dt, { weight, posWeight }) => {
    for (let i = 0; i < x.length; i++) {
      const k = g[i * gStride] * scale * (weight === null ? 1 : weight[i]);
      const pw = posWeight === null ? 1 : posWeight[i];
      if (dx) dx[i] = k * (1 - t[i] - (1 + (pw - 1) * t[i]) * sigmoidNeg(x[i]));
      if (dt) dt[i] = k * (-x[i] + (pw - 1) * softplusNeg(x[i]));
    }
  },
);

/**
 * Binary cross-entropy on probabilities: ℓᵢ = −wᵢ·[tᵢ·log pᵢ + (1 − tᵢ)·log(1 − pᵢ)], each log
 * clamped at −100 as in PyTorch. Input and target share a shape; inputs must lie in [0, 1].
 * Prefer `binaryCrossEntropyWithLogits` after a sigmoid: it is exact where this one clamps.
 * @example
 * binaryCrossEntropy(tensor([0.9, 0.2]), tensor([1, 0])); // mean of [0.105, 0.223]
 */
export function binaryCrossEntropy(
  input: Tensor,
  target: Tensor,
  options: BinaryCrossEntropyOptions = {},
): Tensor {
  const { x, t } = inputAndTarget(input, target, 'binaryCrossEntropy');
  const data = x.data;
  for (let i = 0; i < data.length; i++) {
    if (!(data[i] >= 0 && data[i] <= 1)) {
      throw new RangeError(
        `binaryCrossEntropy: input must hold probabilities in [0, 1], got ${data[i]} at flat index ${i}`,
      );
    }
  }
  const reduction = checkReduction(options.reduction, 'binaryCrossEntropy');
  const weight = broadcastWeight(options.weight, x, 'binaryCrossEntropy', 'weight');
  return bceOp(x, t, reduction, { weight, posWeight: null });
}

/**
 * Binary cross-entropy on logits, σ folded in: ℓᵢ = wᵢ·[(1 − tᵢ)·xᵢ + (1 + (pwᵢ − 1)·tᵢ)·
 * log(1 + e^(−xᵢ))], evaluated as max(−x, 0) + log1p(e^(−|x|)) so no logit overflows.
 * Gradient wᵢ·[(1 − tᵢ) − (1 + (pwᵢ − 1)·tᵢ)·σ(−xᵢ)] (σ(x) − t without posWeight). Shapes as
 * `binaryCrossEntropy`; one fused op.
 * @example
 * binaryCrossEntropyWithLogits(tensor([2, -1]), tensor([1, 0]), { posWeight: tensor([3]) });
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  options: BinaryCrossEntropyWithLogitsOptions = {},
): Tensor {
  const op = 'binaryCrossEntropyWithLogits';
  const { x, t } = inputAndTarget(input, target, op);
  const reduction = checkReduction(options.reduction, op);
  const weight = broadcastWeight(options.weight, x, op, 'weight');
  const posWeight = broadcastWeight(options.posWeight, x, op, 'posWeight');
  return bceLogitsOp(x, t, reduction, { weight, posWeight });
}
