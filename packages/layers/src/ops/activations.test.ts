import { createRng, randn, type Tensor, tensor } from '@convkit/tensor';
import { checkGradients, expectClose, shapeArb, tensorArb } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  elu,
  gelu,
  hardtanh,
  leakyRelu,
  SELU_ALPHA,
  SELU_SCALE,
  selu,
  silu,
  softplus,
} from './activations';

/** Values at least `margin` away from every kink, so central differences never straddle one. */
function awayFrom(kinks: number[], margin = 0.05) {
  return shapeArb({ minRank: 1, maxRank: 3, maxDim: 4 }).chain((shape) =>
    tensorArb(shape, { min: -4, max: 4 }).map((t) => {
      const data = t.data;
      for (let i = 0; i < data.length; i++) {
        for (const k of kinks) if (Math.abs(data[i] - k) < margin) data[i] = k + margin * 2;
      }
      return t.requiresGrad_();
    }),
  );
}

/** The element-wise reference f(x) as a float64 tensor. */
const map = (t: Tensor, f: (v: number) => number) =>
  tensor(Array.from(t.data, f), { shape: t.shape, dtype: 'float64' });

describe('activations: examples', () => {
  it('leakyRelu scales the negative part and takes slope at 0', () => {
    expectClose(leakyRelu(tensor([-2, 0, 3]), { negativeSlope: 0.1 }), [-0.2, 0, 3]);
    const x = tensor([0], { dtype: 'float64', requiresGrad: true });
    leakyRelu(x, { negativeSlope: 0.1 }).sum().backward();
    expectClose(x.grad as Tensor, [0.1]);
  });

  it('elu and selu', () => {
    expectClose(elu(tensor([-1, 0, 2], { dtype: 'float64' })), [Math.exp(-1) - 1, 0, 2], {
      atol: 1e-15,
    });
    expectClose(elu(tensor([-1]), { alpha: 2 }), [2 * (Math.exp(-1) - 1)]);
    expectClose(
      selu(tensor([1, -1], { dtype: 'float64' })),
      [SELU_SCALE, SELU_SCALE * SELU_ALPHA * (Math.exp(-1) - 1)],
      {
        atol: 1e-15,
      },
    );
  });

  it('gelu exact and tanh-approximate', () => {
    // x·Φ(x) with Φ(1) = 0.8413447460685429, Φ(−3) = 0.0013498980316301
    expectClose(
      gelu(tensor([0, 1, -1, -3], { dtype: 'float64' })),
      [0, 0.8413447460685429, -0.15865525393145707, -0.0040496940948903],
      {
        atol: 1e-15,
        rtol: 1e-13,
      },
    );
    expectClose(
      gelu(tensor([1], { dtype: 'float64' }), { approximate: 'tanh' }),
      [0.8411919906082768],
      { atol: 1e-15 },
    );
    // The approximation stays within 5e-4 of the exact function.
    const x = randn([200], { dtype: 'float64', rng: createRng(1) });
    expectClose(gelu(x, { approximate: 'tanh' }), gelu(x), { atol: 5e-4 });
  });

  it('silu, softplus and its linear regime, hardtanh', () => {
    expectClose(silu(tensor([0, 1])), [0, 1 / (1 + Math.exp(-1))]);
    expectClose(softplus(tensor([0, 30, -800], { dtype: 'float64' })), [Math.LN2, 30, 0], {
      atol: 1e-15,
    });
    expectClose(
      softplus(tensor([1], { dtype: 'float64' }), { beta: 2 }),
      [Math.log1p(Math.exp(2)) / 2],
      { atol: 1e-15 },
    );
    // Large inputs never overflow: exactly x above the threshold.
    expect(softplus(tensor([1e4]), { threshold: 1e5 }).item()).toBe(1e4);
    expectClose(hardtanh(tensor([-3, 0.5, 3])), [-1, 0.5, 1]);
    const x = tensor([-1, 1, 0], { dtype: 'float64', requiresGrad: true });
    hardtanh(x).sum().backward();
    expectClose(x.grad as Tensor, [0, 0, 1]);
  });

  it('keeps shape, dtype and NaN', () => {
    const x = tensor([[Number.NaN, 1]], { dtype: 'float64' });
    for (const f of [leakyRelu, elu, selu, gelu, silu, softplus, hardtanh] as ((
      t: Tensor,
    ) => Tensor)[]) {
      const y = f(x);
      expect(y.shape).toEqual([1, 2]);
      expect(y.dtype).toBe('float64');
      expect(y.data[0]).toBeNaN();
    }
    expect(gelu(tensor([])).shape).toEqual([0]);
  });

  it('rejects bad arguments before computing', () => {
    expect(() => gelu(tensor([1], { dtype: 'int32' }))).toThrow(
      'gelu: x must be a float32 or float64 tensor, got int32',
    );
    expect(() => gelu(tensor([1]), { approximate: 'fast' as 'tanh' })).toThrow(
      "gelu: approximate must be one of 'none', 'tanh', got 'fast'",
    );
    expect(() => softplus(tensor([1]), { beta: 0 })).toThrow(
      'softplus: beta must be positive, got 0',
    );
    expect(() => hardtanh(tensor([1]), { minVal: 1, maxVal: 1 })).toThrow(
      'hardtanh: minVal must be less than maxVal, got 1 and 1',
    );
    expect(() => leakyRelu([1] as unknown as Tensor)).toThrow(
      'leakyRelu: x must be a Tensor, got [1]',
    );
  });
});

describe('activations: properties against a naive reference', () => {
  it('match per-element formulas', () => {
    fc.assert(
      fc.property(
        shapeArb({ maxRank: 3 }).chain((s) => tensorArb(s, { min: -6, max: 6 })),
        (x) => {
          const opts = { atol: 1e-12, rtol: 1e-12 };
          expectClose(
            leakyRelu(x, { negativeSlope: 0.2 }),
            map(x, (v) => (v > 0 ? v : 0.2 * v)),
            opts,
          );
          expectClose(
            elu(x, { alpha: 0.5 }),
            map(x, (v) => (v > 0 ? v : 0.5 * (Math.exp(v) - 1))),
            opts,
          );
          expectClose(
            silu(x),
            map(x, (v) => v / (1 + Math.exp(-v))),
            opts,
          );
          expectClose(
            softplus(x),
            map(x, (v) => Math.log(1 + Math.exp(v))),
            opts,
          );
          expectClose(
            hardtanh(x, { minVal: -2, maxVal: 3 }),
            map(x, (v) => Math.min(3, Math.max(-2, v))),
            opts,
          );
        },
      ),
    );
  });
});

describe('activations: gradients (float64 central differences)', () => {
  // Smooth functions: default tolerances (atol 1e-6, rtol 1e-4) hold with margin for
  // inputs in [−4, 4], where every second derivative is O(1).
  const cases: [string, (x: Tensor) => Tensor, number[]][] = [
    ['leakyRelu', (x) => leakyRelu(x, { negativeSlope: 0.3 }), [0]],
    ['elu', (x) => elu(x, { alpha: 1.5 }), [0]],
    ['selu', selu, [0]],
    ['gelu', gelu, []],
    ['gelu tanh', (x) => gelu(x, { approximate: 'tanh' }), []],
    ['silu', silu, []],
    ['softplus', (x) => softplus(x, { beta: 2, threshold: 5 }), [2.5]],
    ['hardtanh', (x) => hardtanh(x, { minVal: -1, maxVal: 2 }), [-1, 2]],
  ];
  for (const [name, f, kinks] of cases) {
    it(`${name} matches finite differences away from its kinks`, () => {
      fc.assert(
        fc.property(awayFrom(kinks), (x) => {
          checkGradients(f, [x]);
        }),
        { numRuns: 15 },
      );
    });
  }

  it('float32 inputs get float32 gradients', () => {
    const x = randn([3], { rng: createRng(2) }).requiresGrad_();
    gelu(x).sum().backward();
    expect((x.grad as Tensor).dtype).toBe('float32');
  });
});
