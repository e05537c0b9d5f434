import { createRng } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import { truncatedNormalMoments } from './internal/normal-dist';
import { meanTolerance, sampleStats, varianceTolerance } from './internal/test-stats';
import { normal, truncatedNormal } from './normal';

const N = 200_000;

describe('normal', () => {
  it('has mean and variance as asked (5 standard errors at n = 2e5)', () => {
    const s = sampleStats(
      normal({ mean: 1.5, std: 0.2 })([N], { rng: createRng(2), dtype: 'float64' }).data,
    );
    expect(Math.abs(s.mean - 1.5)).toBeLessThan(meanTolerance(0.2, N));
    expect(Math.abs(s.variance - 0.04)).toBeLessThan(varianceTolerance(0.04, N));
  });

  it('defaults to N(0, 1), and std 0 gives the mean', () => {
    expect(normal().describe([1])).toMatchObject({ mean: 0, std: 1, bound: null });
    expect(Array.from(normal({ mean: 3, std: 0 })([2]).data)).toEqual([3, 3]);
  });

  it('rejects a negative std', () => {
    expect(() => normal({ std: -1 })).toThrow('normal: std must be a finite number ≥ 0, got -1');
  });
});

describe('truncatedNormal', () => {
  it('defaults to ±2 std around the mean and never leaves its bounds', () => {
    const t = truncatedNormal({ mean: 1, std: 0.5 })([N], { rng: createRng(3), dtype: 'float64' });
    const s = sampleStats(t.data);
    expect(s.min).toBeGreaterThanOrEqual(0);
    expect(s.max).toBeLessThanOrEqual(2);
    // Sampled, not clipped: no mass piles up at the bounds (a clipped sampler puts ~2.3% of
    // draws exactly on each bound).
    let onBound = 0;
    for (const x of t.data) if (x === 0 || x === 2) onBound++;
    expect(onBound).toBe(0);
    // The truncated std is 0.87962566·std (5 standard errors at n = 2e5).
    const sd = 0.5 * 0.87962566103423978;
    expect(Math.abs(s.mean - 1)).toBeLessThan(meanTolerance(sd, N));
    expect(Math.abs(s.variance - sd * sd)).toBeLessThan(varianceTolerance(sd * sd, N));
  });

  it('matches the exact moments of asymmetric and far-tail truncations', () => {
    const cases = [
      { mean: 0, std: 1, low: -1, high: 3 },
      { mean: 0, std: 1, low: 0, high: 10 },
      { mean: 0.5, std: 2, low: 4, high: 9 },
      { mean: 0, std: 1, low: 6, high: 7 },
      { mean: 0, std: 1, low: -30, high: -29.5 },
    ];
    for (const [i, c] of cases.entries()) {
      const n = 50_000;
      const t = truncatedNormal(c)([n], { rng: createRng(10 + i), dtype: 'float64' });
      const s = sampleStats(t.data);
      const m = truncatedNormalMoments(c.mean, c.std, c.low, c.high);
      expect(s.min).toBeGreaterThanOrEqual(c.low);
      expect(s.max).toBeLessThanOrEqual(c.high);
      expect(Math.abs(s.mean - m.mean)).toBeLessThan(meanTolerance(m.std, n));
      // A truncated normal's kurtosis is ≤ 3 on these intervals.
      expect(Math.abs(s.variance - m.std ** 2)).toBeLessThan(varianceTolerance(m.std ** 2, n));
    }
  });

  it('keeps float32 values inside the float32-rounded bounds', () => {
    const t = truncatedNormal({ std: 0.05, low: -0.1, high: 0.1 })([N], { rng: createRng(4) });
    let outside = 0;
    for (const x of t.data) if (x < Math.fround(-0.1) || x > Math.fround(0.1)) outside++;
    expect(outside).toBe(0);
  });

  it('describes the truncated (not the untruncated) std', () => {
    expect(truncatedNormal().describe([3])).toMatchObject({
      mean: 0,
      std: 0.8796256610342398,
      bound: 2,
    });
  });

  it('rejects empty intervals and a std-0 mean outside them', () => {
    expect(() => truncatedNormal({ low: 1, high: 1 })).toThrow(
      'truncatedNormal: high must be > low (1), got 1',
    );
    expect(() => truncatedNormal({ low: 2, high: 1 })).toThrow('high must be > low (2), got 1');
    expect(() => truncatedNormal({ std: 0, mean: 3, low: 0, high: 1 })).toThrow(
      'truncatedNormal: mean must lie in [low, high] = [0, 1] when std is 0, got 3',
    );
    expect(Array.from(truncatedNormal({ std: 0, mean: 3 })([2]).data)).toEqual([3, 3]);
  });
});
