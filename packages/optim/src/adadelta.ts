import type { Tensor } from '@convkit/tensor';
import { boolean, nonNegative, positive, unitClosed } from './internal/checks';
import { type FloatArray, Optimizer, type OptimizerSpec, type ParamsInput } from './optimizer';

/** Options of {@link Adadelta}. */
export interface AdadeltaOptions {
  /** Scale γ applied to the delta (default 1). */
  lr: number;
  /** Decay ρ of the running averages (default 0.9). */
  rho: number;
  /** ε inside both square roots (default 1e-6). */
  eps: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** Ascend the objective instead of descending it (default false). */
  maximize: boolean;
}

/** Per-parameter state of {@link Adadelta}: averages of squared gradients (v) and squared deltas (u). */
export type AdadeltaState = { squareAvg: Float64Array; accDelta: Float64Array };

const SPEC: OptimizerSpec<AdadeltaOptions> = {
  name: 'Adadelta',
  defaults: { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false },
  checks: {
    lr: nonNegative,
    rho: unitClosed,
    eps: positive,
    weightDecay: nonNegative,
    maximize: boolean,
  },
};

/**
 * One Adadelta step in place (PyTorch's `torch.optim.Adadelta`):
 *
 *     g ← ±∇ + λθ
 *     v ← ρv + (1 − ρ)g²
 *     Δ ← √(u + ε)/√(v + ε) · g      (with the v just updated)
 *     u ← ρu + (1 − ρ)Δ²
 *     θ ← θ − γΔ
 * @example
 * adadeltaUpdate(w.data, w.grad.data, state, { ...defaults });
 */
export function adadeltaUpdate(
  param: FloatArray,
  grad: FloatArray,
  state: AdadeltaState,
  options: AdadeltaOptions,
): void {
  const { lr, rho, eps, weightDecay, maximize } = options;
  const { squareAvg, accDelta } = state;
  for (let i = 0; i < param.length; i++) {
    let g = maximize ? -grad[i] : grad[i];
    if (weightDecay !== 0) g += weightDecay * param[i];
    const v = squareAvg[i] * rho + (1 - rho) * g * g;
    squareAvg[i] = v;
    const delta = (Math.sqrt(accDelta[i] + eps) / Math.sqrt(v + eps)) * g;
    accDelta[i] = accDelta[i] * rho + (1 - rho) * delta * delta;
    param[i] = param[i] - lr * delta;
  }
}

/**
 * Adadelta (Zeiler, 2012): steps sized by the ratio of the RMS of recent updates to the
 * RMS of recent gradients, so the default lr of 1 rarely needs tuning.
 * @example
 * const opt = new Adadelta(model.parameters());
 */
export class Adadelta extends Optimizer<AdadeltaOptions, AdadeltaState> {
  constructor(params: ParamsInput<AdadeltaOptions>, options?: Partial<AdadeltaOptions>) {
    super(params, options, SPEC);
  }

  protected initState(param: Tensor): AdadeltaState {
    return { squareAvg: new Float64Array(param.size), accDelta: new Float64Array(param.size) };
  }

  protected update(
    param: FloatArray,
    grad: FloatArray,
    state: AdadeltaState,
    options: AdadeltaOptions,
  ): void {
    adadeltaUpdate(param, grad, state, options);
  }
}
