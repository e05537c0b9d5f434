import type { Tensor } from '@convkit/tensor';
import { betaPair, boolean, nonNegative, positive } from './internal/checks';
import { lerp } from './internal/float';
import { type FloatArray, Optimizer, type OptimizerSpec, type ParamsInput } from './optimizer';

/** Options of {@link RAdam}. */
export interface RAdamOptions {
  /** Learning rate γ (default 1e-3). */
  lr: number;
  /** Decay rates (β1, β2) of the moment averages (default [0.9, 0.999]). */
  betas: [number, number];
  /** ε added to the denominator (default 1e-8). */
  eps: number;
  /** Weight decay λ: L2 on the gradient, or decoupled with `decoupledWeightDecay` (default 0). */
  weightDecay: number;
  /** Decay weights as AdamW does instead of adding λθ to the gradient (default false). */
  decoupledWeightDecay: boolean;
  /** Ascend the objective instead of descending it (default false). */
  maximize: boolean;
}

/** Per-parameter state of {@link RAdam}: the moment averages m and v. */
export type RAdamState = { expAvg: Float64Array; expAvgSq: Float64Array };

const SPEC: OptimizerSpec<RAdamOptions> = {
  name: 'RAdam',
  defaults: {
    lr: 1e-3,
    betas: [0.9, 0.999],
    eps: 1e-8,
    weightDecay: 0,
    decoupledWeightDecay: false,
    maximize: false,
  },
  checks: {
    lr: nonNegative,
    betas: betaPair,
    eps: positive,
    weightDecay: nonNegative,
    decoupledWeightDecay: boolean,
    maximize: boolean,
  },
};

/**
 * The variance rectification of RAdam at step t: r_t when the approximated SMA length
 * ρₜ = ρ∞ − 2tβ2ᵗ/(1 − β2ᵗ) exceeds 5 (ρ∞ = 2/(1 − β2) − 1), else null (plain momentum step).
 * @example
 * radamRectification(0.999, 5); // null: ρ₅ ≈ 4.996; step 6 is the first rectified one
 */
export function radamRectification(beta2: number, step: number): number | null {
  const rhoInf = 2 / (1 - beta2) - 1;
  const rhoT = rhoInf - (2 * step * beta2 ** step) / (1 - beta2 ** step);
  if (!(rhoT > 5)) return null;
  return Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
}

/**
 * One RAdam step in place (PyTorch's `torch.optim.RAdam`, Liu et al. 2020); `step` is t:
 *
 *     g ← ±∇ + λθ                      (or θ ← θ(1 − γλ) when decoupled)
 *     m ← β1·m + (1 − β1)·g            v ← β2·v + (1 − β2)·g²
 *     m̂ ← m/(1 − β1ᵗ)
 *     θ ← θ − γ·m̂·rₜ·√(1 − β2ᵗ)/(√v + ε)   if ρₜ > 5 (see radamRectification)
 *     θ ← θ − γ·m̂                          otherwise
 * @example
 * radamUpdate(w.data, w.grad.data, state, options, 1);
 */
export function radamUpdate(
  param: FloatArray,
  grad: FloatArray,
  state: RAdamState,
  options: RAdamOptions,
  step: number,
): void {
  const { lr, betas, eps, weightDecay, decoupledWeightDecay, maximize } = options;
  const [beta1, beta2] = betas;
  const bc1 = 1 - beta1 ** step;
  const bc2Sqrt = Math.sqrt(1 - beta2 ** step);
  const rect = radamRectification(beta2, step);
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
    const corrected = m / bc1;
    const delta =
      rect === null ? corrected * lr : corrected * lr * (bc2Sqrt / (Math.sqrt(v) + eps)) * rect;
    param[i] = p - delta;
  }
}

/**
 * RAdam: Adam whose adaptive step is switched on only once the variance of the adaptive
 * lr is tractable (ρₜ > 5) and then rectified, which removes the need for a warm-up.
 * @example
 * const opt = new RAdam(model.parameters(), { lr: 1e-3 });
 */
export class RAdam extends Optimizer<RAdamOptions, RAdamState> {
  constructor(params: ParamsInput<RAdamOptions>, options?: Partial<RAdamOptions>) {
    super(params, options, SPEC);
  }

  protected initState(param: Tensor): RAdamState {
    return { expAvg: new Float64Array(param.size), expAvgSq: new Float64Array(param.size) };
  }

  protected update(
    param: FloatArray,
    grad: FloatArray,
    state: RAdamState,
    options: RAdamOptions,
    step: number,
  ): void {
    radamUpdate(param, grad, state, options, step);
  }
}
