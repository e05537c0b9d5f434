import { createRng, ones, randn, type Tensor } from '@convkit/tensor';
import { checkGradients, expectClose } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dropout } from './dropout';

describe('dropout', () => {
  it('is the identity in evaluation and for p = 0', () => {
    const x = randn([4, 5], { rng: createRng(1) });
    expect(dropout(x, { training: false })).toBe(x);
    expect(dropout(x, { p: 0 })).toBe(x);
  });

  it('zeroes about p of the elements and scales the rest by 1/(1 − p)', () => {
    const y = dropout(ones([10000]), { p: 0.3, rng: createRng(2) });
    const zerosCount = y.data.filter((v) => v === 0).length;
    const kept = new Set(y.data.filter((v) => v !== 0));
    expect([...kept]).toEqual([Math.fround(1 / 0.7)]);
    // Binomial(10000, 0.3): std ≈ 46, so ±250 is more than 5σ.
    expect(Math.abs(zerosCount - 3000)).toBeLessThan(250);
    expect(dropout(ones([5]), { p: 1, rng: createRng(3) }).data.every((v) => v === 0)).toBe(true);
  });

  it('draws the same mask from the same seed', () => {
    const x = ones([50]);
    expectClose(dropout(x, { rng: createRng(9) }), dropout(x, { rng: createRng(9) }), { atol: 0 });
  });

  it('passes gradients through the kept elements only, scaled', () => {
    fc.assert(
      fc.property(fc.integer(), fc.double({ min: 0.05, max: 0.95, noNaN: true }), (seed, p) => {
        const x = randn([3, 4], { dtype: 'float64', rng: createRng(seed) }).requiresGrad_();
        // Fixing the generator's seed inside makes the mask the same on every evaluation.
        checkGradients((t: Tensor) => dropout(t, { p, rng: createRng(seed) }), [x]);
      }),
      { numRuns: 15 },
    );
  });

  it('rejects p outside [0, 1]', () => {
    expect(() => dropout(ones([2]), { p: 1.5 })).toThrow(
      'dropout: p must be a number in [0, 1], got 1.5',
    );
    expect(() => dropout(ones([2]), { p: Number.NaN })).toThrow(
      'dropout: p must be a number in [0, 1], got NaN',
    );
  });
});
