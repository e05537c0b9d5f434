import type { Tensor } from '@convkit/tensor';
import { betaPair, boolean, nonNegative, positive } from './internal/checks';
import { lerp } from './internal/float';
import { type FloatArray, Optimizer, type OptimizerSpec, type ParamsInput } from './optimizer';

/** Options of {@link Adam} and {@link AdamW}. */
export interface AdamOptions {
  /** Learning rate γ (default 1e-3). */
  lr: number;
  /** Decay rates (β1, β2) of the first and second moment averages (default [0.9, 0.999]). */
  betas: [number, number];
  /** ε added to the denominator for stability (default 1e-8). */
  eps: number;
  /** Weight decay λ: an L2 term added to the gradient in Adam, decoupled in AdamW (default 0 / 1e-2). */
  weightDecay: number;
  /** Use the running maximum of the second moment (AMSGrad; default false). */
  amsgrad: boolean;
  /** Ascend the objective instead of descending it (default false). */
  maximize: boolean;
}

/** Per-parameter state of {@link Adam}: moment averages m, v and, with amsgrad, the running max of v. */
export type AdamState = {
  expAvg: Float64Array;
  expAvgSq: Float64Array;
  maxExpAvgSq: Float64Array | null;
};

/** Option checks shared by Adam and AdamW. */
export const ADAM_CHECKS: OptimizerSpec<AdamOptions>['checks'] = {
  lr: nonNegative,
  betas: betaPair,
  eps: positive,
  weightDecay: nonNegative,
  amsgrad: boolean,
  maximize: boolean,
};

const SPEC: OptimizerSpec<AdamOptions> = {
  name: 'Adam',
  defaults: {
    lr: 1e-3,
    betas: [0.9, 0.999],
    eps: 1e-8,
    weightDecay: 0,
    amsgrad: false,
    maximize: false,
  },
  checks: ADAM_CHECKS,
};

/** A fresh Adam state for a parameter of `size` elements. */
export function adamInitState(size: number, amsgrad: boolean): AdamState {
  return {
    expAvg: new Float64Array(size),
    expAvgSq: new Float64Array(size),
    maxExpAvgSq: amsgrad ? new Float64Array(size) : null,
  };
}

/**
 * One Adam step on a parameter's storage, in place (PyTorch's `torch.optim.Adam`); `step`
 * is t, counting from 1:
 *
 *     g ← ±∇ + λθ
 *     m ← β1·m + (1 − β1)·g          v ← β2·v + (1 − β2)·g²
 *     v_max ← max(v_max, v)           (amsgrad; v̂ uses v_max)
 *     θ ← θ − γ/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε)
 *
 * ε sits outside the square root of the bias-corrected v (TensorFlow's "epsilon hat"
 * sits outside the uncorrected one).
 * @example
 * adamUpdate(w.data, w.grad.data, adamInitState(w.size, false), options, 1);
 */
export function adamUpdate(
  param: FloatArray,
  grad: FloatArray,
  state: AdamState,
  options: AdamOptions,
  step: number,
): void {
  const { lr, betas, eps, weightDecay, amsgrad, maximize } = options;
  const [beta1, beta2] = betas;
  const stepSize = lr / (1 - beta1 ** step);
  const bc2Sqrt = Math.sqrt(1 - beta2 ** step);
  const { expAvg, expAvgSq } = state;
  if (amsgrad && state.maxExpAvgSq === null) state.maxExpAvgSq = new Float64Array(param.length);
  const vMax = state.maxExpAvgSq;
  for (let i = 0; i < param.length; i++) {
    let g = maximize ? -grad[i] : grad[i];
    if (weightDecay !== 0) g += weightDecay * param[i];
    const m = lerp(expAvg[i], g, 1 - beta1);
    let v = expAvgSq[i] * beta2 + (1 - beta2) * g * g;
    expAvg[i] = m;
    expAvgSq[i] = v;
    if (amsgrad) {
      v = Math.max((vMax as Float64Array)[i], v);
      (vMax as Float64Array)[i] = v;
    }
    const denom = Math.sqrt(v) / bc2Sqrt + eps;
    param[i] = param[i] + (-stepSize * m) / denom;
  }
}

/**
 * Adam (Kingma & Ba, 2015) with PyTorch's semantics, including `amsgrad` and L2
 * `weightDecay` (added to the gradient, so it is rescaled by the adaptive denominator; use
 * {@link AdamW} for decoupled decay).
 * @example
 * const opt = new Adam(model.namedParameters(), { lr: 1e-3 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 */
export class Adam extends Optimizer<AdamOptions, AdamState> {
  constructor(params: ParamsInput<AdamOptions>, options?: Partial<AdamOptions>) {
    super(params, options, SPEC);
  }

  protected initState(param: Tensor, options: AdamOptions): AdamState {
    return adamInitState(param.size, options.amsgrad);
  }

  protected update(
    param: FloatArray,
    grad: FloatArray,
    state: AdamState,
    options: AdamOptions,
    step: number,
  ): void {
    adamUpdate(param, grad, state, options, step);
  }
}
