import { createRng } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import { meanTolerance, sampleStats, varianceTolerance } from './internal/test-stats';
import { lecunNormal, lecunUniform } from './lecun';

describe('lecunUniform / lecunNormal', () => {
  it('use variance 1/fanIn', () => {
    expect(lecunUniform().describe([10, 300])).toMatchObject({ fanIn: 300, gain: 1 });
    expect(lecunUniform().describe([10, 300]).bound).toBeCloseTo(0.1, 15);
    expect(lecunNormal().describe([10, 400]).std).toBe(0.05);
  });

  it('sample variance 1/fanIn (5 standard errors at n = 2e5)', () => {
    const n = 200_000;
    for (const [init, kurtosis] of [
      [lecunUniform(), 1.8],
      [lecunNormal(), 3],
    ] as const) {
      const s = sampleStats(init([800, 250], { rng: createRng(9), dtype: 'float64' }).data);
      expect(Math.abs(s.mean)).toBeLessThan(meanTolerance(Math.sqrt(1 / 250), n));
      expect(Math.abs(s.variance - 1 / 250)).toBeLessThan(varianceTolerance(1 / 250, n, kurtosis));
    }
  });
});
