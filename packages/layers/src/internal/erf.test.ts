import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erf, erfc, normalCdf } from './erf';

// Reference values from high-precision tables (Abramowitz & Stegun; mpmath).
const ERF = [
  [0, 0],
  [0.1, 0.1124629160182849],
  [0.5, 0.5204998778130465],
  [1, 0.8427007929497149],
  [1.5, 0.9661051464753108],
  [2, 0.9953222650189527],
  [3, 0.9999779095030014],
];
const ERFC = [
  [2, 0.004677734981047266],
  [3, 2.209049699858544e-5],
  [4, 1.541725790028002e-8],
  [5, 1.537459794428035e-12],
  [10, 2.088487583762545e-45],
];

describe('erf', () => {
  it('matches tabulated values to a few ulp, and is odd', () => {
    for (const [x, value] of ERF) {
      expect(Math.abs(erf(x) - value)).toBeLessThanOrEqual(4e-16 * Math.max(1, value) + 1e-300);
      expect(erf(-x)).toBe(-erf(x));
    }
  });

  it('keeps relative precision in the tail through erfc', () => {
    for (const [x, value] of ERFC) {
      expect(Math.abs(erfc(x) - value) / value).toBeLessThan(1e-13);
      expect(Math.abs(erfc(-x) - (2 - value))).toBeLessThan(1e-15);
    }
    expect(erfc(30)).toBe(0);
    expect(normalCdf(-10)).toBeCloseTo(7.619853024160527e-24, 35);
  });

  it('handles NaN and infinities', () => {
    expect(erf(Number.NaN)).toBeNaN();
    expect(erfc(Number.NaN)).toBeNaN();
    expect(erf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(erf(Number.NEGATIVE_INFINITY)).toBe(-1);
    expect(erfc(Number.NEGATIVE_INFINITY)).toBe(2);
  });

  it('has derivative 2/√π·e^(−x²) on both sides of the series/fraction switch', () => {
    fc.assert(
      fc.property(fc.double({ min: -5, max: 5, noNaN: true }), (x) => {
        const h = 1e-5;
        const numeric = (erf(x + h) - erf(x - h)) / (2 * h);
        const exact = (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x);
        expect(Math.abs(numeric - exact)).toBeLessThan(1e-9);
        expect(Math.abs(erf(x) + erfc(x) - 1)).toBeLessThan(2e-16);
      }),
    );
  });
});
