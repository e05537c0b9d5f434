import { expectClose } from '@convkit/testing';
import { describe, expect, it } from 'vitest';
import { repeat, runSteps } from './internal/run-steps';
import { RAdam, type RAdamOptions, radamRectification } from './radam';

const tight = { atol: 1e-15, rtol: 1e-13 };
const run = (options: Partial<RAdamOptions>, theta: number[], grads: number[][]) =>
  runSteps((p) => new RAdam(p, options), theta, grads);

describe('RAdam', () => {
  it('ρₜ ≤ 5 for the first five steps with β2 = 0.999: plain momentum steps θₜ = θ₀ − tγg', () => {
    for (let t = 1; t <= 5; t++) expect(radamRectification(0.999, t)).toBeNull();
    expectClose(run({ lr: 0.01 }, [1], repeat([0.3], 5)), [1 - 5 * 0.01 * 0.3], tight);
  });

  it('step 6 is rectified: rₜ from the SMA length, adaptive lr √(1 − β2ᵗ)/(√v + ε)', () => {
    const rhoInf = 2 / (1 - 0.999) - 1;
    const rho6 = rhoInf - (2 * 6 * 0.999 ** 6) / (1 - 0.999 ** 6);
    const r6 = Math.sqrt(((rho6 - 4) * (rho6 - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho6));
    expect(radamRectification(0.999, 6)).toBeCloseTo(r6, 15);
    const g = 0.3;
    // Constant g: m̂ = g and √v = √(1 − β2⁶)·|g|, so step 6 moves γ·g·r₆·√(1 − β2⁶)/(√(1 − β2⁶)|g| + ε).
    const bc = Math.sqrt(1 - 0.999 ** 6);
    const expected = 1 - 5 * 0.01 * g - 0.01 * g * r6 * (bc / (bc * g + 1e-8));
    expectClose(run({ lr: 0.01 }, [1], repeat([g], 6)), [expected], tight);
  });

  it('rₜ → 1 as t grows', () => {
    expect(radamRectification(0.999, 1e6)).toBeCloseTo(1, 6);
  });

  it('decoupledWeightDecay shrinks θ by (1 − γλ) first', () => {
    expectClose(
      run({ lr: 0.1, weightDecay: 0.5, decoupledWeightDecay: true }, [2], [[1]]),
      [2 * 0.95 - 0.1],
      tight,
    );
    expectClose(run({ lr: 0.1, weightDecay: 0.5 }, [2], [[1]]), [2 - 0.1 * 2], tight);
  });
});
