import { conv2d } from '@convkit/layers';
import { Tensor } from '@convkit/tensor';

/** The output unit: ReLU(z) or z itself. */
export type OutputActivation = 'relu' | 'linear';

/** A 3×3 input, a 2×2 filter and a 2×2 target, all row-major. */
export interface FilterProblem {
  input: number[];
  filter: number[];
  target: number[];
  activation: OutputActivation;
}

/** Everything one training step shows, from convkit's autograd and from the hand formula. */
export interface FilterStep {
  /** z = input ⋆ filter (valid cross-correlation, 2×2). */
  preActivation: number[];
  /** y = ReLU(z) or z. */
  output: number[];
  /** 1 where the unit passes gradient (z > 0 for ReLU; always for linear). */
  mask: number[];
  /** e = y − target. */
  error: number[];
  /** δ = e ⊙ mask = ∂L/∂z. */
  delta: number[];
  /** L = ½ Σ e². */
  loss: number;
  /** ∂L/∂filter from `loss.backward()`. */
  gradAutograd: number[];
  /** ∂L/∂filter[a][b] = Σᵢⱼ input[i+a][j+b] · δ[i][j], by hand. */
  gradHand: number[];
}

/** The worked example the page opens with: converges in a few dozen steps at lr 0.05. */
export const PRESET_EXAMPLE: FilterProblem = {
  input: [3, 1, 1, 0, 0, 3, 3, 1, 0],
  filter: [0.1, -0.25, 0.5, 0.25],
  target: [5, 6, 7, 8],
  activation: 'relu',
};

/** Same input and target, a filter whose every output is negative: ReLU passes no gradient. */
export const PRESET_DEAD: FilterProblem = {
  ...PRESET_EXAMPLE,
  filter: [-0.5, -0.5, -0.5, -0.5],
};

function check(values: number[], length: number, name: string): void {
  if (values.length !== length || values.some((v) => !Number.isFinite(v))) {
    throw new RangeError(
      `computeFilterStep: ${name} must be ${length} finite numbers, got [${values.join(', ')}]`,
    );
  }
}

/**
 * The hand formula for the filter gradient: the valid cross-correlation of the 3×3 input
 * with the 2×2 δ, so each filter weight collects input × δ over the positions it touched.
 */
export function handFilterGradient(input: number[], delta: number[]): number[] {
  const grad = [0, 0, 0, 0];
  for (let a = 0; a < 2; a++) {
    for (let b = 0; b < 2; b++) {
      let sum = 0;
      for (let i = 0; i < 2; i++)
        for (let j = 0; j < 2; j++) sum += input[(i + a) * 3 + (j + b)] * delta[i * 2 + j];
      grad[a * 2 + b] = sum;
    }
  }
  return grad;
}

/**
 * One forward and backward pass of y = act(input ⋆ filter), L = ½ Σ (y − target)², in
 * float64 so the autograd and hand columns agree to rounding.
 */
export function computeFilterStep(problem: FilterProblem): FilterStep {
  check(problem.input, 9, 'input');
  check(problem.filter, 4, 'filter');
  check(problem.target, 4, 'target');
  const x = new Tensor(Float64Array.from(problem.input), [1, 1, 3, 3]);
  const w = new Tensor(Float64Array.from(problem.filter), [1, 1, 2, 2]).requiresGrad_();
  const t = new Tensor(Float64Array.from(problem.target), [1, 1, 2, 2]);
  const z = conv2d(x, w);
  const y = problem.activation === 'relu' ? z.relu() : z;
  const loss = y.sub(t).square().sum().mul(0.5);
  loss.backward();
  const preActivation = Array.from(z.data);
  const output = Array.from(y.data);
  const mask = preActivation.map((v) => (problem.activation === 'linear' || v > 0 ? 1 : 0));
  const error = output.map((v, i) => v - problem.target[i]);
  const delta = error.map((e, i) => e * mask[i]);
  return {
    preActivation,
    output,
    mask,
    error,
    delta,
    loss: loss.item(),
    gradAutograd: Array.from(w.grad?.data ?? [Number.NaN, Number.NaN, Number.NaN, Number.NaN]),
    gradHand: handFilterGradient(problem.input, delta),
  };
}

/** filter − lr · gradient. */
export function updateFilter(filter: number[], gradient: number[], lr: number): number[] {
  return filter.map((f, i) => f - lr * gradient[i]);
}

/** Largest |a − b| over two equal-length lists. */
export function maxAbsDifference(a: number[], b: number[]): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}
