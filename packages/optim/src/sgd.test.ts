import { tensor } from '@convkit/tensor';
import { expectClose } from '@convkit/testing';
import { describe, expect, it } from 'vitest';
import { SGD, type SGDOptions, sgdUpdate } from './sgd';

const DEFAULTS: SGDOptions = {
  lr: 0.1,
  momentum: 0,
  dampening: 0,
  weightDecay: 0,
  nesterov: false,
  maximize: false,
};

/** Runs `steps` SGD steps with the same gradient each time; returns the parameter values. */
function run(options: Partial<SGDOptions>, theta: number[], grads: number[][]): number[] {
  const w = tensor(theta, { dtype: 'float64', requiresGrad: true });
  const opt = new SGD([w], options);
  for (const g of grads) {
    w.grad = tensor(g, { dtype: 'float64' });
    opt.step();
  }
  return Array.from(w.data);
}

const exact = { atol: 0, rtol: 1e-14 };

describe('SGD', () => {
  it('plain: θ ← θ − γg', () => {
    expectClose(tensor(run({ lr: 0.5 }, [1, -2], [[2, 4]]), { dtype: 'float64' }), [0, -4], exact);
  });

  it('momentum with a constant gradient: θₜ = θ₀ − γg·Σₖ (1 − μᵏ)/(1 − μ)', () => {
    const g = 0.8;
    const mu = 0.9;
    const got = run({ lr: 0.1, momentum: mu }, [1], [[g], [g], [g], [g]]);
    let sum = 0;
    for (let k = 1; k <= 4; k++) sum += (1 - mu ** k) / (1 - mu);
    expectClose(tensor(got, { dtype: 'float64' }), [1 - 0.1 * g * sum], exact);
  });

  it('dampening scales all but the first gradient: b₂ = μg₁ + (1 − τ)g₂', () => {
    const got = run({ lr: 1, momentum: 0.5, dampening: 0.25 }, [0], [[2], [4]]);
    // b1 = 2 (θ = -2), b2 = 0.5·2 + 0.75·4 = 4 (θ = -6)
    expect(got).toEqual([-6]);
  });

  it('nesterov: θ ← θ − γ(g + μb)', () => {
    const got = run({ lr: 1, momentum: 0.5, nesterov: true }, [0], [[2], [4]]);
    // step 1: b = 2, update 2 + 1 = 3; step 2: b = 1 + 4 = 5, update 4 + 2.5 = 6.5
    expect(got).toEqual([-9.5]);
  });

  it('weight decay adds λθ to the gradient', () => {
    expect(run({ lr: 0.5, weightDecay: 0.5 }, [2], [[1]])).toEqual([2 - 0.5 * (1 + 1)]);
  });

  it('maximize ascends: the gradient is negated before weight decay', () => {
    expect(run({ lr: 0.5, maximize: true }, [1], [[2]])).toEqual([2]);
    // g = −2 + 0.5·1 = −1.5 → θ = 1 + 0.75
    expect(run({ lr: 0.5, maximize: true, weightDecay: 0.5 }, [1], [[2]])).toEqual([1.75]);
  });

  it('sgdUpdate creates the momentum buffer from the first gradient', () => {
    const param = new Float64Array([1, 1]);
    const state = { momentumBuffer: null as Float64Array | null };
    sgdUpdate(param, new Float64Array([1, -1]), state, { ...DEFAULTS, momentum: 0.9 });
    expect(Array.from(state.momentumBuffer ?? [])).toEqual([1, -1]);
    expect(Array.from(param)).toEqual([0.9, 1.1]);
    sgdUpdate(param, new Float64Array([1, -1]), state, { ...DEFAULTS, momentum: 0.9 });
    expect(Array.from(state.momentumBuffer ?? [])).toEqual([1.9, -1.9]);
  });

  it('sgdUpdate without momentum keeps no buffer', () => {
    const state = { momentumBuffer: null as Float64Array | null };
    sgdUpdate(new Float64Array([1]), new Float64Array([1]), state, DEFAULTS);
    expect(state.momentumBuffer).toBeNull();
  });

  it('leaves a NaN gradient visible in the parameter', () => {
    expect(Number.isNaN(run({}, [1], [[Number.NaN]])[0])).toBe(true);
  });
});
