import type { Tensor, TypedArray } from '@convkit/tensor';
import { finiteNumber } from '../internal/layer-args';
import {
  checkReduction,
  inputAndTarget,
  pointwiseLossOp,
  type Reduction,
} from '../internal/loss-helpers';

export interface LossOptions {
  /** `'mean'` (default) over all elements, `'sum'`, or `'none'` for the per-element losses. */
  reduction?: Reduction;
}

export interface HuberLossOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear (default 1). */
  delta?: number;
}

// Each loss is one fused op (see internal/loss-helpers.ts); the target gradient is the negated
// input gradient because every loss here depends on x − t only.
const mseOp = pointwiseLossOp(
  'mseLoss',
  (x: TypedArray, t: TypedArray, losses: Float64Array) => {
    for (let i = 0; i < x.length; i++) {
      const d = x[i] - t[i];
      losses[i] = d * d;
    }
  },
  (x, t, g, gStride, scale, dx, dt) => {
    for (let i = 0; i < x.length; i++) {
      const v = 2 * (x[i] - t[i]) * g[i * gStride] * scale;
      if (dx) dx[i] = v;
      if (dt) dt[i] = -v;
    }
  },
);

const l1Op = pointwiseLossOp(
  'l1Loss',
  (x: TypedArray, t: TypedArray, losses: Float64Array) => {
    for (let i = 0; i < x.length; i++) losses[i] = Math.abs(x[i] - t[i]);
  },
  (x, t, g, gStride, scale, dx, dt) => {
    for (let i = 0; i < x.length; i++) {
      const d = x[i] - t[i];
      // sign(0) = 0: the subgradient PyTorch picks at the kink.
      const v = (d > 0 ? 1 : d < 0 ? -1 : d) * g[i * gStride] * scale;
      if (dx) dx[i] = v;
      if (dt) dt[i] = -v;
    }
  },
);

const huberOp = pointwiseLossOp(
  'huberLoss',
  (x: TypedArray, t: TypedArray, losses: Float64Array, delta: number) => {
    for (let i = 0; i < x.length; i++) {
      const a = Math.abs(x[i] - t[i]);
      losses[i] = a <= delta ? 0.5 * a * a : delta * (a - 0.5 * delta);
    }
  },
  (x, t, g, gStride, scale, dx, dt, delta) => {
    for (let i = 0; i < x.length; i++) {
      const d = x[i] - t[i];
      const v = Math.min(delta, Math.max(-delta, d)) * g[i * gStride] * scale;
      if (dx) dx[i] = v;
      if (dt) dt[i] = -v;
    }
  },
);

/**
 * Mean squared error: ℓᵢ = (xᵢ − tᵢ)², then reduced. Input and target share a shape (any);
 * the result is a scalar, or that shape with `reduction: 'none'`.
 * @example
 * mseLoss(tensor([1, 2]), tensor([1, 4])); // 2
 */
export function mseLoss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  const { x, t } = inputAndTarget(input, target, 'mseLoss');
  return mseOp(x, t, checkReduction(options.reduction, 'mseLoss'), undefined);
}

/**
 * Mean absolute error: ℓᵢ = |xᵢ − tᵢ| (gradient 0 where xᵢ = tᵢ). Shapes as `mseLoss`.
 * @example
 * l1Loss(tensor([1, 2]), tensor([1, 4]), { reduction: 'sum' }); // 2
 */
export function l1Loss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  const { x, t } = inputAndTarget(input, target, 'l1Loss');
  return l1Op(x, t, checkReduction(options.reduction, 'l1Loss'), undefined);
}

/**
 * Huber loss: ½d² for |d| ≤ δ, δ·(|d| − ½δ) beyond, with d = x − t: quadratic near the
 * target, linear (robust to outliers) far from it. PyTorch's `huber_loss`. Shapes as `mseLoss`.
 * @example
 * huberLoss(tensor([0, 3]), tensor([0, 0]), { delta: 1 }); // mean of [0, 2.5] = 1.25
 */
export function huberLoss(input: Tensor, target: Tensor, options: HuberLossOptions = {}): Tensor {
  const { x, t } = inputAndTarget(input, target, 'huberLoss');
  const delta = finiteNumber(options.delta ?? 1, 'huberLoss', 'delta');
  if (delta <= 0) throw new RangeError(`huberLoss: delta must be positive, got ${delta}`);
  return huberOp(x, t, checkReduction(options.reduction, 'huberLoss'), delta);
}
