import { createRng, tensor } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import { constant } from './constant';
import { filterDiversity } from './filter-diversity';
import { heNormal } from './he';

describe('filterDiversity', () => {
  it('computes pairwise cosine similarities of the flattened filters', () => {
    // Filters [1, 0], [0, 1], [1, 1], [-2, 0].
    const d = filterDiversity(tensor([[[1, 0]], [[0, 1]], [[1, 1]], [[-2, 0]]]));
    const h = Math.SQRT1_2;
    const expected = [
      [1, 0, h, -1],
      [0, 1, h, 0],
      [h, h, 1, -h],
      [-1, 0, -h, 1],
    ];
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++) expect(d.matrix[i][j]).toBeCloseTo(expected[i][j], 12);
    expect(d.maxCosine).toBeCloseTo(h, 12);
    expect(d.minCosine).toBe(-1);
    expect(d.meanCosine).toBeCloseTo((0 + h - 1 + h + 0 - h) / 6, 12);
  });

  it('is 1 for a constant init and near 0 for random filters in high dimension', () => {
    const same = filterDiversity(constant(0.1)([8, 3, 3, 3]));
    expect(same.minCosine).toBeCloseTo(1, 6);
    const random = filterDiversity(heNormal()([16, 64, 3, 3], { rng: createRng(1) }));
    // Independent random directions in 576 dimensions: cos ≈ N(0, 1/576); 5σ ≈ 0.21.
    expect(Math.abs(random.meanCosine)).toBeLessThan(0.05);
    expect(random.maxCosine).toBeLessThan(0.21);
  });

  it('treats zero filters as identical to each other and orthogonal to the rest', () => {
    const d = filterDiversity(
      tensor([
        [0, 0],
        [0, 0],
        [1, 2],
      ]),
    );
    expect(d.matrix[0][1]).toBe(1);
    expect(d.matrix[0][2]).toBe(0);
  });

  it('gives NaN summaries with a single filter or non-finite weights, and rejects rank < 2', () => {
    const diverged = filterDiversity(
      tensor([
        [1, Number.NaN],
        [1, 2],
        [2, 1],
      ]),
    );
    expect(diverged.minCosine).toBeNaN();
    expect(diverged.maxCosine).toBeNaN();
    expect(diverged.matrix[1][2]).toBeCloseTo(0.8, 12);
    const one = filterDiversity(tensor([[1, 2, 3]]));
    expect(one.matrix).toEqual([[1]]);
    expect(one.meanCosine).toBeNaN();
    expect(() => filterDiversity(tensor([1, 2]))).toThrow(
      'filterDiversity: weight must have rank ≥ 2 ([outC, ...]), got [2]',
    );
  });
});
