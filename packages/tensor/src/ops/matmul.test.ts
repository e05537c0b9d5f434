import { broadcastableShapesArb, checkGradients, expectClose, tensorArb } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng, type DType, eye, matmul, randn, type Tensor, tensor, zeros } from '../index';

/** Reference torch.matmul: promote 1-D operands, broadcast batches, triple loop in float64. */
function naiveMatmul(a: Tensor, b: Tensor): Tensor {
  const a2 = a.rank === 1 ? [1, a.shape[0]] : [...a.shape];
  const b2 = b.rank === 1 ? [b.shape[0], 1] : [...b.shape];
  const [m, k] = a2.slice(-2);
  const n = b2[b2.length - 1];
  const rank = Math.max(a2.length, b2.length) - 2;
  const pad = (s: number[]) => [...new Array(rank - (s.length - 2)).fill(1), ...s.slice(0, -2)];
  const aBatch = pad(a2);
  const bBatch = pad(b2);
  const batch = aBatch.map((d, i) => Math.max(d, bBatch[i]));
  const batchSize = batch.reduce((p, d) => p * d, 1);
  const out: number[] = [];
  for (let e = 0; e < batchSize; e++) {
    let rest = e;
    let ai = 0;
    let bi = 0;
    let aScale = 1;
    let bScale = 1;
    for (let d = rank - 1; d >= 0; d--) {
      const idx = rest % batch[d];
      rest = Math.floor(rest / batch[d]);
      ai += (aBatch[d] === 1 ? 0 : idx) * aScale;
      bi += (bBatch[d] === 1 ? 0 : idx) * bScale;
      aScale *= aBatch[d];
      bScale *= bBatch[d];
    }
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let p = 0; p < k; p++)
          acc += a.data[ai * m * k + i * k + p] * b.data[bi * k * n + p * n + j];
        out.push(acc);
      }
    }
  }
  const shape = [...batch, ...(a.rank > 1 ? [m] : []), ...(b.rank > 1 ? [n] : [])];
  return tensor(out, { shape, dtype: 'float64' });
}

function random(shape: number[], dtype: DType, seed: number): Tensor {
  return randn(shape, { dtype, rng: createRng(seed) });
}

describe('matmul examples', () => {
  it('multiplies matrices and vectors', () => {
    expect(
      matmul(
        tensor([
          [1, 2],
          [3, 4],
        ]),
        tensor([[5], [6]]),
      ).toArray(),
    ).toEqual([[17], [39]]);
    expect(
      matmul(
        tensor([
          [1, 2],
          [3, 4],
        ]),
        tensor([
          [5, 6],
          [7, 8],
        ]),
      ).toArray(),
    ).toEqual([
      [19, 22],
      [43, 50],
    ]);
    const dot = matmul(tensor([1, 2, 3]), tensor([4, 5, 6]));
    expect(dot.shape).toEqual([]);
    expect(dot.item()).toBe(32);
    expect(
      matmul(
        tensor([1, 2]),
        tensor([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      ).toArray(),
    ).toEqual([9, 12, 15]);
    expect(
      matmul(
        tensor([
          [1, 2, 3],
          [4, 5, 6],
        ]),
        tensor([1, 0, -1]),
      ).toArray(),
    ).toEqual([-2, -2]);
  });

  it('broadcasts batch dimensions', () => {
    const a = tensor([
      [
        [1, 0],
        [0, 1],
      ],
      [
        [2, 0],
        [0, 2],
      ],
    ]); // [2, 2, 2]
    const b = tensor([
      [1, 2],
      [3, 4],
    ]); // [2, 2], shared by both batches
    expect(matmul(a, b).toArray()).toEqual([
      [
        [1, 2],
        [3, 4],
      ],
      [
        [2, 4],
        [6, 8],
      ],
    ]);
    expect(matmul(b, a).toArray()).toEqual([
      [
        [1, 2],
        [3, 4],
      ],
      [
        [2, 4],
        [6, 8],
      ],
    ]);
  });

  it('keeps the dtype and promotes int32 to the float operand', () => {
    const f64 = tensor([[1, 2]], { dtype: 'float64' });
    expect(matmul(f64, tensor([[3], [4]], { dtype: 'float64' })).dtype).toBe('float64');
    const mixed = matmul(tensor([[1, 2]], { dtype: 'int32' }), tensor([[0.5], [0.25]]));
    expect(mixed.dtype).toBe('float32');
    expect(mixed.toArray()).toEqual([[1]]);
    const ints = matmul(
      tensor([[1, 2]], { dtype: 'int32' }),
      tensor([[3], [4]], { dtype: 'int32' }),
    );
    expect(ints.dtype).toBe('int32');
    expect(ints.toArray()).toEqual([[11]]);
  });

  it('handles empty and size-1 dimensions', () => {
    expect(matmul(zeros([0, 3]), zeros([3, 4])).shape).toEqual([0, 4]);
    expect(matmul(zeros([2, 3, 0]), zeros([0, 5])).toArray()).toEqual([
      [
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
      ],
      [
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
      ],
    ]);
    expect(matmul(zeros([0]), zeros([0])).item()).toBe(0);
    expect(matmul(zeros([0, 2, 3]), zeros([3, 1])).shape).toEqual([0, 2, 1]);
    expect(matmul(tensor([[2]]), tensor([[3]])).toArray()).toEqual([[6]]);
  });

  it('is the identity for eye and propagates NaN', () => {
    const x = random([5, 7], 'float64', 1);
    expectClose(matmul(eye(5, 5, { dtype: 'float64' }), x), x, { atol: 0 });
    const out = matmul(
      tensor([
        [Number.NaN, 1],
        [0, 1],
      ]),
      tensor([
        [1, 1],
        [1, 1],
      ]),
    );
    expect(out.toArray()).toEqual([
      [Number.NaN, Number.NaN],
      [1, 1],
    ]);
  });

  it('follows the shape rules for every rank combination', () => {
    const as = [[3], [2, 3], [4, 2, 3], [5, 4, 2, 3]];
    const bs = [[3], [3, 6], [4, 3, 6], [5, 1, 3, 6]];
    const expected = [
      [[], [6], [4, 6], [5, 1, 6]],
      [[2], [2, 6], [4, 2, 6], [5, 1, 2, 6]],
      [
        [4, 2],
        [4, 2, 6],
        [4, 2, 6],
        [5, 4, 2, 6],
      ],
      [
        [5, 4, 2],
        [5, 4, 2, 6],
        [5, 4, 2, 6],
        [5, 4, 2, 6],
      ],
    ];
    as.forEach((aShape, i) => {
      bs.forEach((bShape, j) => {
        const a = random(aShape, 'float64', 10 * i + j);
        const b = random(bShape, 'float64', 100 + 10 * i + j);
        const out = matmul(a, b);
        expect(out.shape, `${aShape} x ${bShape}`).toEqual(expected[i][j]);
        expectClose(out, naiveMatmul(a, b), { atol: 1e-12 });
      });
    });
  });

  it('throws naming both shapes', () => {
    expect(() => matmul(zeros([2, 3]), zeros([4, 5]))).toThrow(
      'matmul: inner dimensions must match, got [2, 3] and [4, 5]',
    );
    expect(() => matmul(zeros([3]), zeros([4]))).toThrow(
      'matmul: inner dimensions must match, got [3] and [4]',
    );
    expect(() => matmul(zeros([2, 2, 3]), zeros([3, 3, 1]))).toThrow(
      'matmul: batch dimensions must broadcast, got [2, 2, 3] and [3, 3, 1]',
    );
    expect(() => matmul(zeros([]), zeros([3]))).toThrow(
      'matmul: both operands must have at least 1 dimension, got [] and [3]',
    );
    expect(() => matmul(zeros([2, 2]), zeros([2, 2], { dtype: 'float64' }))).toThrow(
      'matmul: cannot mix dtypes float32 and float64',
    );
    expect(() => matmul([[1]] as never, zeros([1, 1]))).toThrow(
      'matmul: a must be a Tensor, got [[1]]',
    );
  });
});

/** Matrix sizes around the 4×4 tile, with 0 and 1. */
const dim = fc.constantFrom(0, 1, 2, 3, 4, 5, 7, 8, 9);

/** Two operands with broadcastable batches; either may be 1-D. */
const operandsArb = (dtype: DType, minDim = 0) =>
  fc
    .record({
      batches: broadcastableShapesArb({ maxRank: 2, maxDim: 3 }),
      m: dim.filter((d) => d >= minDim),
      k: dim.filter((d) => d >= minDim),
      n: dim.filter((d) => d >= minDim),
      aVector: fc.boolean(),
      bVector: fc.boolean(),
    })
    .chain(({ batches: [aBatch, bBatch], m, k, n, aVector, bVector }) =>
      fc.tuple(
        tensorArb(aVector ? [k] : [...aBatch, m, k], { dtype }),
        tensorArb(bVector ? [k] : [...bBatch, k, n], { dtype }),
      ),
    );

describe('matmul properties', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`matches a naive triple loop (${dtype})`, () => {
      fc.assert(
        fc.property(operandsArb(dtype), ([a, b]) => {
          const out = matmul(a, b);
          expect(out.dtype).toBe(dtype);
          expectClose(out, naiveMatmul(a, b), {
            atol: 1e-9,
            rtol: dtype === 'float32' ? 1e-6 : 1e-12,
          });
        }),
      );
    });
  }

  it('matches the naive loop on sizes that use the blocked kernel', () => {
    const sizes = fc.record({
      m: fc.integer({ min: 1, max: 110 }),
      k: fc.integer({ min: 1, max: 300 }),
      n: fc.integer({ min: 1, max: 40 }),
      seed: fc.integer(),
      dtype: fc.constantFrom<DType>('float32', 'float64'),
    });
    fc.assert(
      fc.property(sizes, ({ m, k, n, seed, dtype }) => {
        const a = random([m, k], dtype, seed);
        const b = random([k, n], dtype, seed + 1);
        // float32 products may run on the wasm kernel, which sums in float32: the rounding
        // error of a k-term sum of unit-variance products grows like √k·2⁻²⁴ per term
        // magnitude, so up to k = 300 it stays well under 1e-4 absolute.
        const tolerance =
          dtype === 'float32' ? { atol: 1e-4, rtol: 1e-5 } : { atol: 1e-12, rtol: 1e-12 };
        expectClose(matmul(a, b), naiveMatmul(a, b), tolerance);
      }),
      { numRuns: 15 },
    );
  });

  it('batched matches the per-batch 2-D products', () => {
    const a = random([3, 1, 37, 20], 'float64', 5);
    const b = random([4, 20, 41], 'float64', 6);
    const out = matmul(a, b);
    expect(out.shape).toEqual([3, 4, 37, 41]);
    expectClose(out, naiveMatmul(a, b), { atol: 1e-12 });
  });
});

describe('matmul gradients', () => {
  // Bilinear, so central differences are exact up to rounding: tight default tolerances.
  it('match finite differences, including 1-D and broadcast batches', () => {
    fc.assert(
      fc.property(operandsArb('float64', 1), ([a, b]) => {
        a.requiresGrad = true;
        b.requiresGrad = true;
        checkGradients(matmul, [a, b]);
      }),
      { numRuns: 25 },
    );
  });

  it('returns gradients in the input shapes: dA = dOut·Bᵀ, dB = Aᵀ·dOut', () => {
    const a = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true },
    );
    const b = tensor(
      [
        [1, 0],
        [2, 1],
      ],
      { requiresGrad: true },
    );
    matmul(a, b).sum().backward();
    expect(a.grad?.toArray()).toEqual([
      [1, 3],
      [1, 3],
    ]);
    expect(b.grad?.toArray()).toEqual([
      [4, 4],
      [6, 6],
    ]);

    const x = random([3, 2, 4], 'float64', 7).requiresGrad_();
    const w = random([4, 5], 'float64', 8).requiresGrad_();
    const v = random([4], 'float64', 9).requiresGrad_();
    matmul(x, w).sum().backward();
    expect(w.grad?.shape).toEqual([4, 5]);
    matmul(x, v).sum().backward();
    expect(v.grad?.shape).toEqual([4]);
    checkGradients(matmul, [x, w]);
    // Both batches broadcast: [2, 1] against [3] gives [2, 3].
    checkGradients(matmul, [random([2, 1, 5, 2], 'float64', 10).requiresGrad_(), x]);
  });

  it('only computes gradients for inputs that need them', () => {
    const a = random([2, 3], 'float64', 11);
    const b = random([3, 2], 'float64', 12).requiresGrad_();
    matmul(a, b).sum().backward();
    expect(a.grad).toBeNull();
    expect(b.grad?.shape).toEqual([3, 2]);
  });
});
