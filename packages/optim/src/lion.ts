import type { Tensor } from '@convkit/tensor';
import { betaPair, boolean, nonNegative } from './internal/checks';
import { type FloatArray, Optimizer, type OptimizerSpec, type ParamsInput } from './optimizer';

/** Options of {@link Lion}. */
export interface LionOptions {
  /** Learning rate γ (default 1e-4; typically 3–10× smaller than AdamW's). */
  lr: number;
  /** β1 interpolates the update direction, β2 the momentum (default [0.9, 0.99]). */
  betas: [number, number];
  /** Decoupled weight decay λ (default 0; typically 3–10× larger than AdamW's). */
  weightDecay: number;
  /** Ascend the objective instead of descending it (default false). */
  maximize: boolean;
}

/** Per-parameter state of {@link Lion}: the momentum m. */
export type LionState = { expAvg: Float64Array };

const SPEC: OptimizerSpec<LionOptions> = {
  name: 'Lion',
  defaults: { lr: 1e-4, betas: [0.9, 0.99], weightDecay: 0, maximize: false },
  checks: { lr: nonNegative, betas: betaPair, weightDecay: nonNegative, maximize: boolean },
};

/**
 * One Lion step in place (Chen et al. 2023, "Symbolic Discovery of Optimization
 * Algorithms", Algorithm 2; PyTorch has no Lion, so the paper is the reference):
 *
 *     θ ← θ(1 − γλ)
 *     c ← β1·m + (1 − β1)·g
 *     θ ← θ − γ·sign(c)               (sign(0) = 0)
 *     m ← β2·m + (1 − β2)·g
 * @example
 * lionUpdate(w.data, w.grad.data, { expAvg: new Float64Array(w.size) }, options);
 */
export function lionUpdate(
  param: FloatArray,
  grad: FloatArray,
  state: LionState,
  options: LionOptions,
): void {
  const { lr, betas, weightDecay, maximize } = options;
  const [beta1, beta2] = betas;
  const decay = 1 - lr * weightDecay;
  const { expAvg } = state;
  for (let i = 0; i < param.length; i++) {
    let p = param[i];
    if (decay !== 1) {
      param[i] = p * decay;
      p = param[i];
    }
    const g = maximize ? -grad[i] : grad[i];
    const c = expAvg[i] * beta1 + g * (1 - beta1);
    param[i] = p - lr * Math.sign(c);
    expAvg[i] = expAvg[i] * beta2 + g * (1 - beta2);
  }
}

/**
 * Lion (EvoLved Sign Momentum): every coordinate moves by exactly ±γ per step, in the
 * direction of an interpolation between the momentum and the gradient. Uses half of
 * Adam's memory (one buffer).
 * @example
 * const opt = new Lion(model.parameters(), { lr: 1e-4, weightDecay: 1e-2 });
 */
export class Lion extends Optimizer<LionOptions, LionState> {
  constructor(params: ParamsInput<LionOptions>, options?: Partial<LionOptions>) {
    super(params, options, SPEC);
  }

  protected initState(param: Tensor): LionState {
    return { expAvg: new Float64Array(param.size) };
  }

  protected update(
    param: FloatArray,
    grad: FloatArray,
    state: LionState,
    options: LionOptions,
  ): void {
    lionUpdate(param, grad, state, options);
  }
}
