import { createRng } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import { meanTolerance, sampleStats, varianceTolerance } from './internal/test-stats';
import { uniform } from './uniform';

describe('uniform', () => {
  it('defaults to U(0, 1)', () => {
    expect(uniform().describe([2])).toMatchObject({ mean: 0.5, std: 1 / Math.sqrt(12), bound: 1 });
  });

  it('has mean (low+high)/2, variance (high−low)²/12 and stays in [low, high)', () => {
    const n = 200_000;
    const low = -0.3;
    const high = 0.7;
    const s = sampleStats(
      uniform({ low, high })([n], { rng: createRng(1), dtype: 'float64' }).data,
    );
    const variance = (high - low) ** 2 / 12;
    // Tolerances: 5 standard errors for n = 2e5 (mean ±0.0032, variance ±0.00084 with κ = 1.8).
    expect(Math.abs(s.mean - 0.2)).toBeLessThan(meanTolerance(Math.sqrt(variance), n));
    expect(Math.abs(s.variance - variance)).toBeLessThan(varianceTolerance(variance, n, 1.8));
    expect(s.min).toBeGreaterThanOrEqual(low);
    expect(s.max).toBeLessThan(high);
    // The extremes come close to the bounds: (1 − 1e-4)^n ≈ e^-20 chance otherwise.
    expect(s.min).toBeLessThan(low + 1e-4);
    expect(s.max).toBeGreaterThan(high - 1e-4);
  });

  it('allows low = high (a constant) and rejects high < low', () => {
    expect(Array.from(uniform({ low: 2, high: 2 })([3]).data)).toEqual([2, 2, 2]);
    expect(() => uniform({ low: 1, high: 0 })).toThrow('uniform: high must be ≥ low (1), got 0');
    expect(() => uniform({ low: Number.NEGATIVE_INFINITY })).toThrow(
      'uniform: low must be a finite number, got -Infinity',
    );
  });
});
