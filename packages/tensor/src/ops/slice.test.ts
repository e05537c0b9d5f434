import { checkGradients, expectClose, shapeArb, tensorArb } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arange, tensor, zeros } from '../creation';
import type { NestedArray, Tensor } from '../tensor';
import { mul } from './arithmetic';
import { narrow, slice } from './slice';

/** The indices Python's `range(size)[start:end:step]` visits. */
function pythonIndices(
  size: number,
  start: number,
  end: number | undefined,
  step: number,
): number[] {
  const bound = (i: number) => Math.min(Math.max(i < 0 ? i + size : i, 0), size);
  const indices: number[] = [];
  for (let i = bound(start); i < (end === undefined ? size : bound(end)); i += step)
    indices.push(i);
  return indices;
}

/** Picks `indices` along `axis` of nested arrays. */
function pick(nested: NestedArray, axis: number, indices: number[]): NestedArray {
  const items = nested as NestedArray[];
  return axis === 0
    ? indices.map((i) => items[i])
    : items.map((item) => pick(item, axis - 1, indices));
}

const sliceCaseArb = shapeArb({ minRank: 1, maxRank: 4, minDim: 0, maxDim: 5 }).chain((shape) =>
  fc.integer({ min: -shape.length, max: shape.length - 1 }).chain((axis) => {
    const size = shape[axis < 0 ? axis + shape.length : axis];
    const bound = fc.integer({ min: -size - 3, max: size + 3 });
    return fc.record({
      x: tensorArb(shape),
      axis: fc.constant(axis),
      start: bound,
      end: fc.option(bound, { nil: undefined }),
      step: fc.integer({ min: 1, max: 4 }),
    });
  }),
);

describe('slice: examples', () => {
  const v = tensor([0, 1, 2, 3, 4]);

  it('takes Python-style ranges', () => {
    expect(slice(v, 0, 1, 3).toArray()).toEqual([1, 2]);
    expect(slice(v, 0, 1, -1).toArray()).toEqual([1, 2, 3]);
    expect(slice(v, 0, -2).toArray()).toEqual([3, 4]);
    expect(slice(v, 0, 0, undefined, 2).toArray()).toEqual([0, 2, 4]);
    expect(slice(v, 0, 1, 5, 3).toArray()).toEqual([1, 4]);
    expect(v.slice(0, 3).toArray()).toEqual([3, 4]);
  });

  it('clamps out-of-range bounds like PyTorch, possibly to an empty result', () => {
    expect(slice(v, 0, -10, 10).toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(slice(v, 0, 7).shape).toEqual([0]);
    expect(slice(v, 0, 3, 1).shape).toEqual([0]);
    expect(slice(v, 0, 2, -10).shape).toEqual([0]);
  });

  it('slices inner axes of a matrix', () => {
    const x = arange(12).reshape([3, 4]);
    expect(slice(x, 1, 1, 3).toArray()).toEqual([
      [1, 2],
      [5, 6],
      [9, 10],
    ]);
    expect(slice(x, -2, 0, 3, 2).toArray()).toEqual([
      [0, 1, 2, 3],
      [8, 9, 10, 11],
    ]);
  });

  it('returns the input when the slice covers everything', () => {
    const x = zeros([2, 3]);
    expect(slice(x, 1, 0)).toBe(x);
    expect(slice(x, 0, -5, 9)).toBe(x);
  });

  it('keeps the dtype and carries NaN', () => {
    const y = slice(tensor([1, Number.NaN, 3], { dtype: 'float64' }), 0, 1);
    expect(y.dtype).toBe('float64');
    expect(Number.isNaN(y.data[0])).toBe(true);
    expect(slice(tensor([1, 2, 3], { dtype: 'int32' }), 0, 1).dtype).toBe('int32');
  });

  it('copies long contiguous runs correctly', () => {
    const x = arange(2 * 100 * 3).reshape([2, 100, 3]);
    const y = slice(x, 1, 10, 90);
    expect(y.shape).toEqual([2, 80, 3]);
    expect(y.toArray()).toEqual(pick(x.toArray(), 1, pythonIndices(100, 10, 90, 1)));
  });

  it('explains bad arguments', () => {
    const x = zeros([2, 3]);
    expect(() => slice(tensor(1), 0, 0)).toThrow(
      'slice: x must have at least one dimension, got shape []',
    );
    expect(() => slice(x, 2, 0)).toThrow(
      'slice: axis must be an integer in [-2, 1] for a tensor of rank 2, got 2',
    );
    expect(() => slice(x, 0, 0.5)).toThrow('slice: start must be an integer, got 0.5');
    expect(() => slice(x, 0, 0, Number.POSITIVE_INFINITY)).toThrow(
      'slice: end must be an integer, got Infinity',
    );
    expect(() => slice(x, 0, 0, 2, 0)).toThrow('slice: step must be a positive integer, got 0');
    expect(() => slice(x, 0, 0, 2, -1)).toThrow('slice: step must be a positive integer, got -1');
    expect(() => slice(x, 0, 0, 2, 1.5)).toThrow('slice: step must be an integer, got 1.5');
  });
});

describe('narrow: examples', () => {
  const x = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);

  it('takes length entries from start', () => {
    expect(narrow(x, 1, 1, 2).toArray()).toEqual([
      [2, 3],
      [5, 6],
    ]);
    expect(narrow(x, 0, -1, 1).toArray()).toEqual([[4, 5, 6]]);
    expect(x.narrow(1, 3, 0).shape).toEqual([2, 0]);
    expect(narrow(x, 1, 0, 3)).toBe(x);
  });

  it('enforces strict bounds', () => {
    expect(() => narrow(x, 1, 2, 2)).toThrow(
      'narrow: start + length must be at most 3 (the size of dimension 1), got 2 + 2 = 4',
    );
    expect(() => narrow(x, 1, -4, 1)).toThrow(
      'narrow: start must be in [-3, 3] for dimension 1 of size 3, got -4',
    );
    expect(() => narrow(x, 0, 0, -1)).toThrow('narrow: length must be non-negative, got -1');
    expect(() => narrow(x, 0, 0, 1.5)).toThrow('narrow: length must be an integer, got 1.5');
    expect(() => narrow(x, -3, 0, 1)).toThrow('narrow: axis must be an integer in [-2, 1]');
    expect(() => narrow(tensor(2), 0, 0, 1)).toThrow(
      'narrow: x must have at least one dimension, got shape []',
    );
  });
});

describe('slice: properties', () => {
  it('matches picking the Python range along the axis', () => {
    fc.assert(
      fc.property(sliceCaseArb, ({ x, axis, start, end, step }) => {
        const a = axis < 0 ? axis + x.rank : axis;
        const indices = pythonIndices(x.shape[a], start, end, step);
        const y = slice(x, axis, start, end, step);
        expect(y.shape).toEqual(x.shape.map((d, i) => (i === a ? indices.length : d)));
        expect(y.toArray()).toEqual(pick(x.toArray(), a, indices));
      }),
    );
  });

  it('narrow equals slice from start to start + length', () => {
    const arb = shapeArb({ minRank: 1, maxRank: 3, minDim: 1, maxDim: 5 }).chain((shape) =>
      fc
        .integer({ min: 0, max: shape.length - 1 })
        .chain((axis) =>
          fc
            .integer({ min: 0, max: shape[axis] })
            .chain((start) =>
              fc.tuple(
                tensorArb(shape),
                fc.constant(axis),
                fc.constant(start),
                fc.integer({ min: 0, max: shape[axis] - start }),
              ),
            ),
        ),
    );
    fc.assert(
      fc.property(arb, ([x, axis, start, length]) => {
        expect(narrow(x, axis, start, length).toArray()).toEqual(
          slice(x, axis, start, start + length).toArray(),
        );
      }),
    );
  });
});

describe('slice: gradients', () => {
  it('scatters the output gradient into zeros of the input shape', () => {
    const x = tensor([10, 20, 30, 40, 50], { dtype: 'float64', requiresGrad: true });
    mul(slice(x, 0, 1, 5, 2), tensor([3, 7], { dtype: 'float64' }))
      .sum()
      .backward();
    expectClose(x.grad!, [0, 3, 0, 7, 0]);
  });

  it('gives an all-zero gradient for an empty slice', () => {
    const x = tensor([[1, 2]], { dtype: 'float64', requiresGrad: true });
    slice(x, 1, 2).sum().backward();
    expectClose(x.grad!, [[0, 0]]);
  });

  // Slicing is linear with 0/1 entries, so central differences are exact up to rounding
  // and the default tolerances (atol 1e-6, rtol 1e-4) have a wide margin.
  it('matches finite differences in float64 over random slices', () => {
    fc.assert(
      fc.property(sliceCaseArb, ({ x, axis, start, end, step }) => {
        x.requiresGrad = true;
        checkGradients((t: Tensor) => slice(t, axis, start, end, step), [x]);
      }),
      { numRuns: 15 },
    );
  });

  it('matches finite differences for narrow', () => {
    const x = arange(0, 24, 1, { dtype: 'float64' }).reshape([2, 3, 4]).detach().requiresGrad_();
    checkGradients((t) => narrow(t, 2, 1, 2).square(), [x]);
  });

  it('narrow matches finite differences over random shapes and ranges', () => {
    const arb = shapeArb({ minRank: 1, maxRank: 3, minDim: 1, maxDim: 4 }).chain((shape) =>
      fc
        .integer({ min: 0, max: shape.length - 1 })
        .chain((axis) =>
          fc
            .integer({ min: 0, max: shape[axis] })
            .chain((start) =>
              fc.tuple(
                tensorArb(shape, { requiresGrad: true }),
                fc.constant(axis),
                fc.constant(start),
                fc.integer({ min: 0, max: shape[axis] - start }),
              ),
            ),
        ),
    );
    fc.assert(
      fc.property(arb, ([x, axis, start, length]) => {
        checkGradients((t) => narrow(t, axis, start, length).square(), [x]);
      }),
      { numRuns: 15 },
    );
  });
});
