import { expectClose } from '@convkit/testing';
import { describe, expect, it } from 'vitest';
import { runSteps } from './internal/run-steps';
import { NAdam, type NAdamOptions, nadamUpdate } from './nadam';

const tight = { atol: 1e-15, rtol: 1e-13 };
const run = (options: Partial<NAdamOptions>, theta: number[], grads: number[][]) =>
  runSteps((p) => new NAdam(p, options), theta, grads);
const mu = (t: number, psi = 0.004) => 0.9 * (1 - 0.5 * 0.96 ** (t * psi));

describe('NAdam', () => {
  it('first step: θ₁ = θ₀ − γ·g/d·(1 + 0.1·μ₂/(1 − μ₁μ₂)), d = |g| + ε', () => {
    const g = 0.7;
    const d = Math.sqrt((0.001 * g * g) / 0.001) + 1e-8;
    const expected = 1 - 0.002 * (g / d) * (1 + (0.1 * mu(2)) / (1 - mu(1) * mu(2)));
    expectClose(run({}, [1], [[g]]), [expected], tight);
  });

  it('momentumDecay ψ shapes μₜ; ψ = 0 gives μ = β1/2', () => {
    const state = { expAvg: new Float64Array(1), expAvgSq: new Float64Array(1), muProduct: 1 };
    const options: NAdamOptions = {
      lr: 0.002,
      betas: [0.9, 0.999],
      eps: 1e-8,
      weightDecay: 0,
      momentumDecay: 0,
      decoupledWeightDecay: false,
      maximize: false,
    };
    nadamUpdate(new Float64Array(1), new Float64Array([1]), state, options, 1);
    expect(state.muProduct).toBe(0.45);
    nadamUpdate(
      new Float64Array(1),
      new Float64Array([1]),
      state,
      { ...options, momentumDecay: 0.004 },
      2,
    );
    expect(state.muProduct).toBeCloseTo(0.45 * mu(2), 15);
  });

  it('decoupledWeightDecay shrinks θ by (1 − γλ) instead of adding λθ to g', () => {
    const g = 1;
    const d = 1 + 1e-8;
    const step = 0.1 * (g / d) * (1 + (0.1 * mu(2)) / (1 - mu(1) * mu(2)));
    expectClose(
      run({ lr: 0.1, weightDecay: 0.5, decoupledWeightDecay: true }, [2], [[g]]),
      [2 * (1 - 0.05) - step],
      tight,
    );
    const coupled = run({ lr: 0.1, weightDecay: 0.5 }, [2], [[g]]);
    expect(coupled.data[0]).toBeCloseTo(
      2 - 0.1 * (2 / (2 + 1e-8)) * (1 + (0.1 * mu(2)) / (1 - mu(1) * mu(2))),
      13,
    );
  });
});
