import { defineOp, formatShape, reshape, Tensor, type TypedArray } from '@convkit/tensor';
import {
  type ClassLayout,
  checkClassIndices,
  checkIgnoreIndex,
  classLayout,
  classWeight,
  expectTarget,
} from '../internal/class-targets';
import { allocate } from '../internal/layer-args';
import { checkReduction, type Reduction } from '../internal/loss-helpers';
import type { LossOptions } from './regression';

export interface NllLossOptions extends LossOptions {
  /** Per-class weight [C]; constant (no gradient). */
  weight?: Tensor | null;
  /** Targets equal to this contribute nothing (default −100, as PyTorch). */
  ignoreIndex?: number;
}

interface Config {
  layout: ClassLayout;
  reduction: Reduction;
  weight: TypedArray | null;
  ignoreIndex: number;
}

const nllOp = defineOp({
  name: 'nllLoss',
  forward(x: Tensor, target: Tensor, cfg: Config) {
    const { N, C, S } = cfg.layout;
    const { weight, ignoreIndex } = cfg;
    const t = target.data;
    const losses = new Float64Array(N * S);
    let divisor = 0;
    for (let n = 0; n < N; n++) {
      for (let s = 0; s < S; s++) {
        const row = n * S + s;
        const y = t[row];
        if (y === ignoreIndex) continue;
        const w = weight === null ? 1 : weight[y];
        losses[row] = -w * x.data[(n * C + y) * S + s];
        divisor += w;
      }
    }
    const outShape = [N, ...x.shape.slice(2)];
    let out: Tensor;
    if (cfg.reduction === 'none') {
      const data = allocate(x.dtype, losses.length);
      data.set(losses);
      out = new Tensor(data, outShape);
    } else {
      let total = 0;
      for (let i = 0; i < losses.length; i++) total += losses[i];
      const data = allocate(x.dtype, 1);
      data[0] = cfg.reduction === 'mean' ? total / divisor : total;
      out = new Tensor(data, []);
    }
    return { out, saved: { x, target, cfg, divisor } };
  },
  backward(dOut, { x, target, cfg, divisor }) {
    const { N, C, S } = cfg.layout;
    const t = target.data;
    const gStride = cfg.reduction === 'none' ? 1 : 0;
    const scale = cfg.reduction === 'mean' ? 1 / divisor : 1;
    const dx = allocate(x.dtype, x.size);
    for (let n = 0; n < N; n++) {
      for (let s = 0; s < S; s++) {
        const row = n * S + s;
        const y = t[row];
        if (y === cfg.ignoreIndex) continue;
        const w = cfg.weight === null ? 1 : cfg.weight[y];
        dx[(n * C + y) * S + s] = -w * dOut.data[row * gStride] * scale;
      }
    }
    return [new Tensor(dx, x.shape), null];
  },
});

/**
 * Negative log-likelihood: ℓᵢ = −w_yᵢ·xᵢ,yᵢ on log-probabilities (e.g. `logSoftmax` output).
 * Input [N, C] or [N, C, d1, …] (or unbatched [C]); target int32 class indices [N, d1, …].
 * `'mean'` divides by Σ w_yᵢ over the targets not ignored (NaN if all are), as PyTorch.
 * `crossEntropy(z, y)` equals `nllLoss(logSoftmax(z, 1), y)` and is faster.
 * @example
 * nllLoss(logSoftmax(logits, 1), labels);
 */
export function nllLoss(input: Tensor, target: Tensor, options: NllLossOptions = {}): Tensor {
  const op = 'nllLoss';
  const t = expectTarget(target, op);
  if (input instanceof Tensor && input.rank === 1) {
    const batched = nllLoss(
      reshape(input, [1, input.shape[0]]),
      reshape(t, [1, ...t.shape]),
      options,
    );
    return batched.rank === 0 ? batched : reshape(batched, []);
  }
  const { x, layout } = classLayout(input, op);
  if (t.dtype !== 'int32') {
    throw new TypeError(
      `${op}: target must be an int32 tensor of class indices, got ${t.dtype} of shape ${formatShape(t.shape)}`,
    );
  }
  const reduction = checkReduction(options.reduction, op);
  const weight = classWeight(options.weight, x, layout.C, op);
  const ignoreIndex = checkIgnoreIndex(options.ignoreIndex ?? -100, op);
  checkClassIndices(t, x, layout.C, ignoreIndex, op);
  return nllOp(x, t, { layout, reduction, weight, ignoreIndex });
}
