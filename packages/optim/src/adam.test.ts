import { tensor } from '@convkit/tensor';
import { expectClose } from '@convkit/testing';
import { describe, expect, it } from 'vitest';
import { Adam, type AdamOptions, adamInitState, adamUpdate } from './adam';
import { AdamW, adamwUpdate } from './adamw';

const DEFAULTS: AdamOptions = {
  lr: 0.1,
  betas: [0.9, 0.999],
  eps: 1e-8,
  weightDecay: 0,
  amsgrad: false,
  maximize: false,
};

function run(
  Ctor: typeof Adam | typeof AdamW,
  options: Partial<AdamOptions>,
  theta: number[],
  grads: number[][],
) {
  const w = tensor(theta, { dtype: 'float64', requiresGrad: true });
  const opt = new Ctor([w], options);
  for (const g of grads) {
    w.grad = tensor(g, { dtype: 'float64' });
    opt.step();
  }
  return tensor(Array.from(w.data), { dtype: 'float64' });
}

const tight = { atol: 1e-15, rtol: 1e-13 };

describe('Adam', () => {
  it('with a constant gradient the bias corrections cancel: θₜ = θ₀ − tγ·g/(|g| + ε)', () => {
    const g = [0.5, -3, 1e-3];
    const got = run(Adam, { lr: 0.01 }, [1, 2, 3], [g, g, g, g, g]);
    expectClose(
      got,
      g.map((gi, i) => [1, 2, 3][i] - (5 * 0.01 * gi) / (Math.abs(gi) + 1e-8)),
      tight,
    );
  });

  it('two different gradients, by hand', () => {
    // m₂ = 0.9·0.1·2 + 0.1·1 = 0.28, v₂ = 0.999·0.001·4 + 0.001·1 = 0.004996
    const m2 = 0.28;
    const v2 = 0.004996;
    const theta1 = 1 - 0.1 * (2 / (2 + 1e-8));
    const theta2 = theta1 - (0.1 * (m2 / (1 - 0.81))) / (Math.sqrt(v2 / (1 - 0.999 ** 2)) + 1e-8);
    expectClose(run(Adam, { lr: 0.1 }, [1], [[2], [1]]), [theta2], tight);
  });

  it('weightDecay is an L2 term added to the gradient', () => {
    // g' = 1 + 0.5·2 = 2 → one step moves γ·g'/(|g'| + ε)
    expectClose(
      run(Adam, { lr: 0.1, weightDecay: 0.5 }, [2], [[1]]),
      [2 - (0.1 * 2) / (2 + 1e-8)],
      tight,
    );
  });

  it('amsgrad divides by the running maximum of v', () => {
    // v₁ = 0.1 (g = 10), v₂ = 0.0999 (g = 0): AMSGrad keeps 0.1
    const theta1 = 1 - 0.1 * (10 / (10 + 1e-8));
    const m2Hat = 0.9 / (1 - 0.81);
    const withMax = theta1 - (0.1 * m2Hat) / (Math.sqrt(0.1) / Math.sqrt(1 - 0.999 ** 2) + 1e-8);
    const without = theta1 - (0.1 * m2Hat) / (Math.sqrt(0.0999) / Math.sqrt(1 - 0.999 ** 2) + 1e-8);
    expectClose(run(Adam, { lr: 0.1, amsgrad: true }, [1], [[10], [0]]), [withMax], tight);
    expectClose(run(Adam, { lr: 0.1 }, [1], [[10], [0]]), [without], tight);
  });

  it('maximize ascends', () => {
    expectClose(
      run(Adam, { lr: 0.1, maximize: true }, [0], [[3]]),
      [0.1 * (3 / (3 + 1e-8))],
      tight,
    );
  });

  it('adamUpdate creates the AMSGrad buffer if amsgrad is switched on later', () => {
    const state = adamInitState(1, false);
    adamUpdate(
      new Float64Array([0]),
      new Float64Array([1]),
      state,
      { ...DEFAULTS, amsgrad: true },
      1,
    );
    expect(state.maxExpAvgSq?.[0]).toBeCloseTo(0.001, 15);
  });
});

describe('AdamW', () => {
  it('decays weights by (1 − γλ) before an Adam step without L2', () => {
    const g = 0.5;
    let theta = 2;
    for (let t = 0; t < 3; t++) theta = theta * (1 - 0.1 * 0.2) - (0.1 * g) / (g + 1e-8);
    expectClose(run(AdamW, { lr: 0.1, weightDecay: 0.2 }, [2], [[g], [g], [g]]), [theta], tight);
  });

  it('defaults weightDecay to 1e-2', () => {
    const w = tensor([1], { dtype: 'float64', requiresGrad: true });
    expect(new AdamW([w]).defaults.weightDecay).toBe(1e-2);
  });

  it('adamwUpdate with λ = 0 is adamUpdate', () => {
    const a = new Float64Array([1, 2]);
    const b = new Float64Array([1, 2]);
    const grad = new Float64Array([0.3, -0.7]);
    const sa = adamInitState(2, false);
    const sb = adamInitState(2, false);
    for (let t = 1; t <= 3; t++) {
      adamUpdate(a, grad, sa, DEFAULTS, t);
      adamwUpdate(b, grad, sb, DEFAULTS, t);
    }
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});
