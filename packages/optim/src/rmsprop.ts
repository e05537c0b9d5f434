import type { Tensor } from '@convkit/tensor';
import { boolean, nonNegative, positive } from './internal/checks';
import { lerp } from './internal/float';
import { type FloatArray, Optimizer, type OptimizerSpec, type ParamsInput } from './optimizer';

/** Options of {@link RMSprop}. */
export interface RMSpropOptions {
  /** Learning rate γ (default 1e-2). */
  lr: number;
  /** Smoothing constant α of the squared-gradient average (default 0.99). */
  alpha: number;
  /** ε added to the denominator (default 1e-8). */
  eps: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** Momentum factor μ (default 0). */
  momentum: number;
  /** Normalise by an estimate of the gradient's variance instead of its second moment (default false). */
  centered: boolean;
  /** Ascend the objective instead of descending it (default false). */
  maximize: boolean;
}

/** Per-parameter state of {@link RMSprop}: v, and the momentum buffer and mean gradient when used. */
export type RMSpropState = {
  squareAvg: Float64Array;
  momentumBuffer: Float64Array | null;
  gradAvg: Float64Array | null;
};

const SPEC: OptimizerSpec<RMSpropOptions> = {
  name: 'RMSprop',
  defaults: {
    lr: 1e-2,
    alpha: 0.99,
    eps: 1e-8,
    weightDecay: 0,
    momentum: 0,
    centered: false,
    maximize: false,
  },
  checks: {
    lr: nonNegative,
    alpha: nonNegative,
    eps: positive,
    weightDecay: nonNegative,
    momentum: nonNegative,
    centered: boolean,
    maximize: boolean,
  },
};

/**
 * One RMSprop step in place (PyTorch's `torch.optim.RMSprop`):
 *
 *     g ← ±∇ + λθ
 *     v ← αv + (1 − α)g²
 *     ṽ ← v − ḡ², with ḡ ← αḡ + (1 − α)g   (centered; else ṽ ← v)
 *     b ← μb + g/(√ṽ + ε), θ ← θ − γb      (momentum > 0)
 *     θ ← θ − γ·g/(√ṽ + ε)                 (otherwise)
 * @example
 * rmspropUpdate(w.data, w.grad.data, state, { ...defaults, lr: 0.01 });
 */
export function rmspropUpdate(
  param: FloatArray,
  grad: FloatArray,
  state: RMSpropState,
  options: RMSpropOptions,
): void {
  const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = options;
  const n = param.length;
  if (centered && state.gradAvg === null) state.gradAvg = new Float64Array(n);
  if (momentum > 0 && state.momentumBuffer === null) state.momentumBuffer = new Float64Array(n);
  const { squareAvg, gradAvg, momentumBuffer } = state;
  for (let i = 0; i < n; i++) {
    let g = maximize ? -grad[i] : grad[i];
    if (weightDecay !== 0) g += weightDecay * param[i];
    const v = squareAvg[i] * alpha + (1 - alpha) * g * g;
    squareAvg[i] = v;
    let avg: number;
    if (centered) {
      const ga = lerp((gradAvg as Float64Array)[i], g, 1 - alpha);
      (gradAvg as Float64Array)[i] = ga;
      avg = Math.sqrt(v - ga * ga) + eps;
    } else {
      avg = Math.sqrt(v) + eps;
    }
    if (momentum > 0) {
      const b = (momentumBuffer as Float64Array)[i] * momentum + g / avg;
      (momentumBuffer as Float64Array)[i] = b;
      param[i] = param[i] - lr * b;
    } else {
      param[i] = param[i] + (-lr * g) / avg;
    }
  }
}

/**
 * RMSprop (Hinton's lecture 6e) with PyTorch's semantics: ε outside the square root, and
 * momentum applied to the normalised gradient with the lr outside the buffer.
 * @example
 * const opt = new RMSprop(model.parameters(), { lr: 1e-3, momentum: 0.9, centered: true });
 */
export class RMSprop extends Optimizer<RMSpropOptions, RMSpropState> {
  constructor(params: ParamsInput<RMSpropOptions>, options?: Partial<RMSpropOptions>) {
    super(params, options, SPEC);
  }

  protected initState(param: Tensor, options: RMSpropOptions): RMSpropState {
    const n = param.size;
    return {
      squareAvg: new Float64Array(n),
      momentumBuffer: options.momentum > 0 ? new Float64Array(n) : null,
      gradAvg: options.centered ? new Float64Array(n) : null,
    };
  }

  protected update(
    param: FloatArray,
    grad: FloatArray,
    state: RMSpropState,
    options: RMSpropOptions,
  ): void {
    rmspropUpdate(param, grad, state, options);
  }
}
