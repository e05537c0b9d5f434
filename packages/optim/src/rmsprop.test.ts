import { expectClose } from '@convkit/testing';
import { describe, expect, it } from 'vitest';
import { repeat, runSteps } from './internal/run-steps';
import { RMSprop, type RMSpropOptions, rmspropUpdate } from './rmsprop';

const tight = { atol: 1e-15, rtol: 1e-13 };
const run = (options: Partial<RMSpropOptions>, theta: number[], grads: number[][]) =>
  runSteps((p) => new RMSprop(p, options), theta, grads);

describe('RMSprop', () => {
  it('with a constant gradient vₜ = (1 − αᵗ)g², so θ moves γg/(|g|√(1 − αᵗ) + ε) per step', () => {
    const g = -0.4;
    let theta = 1;
    for (let t = 1; t <= 4; t++)
      theta -= (0.01 * g) / (Math.abs(g) * Math.sqrt(1 - 0.99 ** t) + 1e-8);
    expectClose(run({ lr: 0.01 }, [1], repeat([g], 4)), [theta], tight);
  });

  it('centered subtracts the squared mean gradient: the first step is γg/(√(α(1 − α))|g| + ε)', () => {
    const g = 2;
    const alpha = 0.9;
    const denom = Math.sqrt((1 - alpha) * g * g - ((1 - alpha) * g) ** 2) + 1e-8;
    expectClose(run({ lr: 0.1, alpha, centered: true }, [0], [[g]]), [-(0.1 * g) / denom], tight);
  });

  it('momentum accumulates the normalised gradient: b₂ = μ·b₁ + g/(√v₂ + ε)', () => {
    const g = 1;
    const n1 = g / (Math.sqrt(0.01) + 1e-8);
    const n2 = g / (Math.sqrt(0.99 * 0.01 + 0.01) + 1e-8);
    const b2 = 0.5 * n1 + n2;
    expectClose(
      run({ lr: 0.1, momentum: 0.5 }, [0], repeat([g], 2)),
      [-0.1 * n1 - 0.1 * b2],
      tight,
    );
  });

  it('weightDecay adds λθ; maximize negates the gradient first', () => {
    // g' = −1 + 0.5·2 = 0: the step is zero
    expectClose(run({ lr: 0.1, weightDecay: 0.5, maximize: true }, [2], [[1]]), [2], tight);
  });

  it('rmspropUpdate creates momentum and centring buffers when switched on later', () => {
    const state = { squareAvg: new Float64Array(1), momentumBuffer: null, gradAvg: null };
    const options: RMSpropOptions = {
      lr: 0.1,
      alpha: 0.99,
      eps: 1e-8,
      weightDecay: 0,
      momentum: 0.9,
      centered: true,
      maximize: false,
    };
    rmspropUpdate(new Float64Array([0]), new Float64Array([1]), state, options);
    expect(state.momentumBuffer).not.toBeNull();
    expect(state.gradAvg).not.toBeNull();
  });
});
