import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { gemm, type MatrixView } from '../../internal/gemm';
import { createRng } from '../../random';
import { setKernelBackend } from '../backend';
import { loadGemmWasm } from './gemm-instance';

interface Operand {
  view: MatrixView;
  at: (i: number, j: number) => number;
}

/**
 * A float32 rows × cols matrix after `offset` elements, stored row-major or as the transpose
 * of a row-major matrix, with `gap` unused elements after each stored row (a sub-matrix view).
 */
function operand(
  rows: number,
  cols: number,
  layout: { transposed: boolean; offset: number; gap: number },
  seed: number,
): Operand {
  const { transposed, offset, gap } = layout;
  const [outer, inner] = transposed ? [cols, rows] : [rows, cols];
  const data = new Float32Array(offset + outer * (inner + gap));
  const rng = createRng(seed);
  for (let i = 0; i < data.length; i++) data[i] = rng.uniform(-1, 1);
  const view = transposed
    ? { data, offset, rowStride: 1, colStride: rows + gap }
    : { data, offset, rowStride: cols + gap, colStride: 1 };
  return { view, at: (i, j) => data[offset + i * view.rowStride + j * view.colStride] };
}

/**
 * Checks C against A·B (+ C₀) summed in float64. Float32 summation of k products in any
 * order errs by at most about k·u·Σ|a||b| (u = 2⁻²⁴), so that bound, with room for the
 * accumulate add and the final rounding, is the tolerance, per element.
 */
function expectProduct(m: number, n: number, k: number, a: Operand, b: Operand, c: Operand) {
  const before = c.view.data.slice();
  return (accumulate: boolean) => {
    const inView = new Uint8Array(before.length);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const index = c.view.offset + i * c.view.rowStride + j * c.view.colStride;
        inView[index] = 1;
        let exact = accumulate ? before[index] : 0;
        let magnitude = Math.abs(exact);
        for (let p = 0; p < k; p++) {
          exact += a.at(i, p) * b.at(p, j);
          magnitude += Math.abs(a.at(i, p) * b.at(p, j));
        }
        const got = c.view.data[index];
        const tolerance = (k + 4) * 2 ** -24 * magnitude;
        if (!(Math.abs(got - exact) <= tolerance)) {
          throw new Error(`C[${i}, ${j}] = ${got}, expected ${exact} ± ${tolerance}`);
        }
      }
    }
    // Padding before the offset and gaps between rows are never written.
    c.view.data.forEach((value, index) => {
      if (!inView[index] && !Object.is(value, before[index])) {
        throw new Error(`element ${index} outside C changed from ${before[index]} to ${value}`);
      }
    });
  };
}

const layoutArb = fc.record({
  transposed: fc.boolean(),
  offset: fc.integer({ min: 0, max: 3 }),
  gap: fc.integer({ min: 0, max: 2 }),
});

describe('float32 gemm on the wasm backend', () => {
  afterEach(() => setKernelBackend('auto'));

  it('is available in this runtime (Node 20+ ships WebAssembly SIMD)', () => {
    expect(loadGemmWasm()).not.toBeNull();
  });

  it('matches a float64 reference for any sizes, strides, offsets and accumulate', () => {
    setKernelBackend('wasm');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 45 }),
        fc.integer({ min: 1, max: 45 }),
        fc.integer({ min: 1, max: 70 }),
        fc.tuple(layoutArb, layoutArb, layoutArb),
        fc.boolean(),
        fc.integer(),
        (m, n, k, [layoutA, layoutB, layoutC], accumulate, seed) => {
          const a = operand(m, k, layoutA, seed);
          const b = operand(k, n, layoutB, seed + 1);
          const c = operand(m, n, layoutC, seed + 2);
          const check = expectProduct(m, n, k, a, b, c);
          gemm(m, n, k, a.view, b.view, c.view, accumulate);
          check(accumulate);
        },
      ),
    );
  });

  it('covers every copy path: each operand orientation, with and without row gaps', () => {
    // 45 columns and 70 steps are long enough for the memcpy + SIMD packing paths, 5 and 3
    // short enough for the scalar ones; gaps break the single-copy fast paths.
    setKernelBackend('wasm');
    let seed = 0;
    for (const [m, n, k] of [
      [45, 45, 70],
      [5, 3, 70],
      [45, 45, 3],
    ]) {
      for (const flags of Array.from({ length: 16 }, (_, bits) => bits)) {
        const layout = (bit: number) => ({
          transposed: (flags & bit) !== 0,
          offset: 1,
          gap: flags & 8 ? 1 : 0,
        });
        const a = operand(m, k, layout(1), seed++);
        const b = operand(k, n, layout(2), seed++);
        const c = operand(m, n, layout(4), seed++);
        const check = expectProduct(m, n, k, a, b, c);
        gemm(m, n, k, a.view, b.view, c.view, false);
        check(false);
      }
    }
  });

  it('crosses every block boundary: depth > 256, columns > 2048, rows > the C tile', () => {
    setKernelBackend('wasm');
    const plain = { transposed: false, offset: 1, gap: 0 };
    for (const [m, n, k, accumulate] of [
      [9, 13, 600, false],
      [513, 2049, 2, true],
    ] as const) {
      const a = operand(m, k, { ...plain, transposed: true }, 1);
      const b = operand(k, n, plain, 2);
      const c = operand(m, n, plain, 3);
      const check = expectProduct(m, n, k, a, b, c);
      gemm(m, n, k, a.view, b.view, c.view, accumulate);
      check(accumulate);
    }
  });

  it('keeps its memory bounded and reused across thousands of calls', () => {
    setKernelBackend('wasm');
    const kernel = loadGemmWasm()!;
    const rng = createRng(7);
    const largest = 64;
    const ones = new Float32Array(largest * largest).fill(1);
    const c = new Float32Array(largest * largest);
    const view = (data: Float32Array, cols: number) => ({
      data,
      offset: 0,
      rowStride: cols,
      colStride: 1,
    });
    gemm(
      largest,
      largest,
      largest,
      view(ones, largest),
      view(ones, largest),
      view(c, largest),
      false,
    );
    const afterLargest = kernel.memoryBytes();
    for (let call = 0; call < 3000; call++) {
      const [m, n, k] = [0, 1, 2].map(() => 1 + Math.floor(rng.uniform(0, largest)));
      gemm(m, n, k, view(ones, k), view(ones, n), view(c, n), false);
      // Every entry of a product of all-ones matrices is exactly k.
      if (c[0] !== k || c[(m - 1) * n + n - 1] !== k)
        throw new Error(`call ${call}: wrong product`);
    }
    expect(kernel.memoryBytes()).toBe(afterLargest);
  });
});
