import { createRng } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import { meanTolerance, sampleStats, varianceTolerance } from './internal/test-stats';
import { sparse } from './sparse';

describe('sparse', () => {
  it('zeroes exactly ⌈sparsity·rows⌉ elements of every column', () => {
    const w = sparse({ sparsity: 0.7, std: 1 })([10, 50], { rng: createRng(1), dtype: 'float64' });
    for (let c = 0; c < 50; c++) {
      let zeros = 0;
      for (let r = 0; r < 10; r++) if (w.data[r * 50 + c] === 0) zeros++;
      // 7, not the 8 that ceil(0.7 · 10 = 7.000000000000001) would give.
      expect(zeros).toBe(7);
    }
  });

  it('picks the zeroed rows uniformly: each row is zeroed in ≈ sparsity of the columns', () => {
    const rows = 8;
    const cols = 20_000;
    const w = sparse({ sparsity: 0.25 })([rows, cols], { rng: createRng(2), dtype: 'float64' });
    for (let r = 0; r < rows; r++) {
      let zeros = 0;
      for (let c = 0; c < cols; c++) if (w.data[r * cols + c] === 0) zeros++;
      // Binomial(cols, 0.25): 5 standard errors.
      expect(Math.abs(zeros / cols - 0.25)).toBeLessThan(5 * Math.sqrt((0.25 * 0.75) / cols));
    }
  });

  it('has mean 0 and the described std (kurtosis 3/(1 − s) for the zero-inflated normal)', () => {
    const shape = [20, 10_000];
    const n = 200_000;
    const init = sparse({ sparsity: 0.5, std: 0.1 });
    const s = sampleStats(init(shape, { rng: createRng(3), dtype: 'float64' }).data);
    const { std } = init.describe(shape);
    expect(std).toBeCloseTo(0.1 * Math.sqrt(0.5), 15);
    expect(Math.abs(s.mean)).toBeLessThan(meanTolerance(std, n));
    expect(Math.abs(s.variance - std ** 2)).toBeLessThan(varianceTolerance(std ** 2, n, 6));
  });

  it('rejects non-matrices and sparsity outside [0, 1]', () => {
    expect(() => sparse({ sparsity: 0.5 })([3, 3, 3])).toThrow(
      'sparse: shape must be a matrix [rows, cols], got [3, 3, 3]',
    );
    expect(() => sparse({ sparsity: 1.5 })).toThrow('sparse: sparsity must be in [0, 1], got 1.5');
    expect(() => sparse(undefined as never)).toThrow(
      'sparse: options must be { sparsity, std? }, got undefined',
    );
  });
});
