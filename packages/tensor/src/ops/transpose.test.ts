import { checkGradients, expectClose, shapeArb, tensorArb } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arange, tensor, zeros } from '../creation';
import { stridesOf } from '../shape';
import type { Tensor } from '../tensor';
import { mul } from './arithmetic';
import { permute, transpose } from './transpose';

/** Element by element: out[i0..ik] = x[j] where j[dims[k]] = i[k]. */
function naivePermute(x: Tensor, dims: readonly number[]): number[] {
  const outShape = dims.map((d) => x.shape[d]);
  const inStrides = stridesOf(x.shape);
  const out: number[] = [];
  for (let flat = 0; flat < x.size; flat++) {
    let rest = flat;
    let source = 0;
    for (let k = outShape.length - 1; k >= 0; k--) {
      source += (rest % outShape[k]) * inStrides[dims[k]];
      rest = Math.floor(rest / outShape[k]);
    }
    out.push(x.data[source]);
  }
  return out;
}

const permutedArb = shapeArb({ minRank: 0, maxRank: 5, maxDim: 4 }).chain((shape) =>
  fc.tuple(
    tensorArb(shape),
    fc.shuffledSubarray(
      shape.map((_, i) => i),
      { minLength: shape.length, maxLength: shape.length },
    ),
  ),
);

describe('transpose: examples', () => {
  it('transposes a matrix by default', () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const y = transpose(x);
    expect(y.shape).toEqual([3, 2]);
    expect(y.toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(y.data).not.toBe(x.data);
  });

  it('swaps two given dimensions (negative allowed) and keeps the dtype', () => {
    const x = arange(0, 24, 1, { dtype: 'int32' }).reshape([2, 3, 4]);
    const y = transpose(x, 0, -1);
    expect(y.shape).toEqual([4, 3, 2]);
    expect(y.dtype).toBe('int32');
    expect(Array.from(y.data)).toEqual(naivePermute(x, [2, 1, 0]));
    expect(x.transpose(1, 2).toArray()).toEqual(transpose(x, 2, 1).toArray());
  });

  it('returns the input itself when both dimensions are the same', () => {
    const x = zeros([2, 3]);
    expect(transpose(x, 1, -1)).toBe(x);
  });

  it('handles size-1 and empty dimensions', () => {
    expect(transpose(tensor([[1, 2, 3]])).toArray()).toEqual([[1], [2], [3]]);
    const empty = transpose(zeros([0, 3]));
    expect(empty.shape).toEqual([3, 0]);
    expect(empty.size).toBe(0);
  });

  it('copies planes larger than one tile correctly', () => {
    const m = arange(0, 40 * 70).reshape([40, 70]);
    expect(Array.from(transpose(m).data)).toEqual(naivePermute(m, [1, 0]));
    const x = arange(0, 3 * 5 * 33 * 40).reshape([3, 5, 33, 40]);
    expect(Array.from(permute(x, [0, 2, 3, 1]).data)).toEqual(naivePermute(x, [0, 2, 3, 1]));
  });

  it('carries NaN through', () => {
    const y = transpose(tensor([[Number.NaN, 1]]));
    expect(Number.isNaN(y.data[0])).toBe(true);
    expect(y.data[1]).toBe(1);
  });

  it('names the offending dimension', () => {
    expect(() => transpose(zeros([3]))).toThrow(
      'transpose: dim0 must be an integer in [-1, 0] for a tensor of rank 1, got -2',
    );
    expect(() => transpose(zeros([2, 3]), 0, 2)).toThrow(
      'transpose: dim1 must be an integer in [-2, 1] for a tensor of rank 2, got 2',
    );
    expect(() => transpose([1, 2] as never)).toThrow('transpose: x must be a Tensor, got [1, 2]');
  });
});

describe('permute: examples', () => {
  it('moves channels last (NCHW to NHWC)', () => {
    const x = arange(2 * 3 * 2 * 2).reshape([2, 3, 2, 2]);
    const y = permute(x, [0, 2, 3, 1]);
    expect(y.shape).toEqual([2, 2, 2, 3]);
    // y[n, h, w, c] = x[n, c, h, w]
    expect(y.toArray()).toEqual([
      [
        [
          [0, 4, 8],
          [1, 5, 9],
        ],
        [
          [2, 6, 10],
          [3, 7, 11],
        ],
      ],
      [
        [
          [12, 16, 20],
          [13, 17, 21],
        ],
        [
          [14, 18, 22],
          [15, 19, 23],
        ],
      ],
    ]);
  });

  it('accepts negative dims and returns the input for the identity', () => {
    const x = arange(6).reshape([1, 2, 3]);
    expect(permute(x, [-1, 0, 1]).shape).toEqual([3, 1, 2]);
    expect(permute(x, [0, -2, 2])).toBe(x);
    const scalar = tensor(5);
    expect(permute(scalar, [])).toBe(scalar);
  });

  it('rejects dims that are not a permutation', () => {
    const x = zeros([2, 3, 4]);
    expect(() => permute(x, [0, 1])).toThrow(
      'permute: dims must be a permutation of [0, 1, 2] (one entry per dimension of shape [2, 3, 4]), got [0, 1]',
    );
    expect(() => permute(x, [0, 1, -3])).toThrow(
      'permute: dims must be a permutation of [0, 1, 2], got [0, 1, -3] (dimension 0 repeats)',
    );
    expect(() => permute(x, [0, 1, 3])).toThrow(
      'permute: dims[2] must be an integer in [-3, 2] for a tensor of rank 3, got 3',
    );
    expect(() => permute(x, [0, 1.5, 2])).toThrow('permute: dims[1] must be an integer');
    expect(() => permute(x, 0 as never)).toThrow(
      'permute: dims must be a permutation of [0, 1, 2]',
    );
  });
});

describe('permute: properties', () => {
  it('matches an element-by-element reference for every permutation', () => {
    fc.assert(
      fc.property(permutedArb, ([x, dims]) => {
        const y = permute(x, dims);
        expect(y.shape).toEqual(dims.map((d) => x.shape[d]));
        expect(Array.from(y.data)).toEqual(naivePermute(x, dims));
      }),
    );
  });

  it('is undone by the inverse permutation', () => {
    fc.assert(
      fc.property(permutedArb, ([x, dims]) => {
        const inverse = dims.map((_, i) => dims.indexOf(i));
        expect(permute(permute(x, dims), inverse).toArray()).toEqual(x.toArray());
      }),
    );
  });

  it('transpose equals permute with two entries swapped', () => {
    const arb = shapeArb({ minRank: 1, maxRank: 4, maxDim: 4 }).chain((shape) =>
      fc.tuple(
        tensorArb(shape, { dtype: 'float32' }),
        fc.integer({ min: -shape.length, max: shape.length - 1 }),
        fc.integer({ min: -shape.length, max: shape.length - 1 }),
      ),
    );
    fc.assert(
      fc.property(arb, ([x, d0, d1]) => {
        const dims = x.shape.map((_, i) => i);
        const a = d0 < 0 ? d0 + x.rank : d0;
        const b = d1 < 0 ? d1 + x.rank : d1;
        [dims[a], dims[b]] = [dims[b], dims[a]];
        const y = transpose(x, d0, d1);
        expect(y.dtype).toBe('float32');
        expect(Array.from(y.data)).toEqual(naivePermute(x, dims));
      }),
    );
  });
});

describe('permute: gradients', () => {
  // A permutation is linear with 0/1 entries: central differences are exact up to rounding,
  // so the default tolerances (atol 1e-6, rtol 1e-4) hold with a wide margin.
  it('matches finite differences in float64 over random shapes and permutations', () => {
    fc.assert(
      fc.property(permutedArb, ([x, dims]) => {
        x.requiresGrad = true;
        checkGradients((t) => permute(t, dims), [x]);
      }),
      { numRuns: 15 },
    );
  });

  it('sends the gradient back through the inverse permutation', () => {
    const x = arange(0, 6, 1, { dtype: 'float64' }).reshape([2, 3]).detach().requiresGrad_();
    const weights = tensor(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      { dtype: 'float64' },
    );
    mul(transpose(x), weights).sum().backward();
    expectClose(x.grad!, [
      [1, 3, 5],
      [2, 4, 6],
    ]);
  });

  it('matches finite differences for transpose of a batch of matrices', () => {
    const x = arange(0, 24, 1, { dtype: 'float64' }).reshape([2, 3, 4]).detach().requiresGrad_();
    checkGradients((t) => transpose(t).mul(t.transpose(-1, -2)), [x]);
  });

  it('transpose matches finite differences over random shapes and dimension pairs', () => {
    const arb = shapeArb({ minRank: 1, maxRank: 4, maxDim: 3 }).chain((shape) =>
      fc.tuple(
        tensorArb(shape, { requiresGrad: true }),
        fc.integer({ min: -shape.length, max: shape.length - 1 }),
        fc.integer({ min: -shape.length, max: shape.length - 1 }),
      ),
    );
    fc.assert(
      fc.property(arb, ([x, d0, d1]) => {
        checkGradients((t) => transpose(t, d0, d1).square(), [x]);
      }),
      { numRuns: 15 },
    );
  });
});
