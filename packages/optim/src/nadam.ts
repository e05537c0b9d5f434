import type { Tensor } from '@convkit/tensor';
import { betaPair, boolean, nonNegative, positive } from './internal/checks';
import { lerp } from './internal/float';
import { type FloatArray, Optimizer, type OptimizerSpec, type ParamsInput } from './optimizer';

/** Options of {@link NAdam}. */
export interface NAdamOptions {
  /** Learning rate γ (default 2e-3). */
  lr: number;
  /** Decay rates (β1, β2) of the moment averages (default [0.9, 0.999]). */
  betas: [number, number];
  /** ε added to the denominator (default 1e-8). */
  eps: number;
  /** Weight decay λ: L2 on the gradient, or decoupled with `decoupledWeightDecay` (default 0). */
  weightDecay: number;
  /** Momentum decay ψ of the μ schedule (default 4e-3). */
  momentumDecay: number;
  /** Decay weights as AdamW does instead of adding λθ to the gradient (default false). */
  decoupledWeightDecay: boolean;
  /** Ascend the objective instead of descending it (default false). */
  maximize: boolean;
}

/** Per-parameter state of {@link NAdam}: m, v and the running product Π μᵢ. */
export type NAdamState = { expAvg: Float64Array; expAvgSq: Float64Array; muProduct: number };

const SPEC: OptimizerSpec<NAdamOptions> = {
  name: 'NAdam',
  defaults: {
    lr: 2e-3,
    betas: [0.9, 0.999],
    eps: 1e-8,
    weightDecay: 0,
    momentumDecay: 4e-3,
    decoupledWeightDecay: false,
    maximize: false,
  },
  checks: {
    lr: nonNegative,
    betas: betaPair,
    eps: positive,
    weightDecay: nonNegative,
    momentumDecay: nonNegative,
    decoupledWeightDecay: boolean,
    maximize: boolean,
  },
};

/**
 * One NAdam step in place (PyTorch's `torch.optim.NAdam`, Dozat 2016); `step` is t from 1:
 *
 *     μₜ ← β1·(1 − ½·0.96^(tψ))       μₜ₊₁ ← β1·(1 − ½·0.96^((t+1)ψ))
 *     g ← ±∇ + λθ                      (or θ ← θ(1 − γλ) when decoupled)
 *     m ← β1·m + (1 − β1)·g            v ← β2·v + (1 − β2)·g²
 *     d ← √(v/(1 − β2ᵗ)) + ε
 *     θ ← θ − γ(1 − μₜ)/(1 − Πᵢ≤ₜ μᵢ) · g/d − γμₜ₊₁/(1 − Πᵢ≤ₜ₊₁ μᵢ) · m/d
 *
 * Updates `state.muProduct` (Π μᵢ, starting at 1).
 * @example
 * nadamUpdate(w.data, w.grad.data, state, options, 1);
 */
export function nadamUpdate(
  param: FloatArray,
  grad: FloatArray,
  state: NAdamState,
  options: NAdamOptions,
  step: number,
): void {
  const { lr, betas, eps, weightDecay, momentumDecay, decoupledWeightDecay, maximize } = options;
  const [beta1, beta2] = betas;
  const bc2 = 1 - beta2 ** step;
  const mu = beta1 * (1 - 0.5 * 0.96 ** (step * momentumDecay));
  const muNext = beta1 * (1 - 0.5 * 0.96 ** ((step + 1) * momentumDecay));
  const muProduct = state.muProduct * mu;
  state.muProduct = muProduct;
  const gradScale = (-lr * (1 - mu)) / (1 - muProduct);
  const avgScale = (-lr * muNext) / (1 - muProduct * muNext);
  const decay = decoupledWeightDecay ? 1 - lr * weightDecay : 1;
  const l2 = decoupledWeightDecay ? 0 : weightDecay;
  const { expAvg, expAvgSq } = state;
  for (let i = 0; i < param.length; i++) {
    let p = param[i];
    if (decay !== 1) {
      param[i] = p * decay;
      p = param[i];
    }
    let g = maximize ? -grad[i] : grad[i];
    if (l2 !== 0) g += l2 * p;
    const m = lerp(expAvg[i], g, 1 - beta1);
    const v = expAvgSq[i] * beta2 + (1 - beta2) * g * g;
    expAvg[i] = m;
    expAvgSq[i] = v;
    const denom = Math.sqrt(v / bc2) + eps;
    // Two rounded adds, as PyTorch's two addcdiv_ calls (float32 parameters round after each).
    param[i] = p + (gradScale * g) / denom;
    param[i] = param[i] + (avgScale * m) / denom;
  }
}

/**
 * NAdam: Adam with Nesterov momentum and Dozat's momentum schedule μₜ, with PyTorch's
 * semantics (including its `momentumDecay` ψ = 4e-3).
 * @example
 * const opt = new NAdam(model.parameters(), { lr: 2e-3 });
 */
export class NAdam extends Optimizer<NAdamOptions, NAdamState> {
  constructor(params: ParamsInput<NAdamOptions>, options?: Partial<NAdamOptions>) {
    super(params, options, SPEC);
  }

  protected initState(param: Tensor): NAdamState {
    return {
      expAvg: new Float64Array(param.size),
      expAvgSq: new Float64Array(param.size),
      muProduct: 1,
    };
  }

  protected update(
    param: FloatArray,
    grad: FloatArray,
    state: NAdamState,
    options: NAdamOptions,
    step: number,
  ): void {
    nadamUpdate(param, grad, state, options, step);
  }
}
