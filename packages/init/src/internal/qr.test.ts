import { createRng } from '@convkit/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { householderQ } from './qr';

describe('householderQ', () => {
  it('returns orthonormal columns with A = Q·R, R upper triangular with diag ≥ 0', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 1000 }),
        (p, q, seed) => {
          const m = Math.max(p, q);
          const n = Math.min(p, q);
          const rng = createRng(seed);
          const a = Float64Array.from({ length: m * n }, () => rng.normal());
          const q0 = householderQ(Float64Array.from(a), m, n);
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < n; j++) {
              let dot = 0;
              let r = 0;
              for (let t = 0; t < m; t++) {
                dot += q0[t * n + i] * q0[t * n + j];
                r += q0[t * n + i] * a[t * n + j];
              }
              expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-12);
              if (i > j) expect(Math.abs(r)).toBeLessThan(1e-12);
              if (i === j) expect(r).toBeGreaterThan(0);
            }
          }
        },
      ),
    );
  });

  it('stays orthonormal for a rank-deficient matrix', () => {
    // Two equal columns and a zero column.
    const a = Float64Array.from([1, 1, 0, 2, 2, 0, 3, 3, 0, 4, 4, 0]);
    const q = householderQ(a, 4, 3);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let dot = 0;
        for (let t = 0; t < 4; t++) dot += q[t * 3 + i] * q[t * 3 + j];
        expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-12);
      }
    }
  });

  it('rejects wide matrices', () => {
    expect(() => householderQ(new Float64Array(6), 2, 3)).toThrow(
      'householderQ: need rows ≥ cols, got 2×3',
    );
  });
});
