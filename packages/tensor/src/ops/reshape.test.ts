import { checkGradients, expectClose, shapeArb, tensorArb } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arange, tensor, zeros } from '../creation';
import { mul } from './arithmetic';
import { flatten, reshape, squeeze, unsqueeze } from './reshape';

/** A tensor and another shape with the same number of elements (its dims shuffled, 1s added). */
const reshapeCaseArb = shapeArb({ minRank: 0, maxRank: 4, minDim: 1, maxDim: 4 }).chain((shape) =>
  fc.record({
    x: tensorArb(shape),
    target: fc
      .tuple(
        fc.shuffledSubarray(shape, { minLength: shape.length, maxLength: shape.length }),
        fc.array(fc.nat(shape.length), { maxLength: 2 }),
      )
      .map(([dims, ones]) => {
        const target = [...dims];
        for (const at of ones) target.splice(Math.min(at, target.length), 0, 1);
        return target;
      }),
  }),
);

describe('reshape: examples', () => {
  it('keeps row-major order', () => {
    expect(reshape(arange(0, 6), [2, 3]).toArray()).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(arange(0, 6).reshape([3, 2]).toArray()).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
  });

  it('infers one -1 dimension', () => {
    expect(reshape(zeros([2, 3, 4]), [-1, 4]).shape).toEqual([6, 4]);
    expect(reshape(zeros([2, 3, 4]), [2, -1]).shape).toEqual([2, 12]);
    expect(reshape(zeros([0, 3]), [-1, 3]).shape).toEqual([0, 3]);
    expect(reshape(tensor([7]), []).shape).toEqual([]);
    expect(reshape(tensor(7), [-1]).shape).toEqual([1]);
  });

  it('is a view: the result shares the input storage', () => {
    const x = arange(0, 6);
    const y = reshape(x, [2, 3]);
    expect(y).not.toBe(x);
    expect(y.data).toBe(x.data);
    expect(reshape(x, [6])).toBe(x);
  });

  it('explains bad shapes', () => {
    const x = zeros([2, 3]);
    expect(() => reshape(x, [4, 2])).toThrow(
      'reshape: cannot reshape [2, 3] (6 elements) to [4, 2] (8 elements)',
    );
    expect(() => reshape(x, [4, -1])).toThrow(
      'reshape: cannot reshape [2, 3] (6 elements) to [4, -1]',
    );
    expect(() => reshape(x, [-1, -1])).toThrow(
      'reshape: only one dimension can be -1, got [-1, -1]',
    );
    expect(() => reshape(x, [2, 1.5])).toThrow(
      'reshape: shape must be an array of integers ≥ -1, got [2, 1.5]',
    );
    expect(() => reshape(x, [-2, -3])).toThrow(
      'reshape: shape must be an array of integers ≥ -1, got [-2, -3]',
    );
    expect(() => reshape(x, 6 as never)).toThrow(
      'reshape: shape must be an array of integers ≥ -1, got 6',
    );
    // With a zero among the known sizes, -1 could be anything.
    expect(() => reshape(zeros([0, 3]), [0, -1])).toThrow(
      'reshape: cannot reshape [0, 3] (0 elements) to [0, -1]',
    );
    expect(() => reshape([1, 2] as never, [2])).toThrow('reshape: x must be a Tensor, got [1, 2]');
  });
});

describe('flatten, squeeze, unsqueeze: examples', () => {
  it('flatten merges a range of dimensions', () => {
    const x = zeros([2, 3, 4, 5]);
    expect(flatten(x).shape).toEqual([120]);
    expect(flatten(x, 1).shape).toEqual([2, 60]);
    expect(flatten(x, 1, 2).shape).toEqual([2, 12, 5]);
    expect(x.flatten(-2, -1).shape).toEqual([2, 3, 20]);
    expect(flatten(x, 2, 2)).toBe(x);
    expect(flatten(tensor(3)).shape).toEqual([1]);
    expect(() => flatten(x, 2, 1)).toThrow('flatten: startDim (2) must not come after endDim (1)');
    expect(() => flatten(x, 4)).toThrow(
      'flatten: startDim must be an integer in [-4, 3] for a tensor of rank 4, got 4',
    );
  });

  it('squeeze drops size-1 dimensions, all or the one given', () => {
    const x = zeros([1, 3, 1, 2]);
    expect(squeeze(x).shape).toEqual([3, 2]);
    expect(squeeze(x, 2).shape).toEqual([1, 3, 2]);
    expect(x.squeeze(-4).shape).toEqual([3, 1, 2]);
    expect(squeeze(x, 1)).toBe(x);
    expect(squeeze(zeros([1, 1])).shape).toEqual([]);
    expect(() => squeeze(x, 4)).toThrow(
      'squeeze: axis must be an integer in [-4, 3] for a tensor of rank 4, got 4',
    );
  });

  it('unsqueeze inserts a size-1 dimension anywhere in [-rank-1, rank]', () => {
    const x = zeros([2, 3]);
    expect(unsqueeze(x, 0).shape).toEqual([1, 2, 3]);
    expect(unsqueeze(x, 2).shape).toEqual([2, 3, 1]);
    expect(unsqueeze(x, -1).shape).toEqual([2, 3, 1]);
    expect(x.unsqueeze(-3).shape).toEqual([1, 2, 3]);
    expect(unsqueeze(tensor(1), 0).shape).toEqual([1]);
    expect(() => unsqueeze(x, 3)).toThrow(
      'unsqueeze: axis must be an integer in [-3, 2] for a tensor of rank 3, got 3',
    );
  });
});

describe('reshape family: properties', () => {
  it('reshape keeps the elements in order and infers -1 from the others', () => {
    fc.assert(
      fc.property(reshapeCaseArb, fc.nat(), ({ x, target }, pick) => {
        const y = reshape(x, target);
        expect(y.shape).toEqual(target);
        expect(y.data).toBe(x.data);
        if (target.length > 0) {
          const withHole = target.map((d, i) => (i === pick % target.length ? -1 : d));
          expect(reshape(x, withHole).shape).toEqual(target);
        }
      }),
    );
  });

  it('squeeze(unsqueeze(x, axis), axis) is x again, and flatten multiplies the merged sizes', () => {
    const arb = shapeArb({ minRank: 0, maxRank: 4 }).chain((shape) =>
      fc.tuple(tensorArb(shape), fc.integer({ min: -shape.length - 1, max: shape.length })),
    );
    fc.assert(
      fc.property(arb, ([x, axis]) => {
        const a = axis < 0 ? axis + x.rank + 1 : axis;
        const u = unsqueeze(x, axis);
        expect(u.shape).toEqual([...x.shape.slice(0, a), 1, ...x.shape.slice(a)]);
        expect(squeeze(u, axis).shape).toEqual(x.shape);
        expect(flatten(u).shape).toEqual([x.size]);
        expect(Array.from(flatten(u).data)).toEqual(Array.from(x.data));
      }),
    );
  });
});

describe('reshape family: gradients', () => {
  it('reshapes the gradient back to the input shape', () => {
    const x = arange(0, 6, 1, { dtype: 'float64' }).detach().requiresGrad_();
    mul(
      reshape(x, [2, 3]),
      tensor(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        { dtype: 'float64' },
      ),
    )
      .sum()
      .backward();
    expect(x.grad!.shape).toEqual([6]);
    expectClose(x.grad!, [1, 2, 3, 4, 5, 6]);
  });

  // Reshaping is the identity on the data: finite differences are exact up to rounding, so
  // the default tolerances (atol 1e-6, rtol 1e-4) have a wide margin. The square makes the
  // gradient depend on the values, so a mis-ordered backward would show.
  it('reshape matches finite differences in float64', () => {
    fc.assert(
      fc.property(reshapeCaseArb, ({ x, target }) => {
        x.requiresGrad = true;
        checkGradients((t) => reshape(t, target).square(), [x]);
      }),
      { numRuns: 15 },
    );
  });

  it('flatten, squeeze and unsqueeze match finite differences in float64', () => {
    const x = arange(0, 12, 1, { dtype: 'float64' }).reshape([2, 1, 3, 2]).detach().requiresGrad_();
    checkGradients((t) => flatten(t, 1, 2).square(), [x]);
    checkGradients((t) => squeeze(t).square(), [x]);
    checkGradients((t) => unsqueeze(t, -2).square(), [x]);
  });

  it('flatten, squeeze and unsqueeze match finite differences over random shapes and axes', () => {
    const arb = shapeArb({ minRank: 1, maxRank: 4, minDim: 1, maxDim: 3 }).chain((shape) =>
      fc.tuple(
        tensorArb(shape, { requiresGrad: true }),
        fc.integer({ min: -shape.length, max: shape.length - 1 }),
        fc.integer({ min: -shape.length, max: shape.length - 1 }),
        fc.integer({ min: -shape.length - 1, max: shape.length }),
      ),
    );
    fc.assert(
      fc.property(arb, ([x, d0, d1, at]) => {
        const [start, end] = (d0 + x.rank) % x.rank <= (d1 + x.rank) % x.rank ? [d0, d1] : [d1, d0];
        checkGradients((t) => flatten(t, start, end).square(), [x]);
        checkGradients((t) => squeeze(t).square(), [x]);
        checkGradients((t) => squeeze(t, d0).square(), [x]);
        checkGradients((t) => unsqueeze(t, at).square(), [x]);
      }),
      { numRuns: 15 },
    );
  });
});
