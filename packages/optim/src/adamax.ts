import type { Tensor } from '@convkit/tensor';
import { betaPair, boolean, nonNegative, positive } from './internal/checks';
import { lerp } from './internal/float';
import { type FloatArray, Optimizer, type OptimizerSpec, type ParamsInput } from './optimizer';

/** Options of {@link Adamax}. */
export interface AdamaxOptions {
  /** Learning rate γ (default 2e-3). */
  lr: number;
  /** Decay rates (β1, β2) of the first moment and of the infinity norm (default [0.9, 0.999]). */
  betas: [number, number];
  /** ε added to |g| inside the maximum (default 1e-8). */
  eps: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** Ascend the objective instead of descending it (default false). */
  maximize: boolean;
}

/** Per-parameter state of {@link Adamax}: the first moment m and the weighted infinity norm u. */
export type AdamaxState = { expAvg: Float64Array; expInf: Float64Array };

const SPEC: OptimizerSpec<AdamaxOptions> = {
  name: 'Adamax',
  defaults: { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false },
  checks: {
    lr: nonNegative,
    betas: betaPair,
    eps: positive,
    weightDecay: nonNegative,
    maximize: boolean,
  },
};

/**
 * One Adamax step in place (PyTorch's `torch.optim.Adamax`); `step` is t from 1:
 *
 *     g ← ±∇ + λθ
 *     m ← β1·m + (1 − β1)·g
 *     u ← max(β2·u, |g| + ε)
 *     θ ← θ − γ/(1 − β1ᵗ) · m/u
 * @example
 * adamaxUpdate(w.data, w.grad.data, state, options, 1);
 */
export function adamaxUpdate(
  param: FloatArray,
  grad: FloatArray,
  state: AdamaxState,
  options: AdamaxOptions,
  step: number,
): void {
  const { lr, betas, eps, weightDecay, maximize } = options;
  const [beta1, beta2] = betas;
  const clr = lr / (1 - beta1 ** step);
  const { expAvg, expInf } = state;
  for (let i = 0; i < param.length; i++) {
    let g = maximize ? -grad[i] : grad[i];
    if (weightDecay !== 0) g += weightDecay * param[i];
    const m = lerp(expAvg[i], g, 1 - beta1);
    expAvg[i] = m;
    const u = Math.max(expInf[i] * beta2, Math.abs(g) + eps);
    expInf[i] = u;
    param[i] = param[i] + (-clr * m) / u;
  }
}

/**
 * Adamax (Kingma & Ba, 2015, §7): Adam with the second moment replaced by an exponentially
 * weighted infinity norm, which needs no bias correction.
 * @example
 * const opt = new Adamax(model.parameters(), { lr: 2e-3 });
 */
export class Adamax extends Optimizer<AdamaxOptions, AdamaxState> {
  constructor(params: ParamsInput<AdamaxOptions>, options?: Partial<AdamaxOptions>) {
    super(params, options, SPEC);
  }

  protected initState(param: Tensor): AdamaxState {
    return { expAvg: new Float64Array(param.size), expInf: new Float64Array(param.size) };
  }

  protected update(
    param: FloatArray,
    grad: FloatArray,
    state: AdamaxState,
    options: AdamaxOptions,
    step: number,
  ): void {
    adamaxUpdate(param, grad, state, options, step);
  }
}
