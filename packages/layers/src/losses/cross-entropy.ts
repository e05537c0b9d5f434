import { defineOp, reshape, Tensor, type TypedArray } from '@convkit/tensor';
import {
  type ClassLayout,
  checkClassIndices,
  checkIgnoreIndex,
  classLayout,
  classWeight,
  expectTarget,
} from '../internal/class-targets';
import { allocate, numberIn, sameShape } from '../internal/layer-args';
import { checkReduction, type Reduction } from '../internal/loss-helpers';
import type { LossOptions } from './regression';

export interface CrossEntropyOptions extends LossOptions {
  /** Per-class weight [C]; constant (no gradient). */
  weight?: Tensor | null;
  /** Class-index targets equal to this contribute nothing (default −100, as PyTorch). */
  ignoreIndex?: number;
  /** Mixes the target with the uniform distribution: (1 − ε)·target + ε/C (default 0). */
  labelSmoothing?: number;
}

interface Config {
  layout: ClassLayout;
  reduction: Reduction;
  smoothing: number;
  weight: TypedArray | null;
  ignoreIndex: number;
  /** True for int32 class indices, false for per-class probabilities. */
  indices: boolean;
}

/**
 * Coefficients aᶜ of row `row` in ℓ = −Σc aᶜ·log pᶜ, written into `a`; returns Σc aᶜ, or −1
 * for an ignored row. Index targets: aᶜ = (1 − ε)·w_y·[c = y] + (ε/C)·w_c; probabilities:
 * aᶜ = w_c·((1 − ε)·qᶜ + ε/C).
 */
function rowCoefficients(
  t: TypedArray,
  row: number,
  base: number,
  cfg: Config,
  a: Float64Array,
): number {
  const { C, S } = cfg.layout;
  const { smoothing, weight } = cfg;
  const uniform = smoothing / C;
  let total = 0;
  if (cfg.indices) {
    const y = t[row];
    if (y === cfg.ignoreIndex) return -1;
    for (let c = 0; c < C; c++) a[c] = uniform * (weight === null ? 1 : weight[c]);
    a[y] += (1 - smoothing) * (weight === null ? 1 : weight[y]);
  } else {
    for (let c = 0; c < C; c++) {
      a[c] = (weight === null ? 1 : weight[c]) * ((1 - smoothing) * t[base + c * S] + uniform);
    }
  }
  for (let c = 0; c < C; c++) total += a[c];
  return total;
}

const crossEntropyOp = defineOp({
  name: 'crossEntropy',
  forward(x: Tensor, target: Tensor, cfg: Config) {
    const { N, C, S } = cfg.layout;
    const z = x.data;
    const t = target.data;
    const logp = allocate(x.dtype, x.size);
    const losses = new Float64Array(N * S);
    const a = new Float64Array(C);
    let divisor = cfg.indices ? 0 : N * S;
    for (let n = 0; n < N; n++) {
      for (let s = 0; s < S; s++) {
        const base = n * C * S + s;
        // log-softmax with the max subtracted first, so exp never overflows.
        let max = Number.NEGATIVE_INFINITY;
        for (let c = 0; c < C; c++) max = Math.max(max, z[base + c * S]);
        let sumExp = 0;
        for (let c = 0; c < C; c++) sumExp += Math.exp(z[base + c * S] - max);
        const lse = max + Math.log(sumExp);
        for (let c = 0; c < C; c++) logp[base + c * S] = z[base + c * S] - lse;
        const row = n * S + s;
        if (rowCoefficients(t, row, base, cfg, a) < 0) continue;
        if (cfg.indices) divisor += cfg.weight === null ? 1 : cfg.weight[t[row]];
        let loss = 0;
        for (let c = 0; c < C; c++) if (a[c] !== 0) loss -= a[c] * logp[base + c * S];
        losses[row] = loss;
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
      // PyTorch's mean: over the summed class weights of the counted rows (0/0 = NaN when every
      // target is ignored); for probability targets over the N·d1·… rows.
      data[0] = cfg.reduction === 'mean' ? total / divisor : total;
      out = new Tensor(data, []);
    }
    return { out, saved: { x, target, cfg, logp, divisor } };
  },
  backward(dOut, { x, target, cfg, logp, divisor }) {
    const { N, C, S } = cfg.layout;
    const t = target.data;
    const g = dOut.data;
    const gStride = cfg.reduction === 'none' ? 1 : 0;
    const scale = cfg.reduction === 'mean' ? 1 / divisor : 1;
    const dz = x.requiresGrad ? allocate(x.dtype, x.size) : null;
    const dt = target.requiresGrad ? allocate(target.dtype, target.size) : null;
    const a = new Float64Array(C);
    for (let n = 0; n < N; n++) {
      for (let s = 0; s < S; s++) {
        const base = n * C * S + s;
        const row = n * S + s;
        const total = rowCoefficients(t, row, base, cfg, a);
        if (total < 0) continue;
        const gi = g[row * gStride] * scale;
        for (let c = 0; c < C; c++) {
          const i = base + c * S;
          // ∂/∂zᶜ of −Σ aᵏ·log pᵏ is pᶜ·Σaᵏ − aᶜ.
          if (dz) dz[i] = gi * (Math.exp(logp[i]) * total - a[c]);
          if (dt)
            dt[i] = -gi * (cfg.weight === null ? 1 : cfg.weight[c]) * (1 - cfg.smoothing) * logp[i];
        }
      }
    }
    return [dz && new Tensor(dz, x.shape), dt && new Tensor(dt, target.shape)];
  },
});

/**
 * Cross-entropy from logits, log-softmax and negative log-likelihood fused into one op (one
 * pass forward, one backward, no softmax tensor in the graph). Input [N, C] or [N, C, d1, …]
 * (or unbatched [C]); target either int32 class indices [N, d1, …] or float probabilities of
 * the input's shape. Per row ℓ = −Σc aᶜ·log softmax(z)ᶜ with aᶜ = w_c·((1 − ε)·targetᶜ + ε/C)
 * (label smoothing ε, one-hot target for indices). `'mean'` divides by Σ w_y over the rows not
 * ignored (class indices) or by the row count (probabilities), as PyTorch does.
 * @example
 * crossEntropy(logits, labels); // logits [32, 10], labels int32 [32]
 * crossEntropy(logits, labels, { labelSmoothing: 0.1, ignoreIndex: -1 });
 */
export function crossEntropy(
  input: Tensor,
  target: Tensor,
  options: CrossEntropyOptions = {},
): Tensor {
  const op = 'crossEntropy';
  const t = expectTarget(target, op);
  if (input instanceof Tensor && input.rank === 1) {
    // Unbatched [C]: add the batch dimension and take it away from an unreduced result.
    const batched = crossEntropy(
      reshape(input, [1, input.shape[0]]),
      reshape(t, [1, ...t.shape]),
      options,
    );
    return batched.rank === 0 ? batched : reshape(batched, []);
  }
  const { x, layout } = classLayout(input, op);
  const reduction = checkReduction(options.reduction, op);
  const smoothing = numberIn(options.labelSmoothing ?? 0, 0, 1, op, 'labelSmoothing');
  const weight = classWeight(options.weight, x, layout.C, op);
  const indices = t.dtype === 'int32';
  let ignoreIndex = -100;
  if (indices) {
    ignoreIndex = checkIgnoreIndex(options.ignoreIndex ?? -100, op);
    checkClassIndices(t, x, layout.C, ignoreIndex, op);
  } else {
    if (!sameShape(t.shape, x.shape) || t.dtype !== x.dtype) {
      throw new RangeError(
        `${op}: target must be int32 class indices or ${x.dtype} probabilities of the input's shape ` +
          `[${x.shape.join(', ')}], got ${t.dtype} of shape [${t.shape.join(', ')}]`,
      );
    }
    if (options.ignoreIndex !== undefined) {
      throw new TypeError(
        `${op}: ignoreIndex applies to class-index targets only, got probabilities`,
      );
    }
  }
  return crossEntropyOp(x, t, { layout, reduction, smoothing, weight, ignoreIndex, indices });
}
