import { createRng } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import { meanTolerance, sampleStats, varianceTolerance } from './internal/test-stats';
import { truncatedNormal } from './normal';
import { TRUNCATED_NORMAL_STD_FACTOR, varianceScaling } from './variance-scaling';

// A conv weight [outC 40, inC 50, 3, 3]: fanIn 450, fanOut 360, fanAvg 405; 18,000 elements.
const SHAPE = [40, 50, 3, 3];
const N = 18_000;
const FANS = { fanIn: 450, fanOut: 360, fanAvg: 405 } as const;

describe('varianceScaling', () => {
  it('gives variance scale/n for every mode and distribution (5 standard errors at n = 18,000)', () => {
    let seed = 0;
    for (const mode of ['fanIn', 'fanOut', 'fanAvg'] as const) {
      for (const distribution of ['uniform', 'normal', 'truncatedNormal'] as const) {
        const scale = 2;
        const target = scale / FANS[mode];
        const w = varianceScaling({ scale, mode, distribution })(SHAPE, {
          rng: createRng(seed++),
          dtype: 'float64',
        });
        const s = sampleStats(w.data);
        const kurtosis = distribution === 'uniform' ? 1.8 : 3;
        expect(Math.abs(s.mean)).toBeLessThan(meanTolerance(Math.sqrt(target), N));
        expect(Math.abs(s.variance - target)).toBeLessThan(varianceTolerance(target, N, kurtosis));
        const bound = varianceScaling({ scale, mode, distribution }).describe(SHAPE).bound;
        if (distribution === 'normal') expect(bound).toBeNull();
        else expect(Math.max(-s.min, s.max)).toBeLessThanOrEqual(bound!);
      }
    }
  });

  it('corrects the truncated normal’s std: the variance is the target, not 0.774 of it', () => {
    const n = 200_000;
    const target = 2 / 500;
    const corrected = varianceScaling({ scale: 2, distribution: 'truncatedNormal' })([400, 500], {
      rng: createRng(7),
      dtype: 'float64',
    });
    const s = sampleStats(corrected.data);
    // 5 standard errors at n = 2e5: ±1.6% of the target.
    const tol = varianceTolerance(target, n);
    expect(Math.abs(s.variance - target)).toBeLessThan(tol);
    const sigma = Math.sqrt(target) / TRUNCATED_NORMAL_STD_FACTOR;
    expect(Math.max(-s.min, s.max)).toBeLessThanOrEqual(2 * sigma);

    // What TF.js does: truncate N(0, target) at ±2σ without the correction.
    const naive = truncatedNormal({ std: Math.sqrt(target) })([n], {
      rng: createRng(7),
      dtype: 'float64',
    });
    const ratio = sampleStats(naive.data).variance / target;
    expect(Math.abs(ratio - TRUNCATED_NORMAL_STD_FACTOR ** 2)).toBeLessThan(tol / target);
    expect(ratio).toBeCloseTo(0.774, 2);
    expect(Math.abs(ratio - 1)).toBeGreaterThan(10 * (tol / target));
  });

  it('describes fans, gain √scale, std and bound', () => {
    expect(varianceScaling({ scale: 2, distribution: 'uniform' }).describe([10, 20, 3])).toEqual({
      rule: 'varianceScaling',
      fanIn: 60,
      fanOut: 30,
      gain: Math.SQRT2,
      mean: 0,
      std: Math.SQRT2 / Math.sqrt(60),
      bound: Math.sqrt(3) * (Math.SQRT2 / Math.sqrt(60)),
    });
    // Keras's defaults: scale 1, fanIn, corrected truncated normal.
    const d = varianceScaling().describe([4, 100]);
    expect(d.std).toBeCloseTo(0.1, 15);
    expect(d.bound).toBeCloseTo(0.2 / TRUNCATED_NORMAL_STD_FACTOR, 15);
  });

  it('returns an empty tensor for shapes without elements', () => {
    expect(varianceScaling()([0, 3, 3, 3]).shape).toEqual([0, 3, 3, 3]);
  });

  it('rejects bad options and shapes without fans', () => {
    expect(() => varianceScaling({ mode: 'fanSum' as never })).toThrow(
      "varianceScaling: mode must be one of 'fanIn', 'fanOut', 'fanAvg', got 'fanSum'",
    );
    expect(() => varianceScaling({ distribution: 'gaussian' as never })).toThrow(
      "varianceScaling: distribution must be one of 'uniform', 'normal', 'truncatedNormal', got 'gaussian'",
    );
    expect(() => varianceScaling({ scale: -1 })).toThrow(
      'varianceScaling: scale must be a finite number ≥ 0, got -1',
    );
    expect(() => varianceScaling()([7])).toThrow(
      'varianceScaling: shape must have rank ≥ 2 ([out, in] or [outC, inC/groups, ...kernel]) for fans to be defined, got [7]',
    );
  });
});
