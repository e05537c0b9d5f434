import type { Tensor } from '@convkit/tensor';
import { boolean, nonNegative, positive } from './internal/checks';
import { type FloatArray, Optimizer, type OptimizerSpec, type ParamsInput } from './optimizer';

/** Options of {@link Adagrad}. */
export interface AdagradOptions {
  /** Learning rate γ (default 1e-2). */
  lr: number;
  /** Learning-rate decay η: step t uses γ/(1 + (t − 1)η) (default 0). */
  lrDecay: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** Starting value of the sum of squared gradients (default 0; TensorFlow uses 0.1). */
  initialAccumulatorValue: number;
  /** ε added to the denominator (default 1e-10). */
  eps: number;
  /** Ascend the objective instead of descending it (default false). */
  maximize: boolean;
}

/** Per-parameter state of {@link Adagrad}: the running sum of squared gradients. */
export type AdagradState = { sum: Float64Array };

const SPEC: OptimizerSpec<AdagradOptions> = {
  name: 'Adagrad',
  defaults: {
    lr: 1e-2,
    lrDecay: 0,
    weightDecay: 0,
    initialAccumulatorValue: 0,
    eps: 1e-10,
    maximize: false,
  },
  checks: {
    lr: nonNegative,
    lrDecay: nonNegative,
    weightDecay: nonNegative,
    initialAccumulatorValue: nonNegative,
    eps: positive,
    maximize: boolean,
  },
};

/**
 * One Adagrad step in place (PyTorch's `torch.optim.Adagrad`); `step` is t from 1:
 *
 *     γ̃ ← γ/(1 + (t − 1)η)
 *     g ← ±∇ + λθ
 *     s ← s + g²
 *     θ ← θ − γ̃·g/(√s + ε)
 * @example
 * adagradUpdate(w.data, w.grad.data, { sum: new Float64Array(w.size) }, options, 1);
 */
export function adagradUpdate(
  param: FloatArray,
  grad: FloatArray,
  state: AdagradState,
  options: AdagradOptions,
  step: number,
): void {
  const { lr, lrDecay, weightDecay, eps, maximize } = options;
  const clr = lr / (1 + (step - 1) * lrDecay);
  const { sum } = state;
  for (let i = 0; i < param.length; i++) {
    let g = maximize ? -grad[i] : grad[i];
    if (weightDecay !== 0) g += weightDecay * param[i];
    const s = sum[i] + g * g;
    sum[i] = s;
    param[i] = param[i] + (-clr * g) / (Math.sqrt(s) + eps);
  }
}

/**
 * Adagrad (Duchi et al., 2011): per-coordinate steps shrink with the accumulated squared
 * gradient, suiting sparse features. PyTorch semantics: ε outside the square root and an
 * initial accumulator of 0 by default.
 * @example
 * const opt = new Adagrad(model.parameters(), { lr: 0.1 });
 */
export class Adagrad extends Optimizer<AdagradOptions, AdagradState> {
  constructor(params: ParamsInput<AdagradOptions>, options?: Partial<AdagradOptions>) {
    super(params, options, SPEC);
  }

  protected initState(param: Tensor, options: AdagradOptions): AdagradState {
    return { sum: new Float64Array(param.size).fill(options.initialAccumulatorValue) };
  }

  protected update(
    param: FloatArray,
    grad: FloatArray,
    state: AdagradState,
    options: AdagradOptions,
    step: number,
  ): void {
    adagradUpdate(param, grad, state, options, step);
  }
}
