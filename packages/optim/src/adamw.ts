import type { Tensor } from '@convkit/tensor';
import { ADAM_CHECKS, type AdamOptions, type AdamState, adamInitState, adamUpdate } from './adam';
import type { FloatArray, OptimizerSpec, ParamsInput } from './optimizer';
import { Optimizer } from './optimizer';

const SPEC: OptimizerSpec<AdamOptions> = {
  name: 'AdamW',
  defaults: {
    lr: 1e-3,
    betas: [0.9, 0.999],
    eps: 1e-8,
    weightDecay: 1e-2,
    amsgrad: false,
    maximize: false,
  },
  checks: ADAM_CHECKS,
};

/**
 * One AdamW step in place (PyTorch's `torch.optim.AdamW`): decay the weights, then take an
 * Adam step without the L2 term:
 *
 *     θ ← θ·(1 − γλ)
 *     θ ← adam(θ, g) with λ = 0
 * @example
 * adamwUpdate(w.data, w.grad.data, adamInitState(w.size, false), options, 1);
 */
export function adamwUpdate(
  param: FloatArray,
  grad: FloatArray,
  state: AdamState,
  options: AdamOptions,
  step: number,
): void {
  const decay = 1 - options.lr * options.weightDecay;
  if (decay !== 1) for (let i = 0; i < param.length; i++) param[i] = param[i] * decay;
  adamUpdate(param, grad, state, { ...options, weightDecay: 0 }, step);
}

/**
 * AdamW (Loshchilov & Hutter, 2019): Adam with weight decay decoupled from the gradient,
 * so every weight shrinks by the same factor 1 − γλ per step whatever its gradient
 * history. Default `weightDecay` 1e-2, as in PyTorch.
 * @example
 * const opt = new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.05 });
 */
export class AdamW extends Optimizer<AdamOptions, AdamState> {
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
    adamwUpdate(param, grad, state, options, step);
  }
}
