import { type Tensor, tensor } from '@convkit/tensor';

/**
 * Test helper: builds an optimiser over one float64 parameter `theta`, applies one step per
 * entry of `grads` (each the parameter's gradient at that step) and returns the parameter.
 */
export function runSteps(
  make: (params: Tensor[]) => { step(): unknown },
  theta: number[],
  grads: number[][],
): Tensor {
  const w = tensor(theta, { dtype: 'float64', requiresGrad: true });
  const opt = make([w]);
  for (const g of grads) {
    w.grad = tensor(g, { dtype: 'float64' });
    opt.step();
  }
  return w.detach();
}

/** `n` copies of the gradient `g`. */
export function repeat(g: number[], n: number): number[][] {
  return Array.from({ length: n }, () => g);
}
