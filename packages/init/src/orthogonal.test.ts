import { createRng, type Tensor } from '@convkit/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orthogonal } from './orthogonal';

/** W·Wᵀ (rows ≤ cols) or Wᵀ·W (rows > cols) of a weight viewed as rows × (product of the rest). */
function gram(w: Tensor): { g: Float64Array; k: number } {
  const rows = w.shape[0];
  const cols = w.size / rows;
  const wide = rows <= cols;
  const k = wide ? rows : cols;
  const at = (i: number, j: number) => w.data[i * cols + j];
  const g = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let s = 0;
      if (wide) for (let j = 0; j < cols; j++) s += at(a, j) * at(b, j);
      else for (let i = 0; i < rows; i++) s += at(i, a) * at(i, b);
      g[a * k + b] = s;
    }
  }
  return { g, k };
}

function maxDeviationFromScaledIdentity(w: Tensor, gain: number): number {
  const { g, k } = gram(w);
  let worst = 0;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      worst = Math.max(worst, Math.abs(g[a * k + b] - (a === b ? gain * gain : 0)));
    }
  }
  return worst;
}

describe('orthogonal', () => {
  it('gives W·Wᵀ = I or Wᵀ·W = I for square, wide, tall and conv-shaped weights', () => {
    for (const shape of [
      [6, 6],
      [3, 10],
      [10, 3],
      [8, 3, 3, 3],
      [40, 2, 3, 3],
      [5, 1, 1, 1],
      [1, 7],
    ]) {
      const w = orthogonal()(shape, { rng: createRng(1), dtype: 'float64' });
      expect(maxDeviationFromScaledIdentity(w, 1)).toBeLessThan(1e-12);
      // float32 keeps it to float32 round-off.
      const w32 = orthogonal()(shape, { rng: createRng(1) });
      expect(maxDeviationFromScaledIdentity(w32, 1)).toBeLessThan(1e-6);
    }
  });

  it('scales by gain', () => {
    const w = orthogonal({ gain: Math.SQRT2 })([20, 4, 3, 3], {
      rng: createRng(2),
      dtype: 'float64',
    });
    expect(maxDeviationFromScaledIdentity(w, Math.SQRT2)).toBeLessThan(1e-12);
    expect(orthogonal({ gain: 2 }).describe([20, 4, 3, 3])).toMatchObject({
      gain: 2,
      std: 2 / 6,
      bound: 2,
    });
  });

  it('holds on random shapes of rank 2–4 (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 4 }),
        fc.integer({ min: 0, max: 1000 }),
        (shape, seed) => {
          const w = orthogonal()(shape, { rng: createRng(seed), dtype: 'float64' });
          expect(maxDeviationFromScaledIdentity(w, 1)).toBeLessThan(1e-12);
        },
      ),
    );
  });

  it('is the QR factor of the Gaussian draw with diag(R) > 0 (PyTorch’s sign correction)', () => {
    for (const [rows, cols] of [
      [7, 4],
      [4, 7],
    ]) {
      const w = orthogonal()([rows, cols], { rng: createRng(3), dtype: 'float64' });
      // Redraw the same Gaussian A (row-major rows × cols, as PyTorch draws it).
      const rng = createRng(3);
      const a = Array.from({ length: rows }, () =>
        Array.from({ length: cols }, () => rng.normal()),
      );
      // Tall: A = W·R, so R = Wᵀ·A. Wide: Aᵀ = Wᵀ·R, so R = W·Aᵀ. R must be upper triangular
      // with a positive diagonal.
      const k = Math.min(rows, cols);
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) {
          let r = 0;
          if (rows >= cols) for (let t = 0; t < rows; t++) r += w.data[t * cols + i] * a[t][j];
          else for (let t = 0; t < cols; t++) r += w.data[i * cols + t] * a[j][t];
          if (i > j) expect(Math.abs(r)).toBeLessThan(1e-12);
          if (i === j) expect(r).toBeGreaterThan(0);
        }
      }
    }
  });

  it('has mean square exactly gain²/max(rows, cols), as described', () => {
    const w = orthogonal()([16, 3, 5], { rng: createRng(4), dtype: 'float64' });
    let ss = 0;
    for (const x of w.data) ss += x * x;
    expect(ss / w.size).toBeCloseTo(orthogonal().describe([16, 3, 5]).std ** 2, 14);
  });

  it('returns empty tensors for shapes without elements and rejects rank < 2', () => {
    expect(orthogonal()([0, 3]).shape).toEqual([0, 3]);
    expect(() => orthogonal()([4])).toThrow(
      'orthogonal: shape must have rank ≥ 2 (rows = shape[0], cols = the product of the rest), got [4]',
    );
  });
});
