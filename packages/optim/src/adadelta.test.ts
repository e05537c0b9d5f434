import { expectClose } from '@convkit/testing';
import { describe, expect, it } from 'vitest';
import { Adadelta, type AdadeltaOptions, adadeltaUpdate } from './adadelta';
import { runSteps } from './internal/run-steps';

const tight = { atol: 1e-15, rtol: 1e-13 };
const run = (options: Partial<AdadeltaOptions>, theta: number[], grads: number[][]) =>
  runSteps((p) => new Adadelta(p, options), theta, grads);

describe('Adadelta', () => {
  it('first step: Δ = √ε/√((1 − ρ)g² + ε)·g, using the updated v', () => {
    const g = 2;
    const delta = (Math.sqrt(1e-6) / Math.sqrt(0.1 * g * g + 1e-6)) * g;
    expectClose(run({}, [1], [[g]]), [1 - delta], tight);
  });

  it('second step uses u = (1 − ρ)Δ₁²', () => {
    const [g1, g2] = [2, -1];
    const rho = 0.5;
    const eps = 1e-3;
    const v1 = (1 - rho) * g1 * g1;
    const d1 = (Math.sqrt(eps) / Math.sqrt(v1 + eps)) * g1;
    const u1 = (1 - rho) * d1 * d1;
    const v2 = rho * v1 + (1 - rho) * g2 * g2;
    const d2 = (Math.sqrt(u1 + eps) / Math.sqrt(v2 + eps)) * g2;
    expectClose(run({ lr: 0.5, rho, eps }, [0], [[g1], [g2]]), [-0.5 * d1 - 0.5 * d2], tight);
  });

  it('weightDecay adds λθ; maximize negates the gradient', () => {
    const a = run({ weightDecay: 1 }, [2], [[-2]]);
    expect(Array.from(a.data)).toEqual([2]);
    const b = run({ maximize: true }, [0], [[1]]);
    expect(b.data[0]).toBeGreaterThan(0);
  });

  it('adadeltaUpdate updates both averages in place', () => {
    const state = { squareAvg: new Float64Array(1), accDelta: new Float64Array(1) };
    adadeltaUpdate(new Float64Array(1), new Float64Array([1]), state, {
      lr: 1,
      rho: 0,
      eps: 1,
      weightDecay: 0,
      maximize: false,
    });
    // v = 1, Δ = √1/√2, u = Δ² = 0.5
    expect(state.squareAvg[0]).toBe(1);
    expect(state.accDelta[0]).toBeCloseTo(0.5, 15);
  });
});
