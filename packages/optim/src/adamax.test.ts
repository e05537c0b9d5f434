import { expectClose } from '@convkit/testing';
import { describe, expect, it } from 'vitest';
import { Adamax, type AdamaxOptions, adamaxUpdate } from './adamax';
import { repeat, runSteps } from './internal/run-steps';

const tight = { atol: 1e-15, rtol: 1e-13 };
const run = (options: Partial<AdamaxOptions>, theta: number[], grads: number[][]) =>
  runSteps((p) => new Adamax(p, options), theta, grads);

describe('Adamax', () => {
  it('with a constant gradient u stays |g| + ε and m̂ = g: θₜ = θ₀ − tγ·g/(|g| + ε)', () => {
    const g = [0.5, -2];
    expectClose(
      run({ lr: 0.01 }, [0, 0], repeat(g, 4)),
      g.map((gi) => (-4 * 0.01 * gi) / (Math.abs(gi) + 1e-8)),
      tight,
    );
  });

  it('u ← max(β2·u, |g| + ε): a small gradient after a large one divides by the decayed norm', () => {
    const m2 = 0.9 * 0.1 * 10 + 0.1 * 1;
    const u2 = 0.999 * (10 + 1e-8);
    const theta1 = -(0.1 * 1) * (10 / (10 + 1e-8));
    expectClose(
      run({ lr: 0.1 }, [0], [[10], [1]]),
      [theta1 - (0.1 / (1 - 0.81)) * (m2 / u2)],
      tight,
    );
  });

  it('adamaxUpdate adds weight decay to the gradient', () => {
    const state = { expAvg: new Float64Array(1), expInf: new Float64Array(1) };
    const param = new Float64Array([1]);
    adamaxUpdate(
      param,
      new Float64Array([0]),
      state,
      { lr: 0.1, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 2, maximize: false },
      1,
    );
    expect(state.expInf[0]).toBe(2 + 1e-8);
    expect(param[0]).toBeCloseTo(1 - (0.1 * 2) / (2 + 1e-8), 14);
  });
});
