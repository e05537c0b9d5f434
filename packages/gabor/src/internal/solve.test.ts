import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solveSpd } from './solve';

describe('solveSpd', () => {
  it('solves random SPD systems (property: A·x = b)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 64, maxLength: 64 }),
        (n, values) => {
          // A = MᵀM + I is symmetric positive definite.
          const a = new Float64Array(n * n);
          for (let i = 0; i < n; i++)
            for (let j = 0; j < n; j++) {
              let s = i === j ? 1 : 0;
              for (let k = 0; k < n; k++) s += values[k * n + i] * values[k * n + j];
              a[i * n + j] = s;
            }
          const b = Float64Array.from({ length: n }, (_, i) => values[63 - i]);
          const x = solveSpd(a, b, n)!;
          for (let i = 0; i < n; i++) {
            let s = 0;
            for (let j = 0; j < n; j++) s += a[i * n + j] * x[j];
            expect(s).toBeCloseTo(b[i], 9);
          }
        },
      ),
    );
  });

  it('reports a matrix that is not positive definite', () => {
    expect(solveSpd(Float64Array.from([1, 2, 2, 1]), Float64Array.from([1, 1]), 2)).toBeNull();
  });
});
