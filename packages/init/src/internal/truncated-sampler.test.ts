import { createRng } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import { normalMass } from './normal-dist';
import { sampleTruncatedStandard } from './truncated-sampler';

describe('sampleTruncatedStandard', () => {
  // Intervals covering every proposal: normal (wide around 0), uniform (narrow around 0 and
  // narrow in a tail), exponential (wide in a tail, both tails, infinite ends).
  const intervals: [number, number][] = [
    [-2, 2],
    [-0.5, 1],
    [0, 0.1],
    [1, 1.5],
    [0.2, 5],
    [3, Number.POSITIVE_INFINITY],
    [Number.NEGATIVE_INFINITY, -4],
    [-9, -7],
    [12, 12.01],
  ];

  it('matches the exact truncated CDF at its quartile points (Kolmogorov-style check)', () => {
    const n = 20_000;
    for (const [i, [a, b]] of intervals.entries()) {
      const rng = createRng(100 + i);
      const draws = new Float64Array(n);
      for (let k = 0; k < n; k++) draws[k] = sampleTruncatedStandard(rng, a, b);
      const total = normalMass(a, b);
      const lo = Number.isFinite(a) ? a : b - 4;
      const hi = Number.isFinite(b) ? b : a + 4;
      for (const t of [0.25, 0.5, 0.75]) {
        const x = lo + t * (hi - lo);
        const exact = normalMass(a, x) / total;
        let below = 0;
        for (const d of draws) if (d <= x) below++;
        // Binomial standard error √(p(1−p)/n); 5 of them (≤ 0.018 at n = 2e4).
        const tol = 5 * Math.sqrt(Math.max(exact * (1 - exact), 1e-4) / n);
        expect(Math.abs(below / n - exact), `[${a}, ${b}] at ${x}`).toBeLessThan(tol);
      }
      let outside = 0;
      for (const d of draws) if (d < a || d > b) outside++;
      expect(outside).toBe(0);
    }
  });
});
