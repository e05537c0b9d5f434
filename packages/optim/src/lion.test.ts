import { expectClose } from '@convkit/testing';
import { describe, expect, it } from 'vitest';
import { repeat, runSteps } from './internal/run-steps';
import { Lion, lionUpdate } from './lion';

describe('Lion', () => {
  it('moves every coordinate by exactly γ per step, against the sign of a consistent gradient', () => {
    const got = runSteps((p) => new Lion(p, { lr: 0.125 }), [1, 1, 1], repeat([3, -1e-6, 0], 3));
    expect(Array.from(got.data)).toEqual([1 - 3 * 0.125, 1 + 3 * 0.125, 1]);
  });

  it('the update direction interpolates momentum and gradient with β1', () => {
    // m₁ = 0.01·4 = 0.04 (β2 = 0.99); step 2: c = 0.9·0.04 + 0.1·(−1) = −0.064 → θ += γ
    const got = runSteps((p) => new Lion(p, { lr: 0.5 }), [0], [[4], [-1]]);
    expect(Array.from(got.data)).toEqual([0]);
  });

  it('decays weights by (1 − γλ) before the signed step', () => {
    const got = runSteps((p) => new Lion(p, { lr: 0.1, weightDecay: 0.5 }), [2], repeat([1], 2));
    expectClose(got, [(2 * 0.95 - 0.1) * 0.95 - 0.1], { atol: 1e-15, rtol: 1e-14 });
  });

  it('lionUpdate updates the momentum with β2 after the step', () => {
    const state = { expAvg: new Float64Array([1]) };
    const param = new Float64Array([0]);
    lionUpdate(param, new Float64Array([-1]), state, {
      lr: 1,
      betas: [0.9, 0.5],
      weightDecay: 0,
      maximize: false,
    });
    expect(param[0]).toBe(-1);
    expect(state.expAvg[0]).toBe(0);
  });
});
