import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TypedArray } from '../dtype';
import { createRng } from '../random';
import { gemm, type MatrixView } from './gemm';

type ArrayCtor = Float32ArrayConstructor | Float64ArrayConstructor;

interface Stored {
  view: MatrixView;
  at: (i: number, j: number) => number;
}

/**
 * A rows × cols matrix stored after `offset` padding elements, either row-major or as the
 * transpose of a row-major [cols, rows] matrix.
 */
function stored(
  Ctor: ArrayCtor,
  rows: number,
  cols: number,
  transposed: boolean,
  offset: number,
  seed: number,
): Stored {
  const rng = createRng(seed);
  const data = new Ctor(offset + rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = rng.uniform(-1, 1);
  const view = transposed
    ? { data, offset, rowStride: 1, colStride: rows }
    : { data, offset, rowStride: cols, colStride: 1 };
  return { view, at: (i, j) => data[offset + i * view.rowStride + j * view.colStride] };
}

function naive(m: number, n: number, k: number, a: Stored, b: Stored): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let p = 0; p < k; p++) acc += a.at(i, p) * b.at(p, j);
      out.push(acc);
    }
  }
  return out;
}

function expectMatrix(
  actual: TypedArray,
  c: MatrixView,
  m: number,
  n: number,
  expected: number[],
  tol: number,
) {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const got = actual[c.offset + i * c.rowStride + j * c.colStride];
      const want = expected[i * n + j];
      if (!(Math.abs(got - want) <= tol * (1 + Math.abs(want)))) {
        throw new Error(`C[${i}, ${j}] = ${got}, expected ${want}`);
      }
    }
  }
}

describe('gemm', () => {
  it('computes a small product with transposed operands', () => {
    // A stored as [3, 2] and read as Aᵀ [2, 3]; B [3, 2] row-major.
    const a = new Float64Array([1, 4, 2, 5, 3, 6]);
    const b = new Float64Array([1, 0, 0, 1, 1, 1]);
    const c = new Float64Array(4);
    gemm(
      2,
      2,
      3,
      { data: a, offset: 0, rowStride: 1, colStride: 2 },
      { data: b, offset: 0, rowStride: 2, colStride: 1 },
      { data: c, offset: 0, rowStride: 2, colStride: 1 },
      false,
    );
    expect([...c]).toEqual([4, 5, 10, 11]);
  });

  it('overwrites or accumulates, and zeroes C when k is 0', () => {
    const one = { data: new Float64Array([2]), offset: 0, rowStride: 1, colStride: 1 };
    const c = { data: new Float64Array([5]), offset: 0, rowStride: 1, colStride: 1 };
    gemm(1, 1, 1, one, one, c, true);
    expect(c.data[0]).toBe(9);
    gemm(1, 1, 1, one, one, c, false);
    expect(c.data[0]).toBe(4);
    gemm(1, 1, 0, one, one, c, true);
    expect(c.data[0]).toBe(4);
    gemm(1, 1, 0, one, one, c, false);
    expect(c.data[0]).toBe(0);
  });

  it('spans every cache block boundary (m > MC, k > KC, n > NC)', () => {
    for (const [m, n, k] of [
      [3, 2053, 2],
      [101, 9, 517],
    ]) {
      const a = stored(Float64Array, m, k, false, 0, 1);
      const b = stored(Float64Array, k, n, true, 0, 2);
      const c = { data: new Float64Array(m * n), offset: 0, rowStride: n, colStride: 1 };
      gemm(m, n, k, a.view, b.view, c, false);
      expectMatrix(c.data, c, m, n, naive(m, n, k, a, b), 1e-12);
    }
  });

  it('matches a naive triple loop for any strides, offsets and dtypes', () => {
    const config = fc.record({
      m: fc.integer({ min: 0, max: 40 }),
      n: fc.integer({ min: 0, max: 40 }),
      k: fc.integer({ min: 0, max: 70 }),
      transA: fc.boolean(),
      transB: fc.boolean(),
      transC: fc.boolean(),
      accumulate: fc.boolean(),
      offset: fc.integer({ min: 0, max: 3 }),
      float32: fc.boolean(),
      seed: fc.integer(),
    });
    fc.assert(
      fc.property(
        config,
        ({ m, n, k, transA, transB, transC, accumulate, offset, float32, seed }) => {
          const Ctor = float32 ? Float32Array : Float64Array;
          const a = stored(Ctor, m, k, transA, offset, seed);
          const b = stored(Ctor, k, n, transB, offset + 1, seed + 1);
          const c = stored(Ctor, m, n, transC, offset + 2, seed + 2);
          const expected = naive(m, n, k, a, b).map((v, idx) =>
            accumulate ? v + c.at(Math.floor(idx / n), idx % n) : v,
          );
          const before = c.view.data.slice(0, offset + 2);
          gemm(m, n, k, a.view, b.view, c.view, accumulate);
          expectMatrix(c.view.data, c.view, m, n, expected, float32 ? 1e-6 : 1e-12);
          // Elements before the offset are never touched.
          expect([...c.view.data.slice(0, offset + 2)]).toEqual([...before]);
        },
      ),
    );
  });
});
