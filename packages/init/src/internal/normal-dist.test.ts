import { describe, expect, it } from 'vitest';
import { erfc, normalCdf, normalMass, normalPdf, truncatedNormalMoments } from './normal-dist';

describe('normal distribution helpers', () => {
  it('erfc matches reference values to ~1e-13 relative', () => {
    // Reference values (Abramowitz & Stegun; mpmath at 20 digits).
    const table: [number, number][] = [
      [0, 1],
      [0.5, 0.4795001221869535],
      [1, 0.15729920705028513],
      [2, 0.004677734981047266],
      [2.5, 0.0004069520174449589],
      [3, 2.209049699858544e-5],
      [5, 1.537459794428035e-12],
      [10, 2.088487583762545e-45],
      [-1, 1.8427007929497148],
    ];
    for (const [x, expected] of table) {
      expect(Math.abs(erfc(x) - expected) / expected).toBeLessThan(1e-13);
    }
  });

  it('normalCdf, normalMass and normalPdf agree with known values', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalMass(-2, 2)).toBeCloseTo(0.9544997361036416, 14);
    // In the far tail the mass is computed without cancellation.
    expect(normalMass(8, Number.POSITIVE_INFINITY) / 6.220960574271784e-16 - 1).toBeLessThan(1e-12);
    expect(normalPdf(0)).toBe(1 / Math.sqrt(2 * Math.PI));
    expect(normalPdf(Number.NEGATIVE_INFINITY)).toBe(0);
  });

  it('truncatedNormalMoments: ±2σ gives std 0.8796256610342398; a half-normal √(1 − 2/π)', () => {
    expect(truncatedNormalMoments(0, 1, -2, 2).std).toBeCloseTo(0.8796256610342398, 15);
    const half = truncatedNormalMoments(0, 1, 0, Number.POSITIVE_INFINITY);
    expect(half.mean).toBeCloseTo(Math.sqrt(2 / Math.PI), 14);
    expect(half.std).toBeCloseTo(Math.sqrt(1 - 2 / Math.PI), 14);
    expect(truncatedNormalMoments(3, 2, -1e9, 1e9)).toEqual({ mean: 3, std: 2 });
    expect(truncatedNormalMoments(3, 0, 0, 5)).toEqual({ mean: 3, std: 0 });
  });
});
