import type { Tensor } from '@convkit/tensor';
import { boolean, nonNegative } from './internal/checks';
import { type FloatArray, Optimizer, type OptimizerSpec, type ParamsInput } from './optimizer';

/** Options of {@link SGD}. */
export interface SGDOptions {
  /** Learning rate γ (default 1e-3). */
  lr: number;
  /** Momentum factor μ (default 0: plain SGD). */
  momentum: number;
  /** Dampening τ of the gradient added to the momentum buffer (default 0). */
  dampening: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** Nesterov momentum (default false; needs momentum > 0 and dampening 0). */
  nesterov: boolean;
  /** Ascend the objective instead of descending it (default false). */
  maximize: boolean;
}

/** Per-parameter state of {@link SGD}: the momentum buffer b, created at the first momentum step. */
export type SGDState = {
  momentumBuffer: Float64Array | null;
};

const SPEC: OptimizerSpec<SGDOptions> = {
  name: 'SGD',
  defaults: {
    lr: 1e-3,
    momentum: 0,
    dampening: 0,
    weightDecay: 0,
    nesterov: false,
    maximize: false,
  },
  checks: {
    lr: nonNegative,
    momentum: nonNegative,
    dampening: nonNegative,
    weightDecay: nonNegative,
    nesterov: boolean,
    maximize: boolean,
  },
  crossCheck: (o) => {
    if (!o.nesterov) return null;
    if (o.momentum <= 0) return { key: 'momentum', expected: '> 0 when nesterov is true' };
    if (o.dampening !== 0) return { key: 'dampening', expected: '0 when nesterov is true' };
    return null;
  },
};

/**
 * One SGD step on a parameter's storage, in place (PyTorch's `torch.optim.SGD`):
 *
 *     g ← ±∇ (− when maximizing) + λθ
 *     b ← g on the first momentum step, else μb + (1 − τ)g
 *     g ← g + μb (nesterov) or b (momentum > 0)
 *     θ ← θ − γg
 *
 * Computes in float64; `param` may be float32 (rounded on store).
 * @example
 * sgdUpdate(w.data, w.grad.data, { momentumBuffer: null }, { ...defaults, lr: 0.1 });
 */
export function sgdUpdate(
  param: FloatArray,
  grad: FloatArray,
  state: SGDState,
  options: SGDOptions,
): void {
  const { lr, momentum, dampening, weightDecay, nesterov, maximize } = options;
  const n = param.length;
  let buf = state.momentumBuffer;
  const fresh = momentum !== 0 && buf === null;
  if (fresh) buf = state.momentumBuffer = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let g = maximize ? -grad[i] : grad[i];
    if (weightDecay !== 0) g += weightDecay * param[i];
    if (momentum !== 0) {
      const b = fresh ? g : momentum * (buf as Float64Array)[i] + (1 - dampening) * g;
      (buf as Float64Array)[i] = b;
      g = nesterov ? g + momentum * b : b;
    }
    param[i] = param[i] - lr * g;
  }
}

/**
 * Stochastic gradient descent, optionally with (Nesterov) momentum, as PyTorch defines it:
 * the momentum buffer accumulates raw gradients (b ← μb + (1 − τ)g, θ ← θ − γb), so the lr
 * scales the whole buffer, unlike Sutskever et al.'s v ← μv + γg.
 * @example
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9, nesterov: true });
 * opt.zeroGrad(); loss.backward(); opt.step();
 */
export class SGD extends Optimizer<SGDOptions, SGDState> {
  constructor(params: ParamsInput<SGDOptions>, options?: Partial<SGDOptions>) {
    super(params, options, SPEC);
  }

  protected initState(_param: Tensor, _options: SGDOptions): SGDState {
    return { momentumBuffer: null };
  }

  protected update(
    param: FloatArray,
    grad: FloatArray,
    state: SGDState,
    options: SGDOptions,
  ): void {
    sgdUpdate(param, grad, state, options);
  }
}
