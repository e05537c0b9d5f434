import { avgPool2d, maxPool2d } from '@convkit/layers';
import { Tensor } from '@convkit/tensor';

/** Side of the pooled input; pooling is 2×2 with stride 2, so the output is 2×2. */
export const POOL_INPUT_SIZE = 4;

export interface PoolGradients {
  maxOut: number[];
  avgOut: number[];
  /** ∂L/∂input for max pooling, from autograd, with L = Σ upstream ⊙ out. */
  maxGradAutograd: number[];
  maxGradHand: number[];
  avgGradAutograd: number[];
  avgGradHand: number[];
  /** Input index (row-major) that wins each window: the first maximum in row-major order. */
  argmax: number[];
  /** Windows whose maximum appears more than once. */
  tiedWindows: number[];
}

/** Input indices of window w (row-major over the 2×2 output), in row-major order. */
export function windowIndices(w: number): number[] {
  const r = Math.floor(w / 2) * 2;
  const c = (w % 2) * 2;
  return [r * 4 + c, r * 4 + c + 1, (r + 1) * 4 + c, (r + 1) * 4 + c + 1];
}

/**
 * Max and average 2×2/stride-2 pooling of a 4×4 input, with the gradient of
 * L = Σ upstream ⊙ pool(input) by convkit's autograd and by hand: max pooling routes each
 * upstream value to its window's first maximum (row-major, strict >, as PyTorch), average
 * pooling spreads it as upstream/4 over the window.
 */
export function computePoolGradients(input: number[], upstream: number[]): PoolGradients {
  if (
    input.length !== 16 ||
    upstream.length !== 4 ||
    [...input, ...upstream].some((v) => !Number.isFinite(v))
  ) {
    throw new RangeError(
      `computePoolGradients: expected 16 finite inputs and 4 finite upstream gradients, got ${input.length} and ${upstream.length}`,
    );
  }
  const g = new Tensor(Float64Array.from(upstream), [1, 1, 2, 2]);
  const run = (pool: (x: Tensor) => Tensor) => {
    const x = new Tensor(Float64Array.from(input), [1, 1, 4, 4]).requiresGrad_();
    const out = pool(x);
    out.mul(g).sum().backward();
    return { out: Array.from(out.data), grad: Array.from(x.grad?.data ?? new Float64Array(16)) };
  };
  const max = run((x) => maxPool2d(x, { kernelSize: 2, stride: 2 }));
  const avg = run((x) => avgPool2d(x, { kernelSize: 2, stride: 2 }));
  const argmax: number[] = [];
  const tiedWindows: number[] = [];
  const maxGradHand = new Array<number>(16).fill(0);
  const avgGradHand = new Array<number>(16).fill(0);
  for (let w = 0; w < 4; w++) {
    const cells = windowIndices(w);
    let best = cells[0];
    for (const i of cells) if (input[i] > input[best]) best = i;
    argmax.push(best);
    if (cells.filter((i) => input[i] === input[best]).length > 1) tiedWindows.push(w);
    maxGradHand[best] += upstream[w];
    for (const i of cells) avgGradHand[i] += upstream[w] / 4;
  }
  return {
    maxOut: max.out,
    avgOut: avg.out,
    maxGradAutograd: max.grad,
    maxGradHand,
    avgGradAutograd: avg.grad,
    avgGradHand,
    argmax,
    tiedWindows,
  };
}
