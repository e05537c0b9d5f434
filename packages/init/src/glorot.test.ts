import { createRng } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import { glorotNormal, glorotUniform } from './glorot';
import { meanTolerance, sampleStats, varianceTolerance } from './internal/test-stats';

describe('glorotUniform / glorotNormal', () => {
  it('use variance gain²·2/(fanIn + fanOut), bound gain·√(6/(fanIn + fanOut))', () => {
    // Linear [256, 784]: fanIn + fanOut = 1040.
    expect(glorotUniform().describe([256, 784])).toMatchObject({
      rule: 'glorotUniform',
      fanIn: 784,
      fanOut: 256,
      gain: 1,
      bound: Math.sqrt(6 / 1040),
    });
    expect(glorotNormal({ gain: 5 / 3 }).describe([256, 784]).std).toBeCloseTo(
      (5 / 3) * Math.sqrt(2 / 1040),
      15,
    );
    expect(glorotNormal().describe([256, 784]).bound).toBeNull();
  });

  it('sample those distributions (5 standard errors at n = 2e5)', () => {
    const shape = [400, 500]; // variance 2/900
    const n = 200_000;
    const variance = 2 / 900;
    for (const [init, kurtosis] of [
      [glorotUniform(), 1.8],
      [glorotNormal(), 3],
    ] as const) {
      const s = sampleStats(init(shape, { rng: createRng(5), dtype: 'float64' }).data);
      expect(Math.abs(s.mean)).toBeLessThan(meanTolerance(Math.sqrt(variance), n));
      expect(Math.abs(s.variance - variance)).toBeLessThan(
        varianceTolerance(variance, n, kurtosis),
      );
    }
    const u = sampleStats(glorotUniform({ gain: 2 })(shape, { rng: createRng(6) }).data);
    expect(Math.max(-u.min, u.max)).toBeLessThanOrEqual(Math.fround(2 * Math.sqrt(6 / 900)));
  });

  it('rejects a negative gain', () => {
    expect(() => glorotUniform({ gain: -1 })).toThrow(
      'glorotUniform: gain must be a finite number ≥ 0, got -1',
    );
  });
});
