import { checkGradients, expectClose, shapeArb, tensorArb } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arange, tensor, zeros } from '../creation';
import { type Shape, stridesOf } from '../shape';
import type { Tensor } from '../tensor';
import { mul } from './arithmetic';
import { broadcastTo, expand } from './expand';

/** out[i] = x[i with x's missing or size-1 dimensions read at 0]. */
function naiveExpand(x: Tensor, target: Shape): number[] {
  const offset = target.length - x.rank;
  const strides = stridesOf(x.shape);
  const total = target.reduce((p, d) => p * d, 1);
  const out: number[] = [];
  for (let flat = 0; flat < total; flat++) {
    let rest = flat;
    let source = 0;
    for (let d = target.length - 1; d >= 0; d--) {
      const i = rest % target[d];
      rest = Math.floor(rest / target[d]);
      if (d >= offset && x.shape[d - offset] !== 1) source += i * strides[d - offset];
    }
    out.push(x.data[source]);
  }
  return out;
}

/** A target shape and a tensor whose shape broadcasts to it. */
const expandCaseArb = shapeArb({ minRank: 0, maxRank: 4, minDim: 0, maxDim: 4 }).chain((target) =>
  fc
    .tuple(
      fc.integer({ min: 0, max: target.length }),
      fc.array(fc.boolean(), { minLength: target.length, maxLength: target.length }),
    )
    .chain(([drop, ones]) =>
      fc.record({
        x: tensorArb(target.map((d, i) => (ones[i] ? 1 : d)).slice(drop)),
        target: fc.constant(target),
      }),
    ),
);

describe('expand: examples', () => {
  it('repeats size-1 dimensions', () => {
    expect(expand(tensor([[1], [2]]), [2, 3]).toArray()).toEqual([
      [1, 1, 1],
      [2, 2, 2],
    ]);
    expect(expand(tensor([[1, 2, 3]]), [2, 3]).toArray()).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
  });

  it('adds leading dimensions and keeps -1 sizes', () => {
    expect(expand(tensor([1, 2]), [2, 2]).toArray()).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(expand(zeros([3, 1]), [2, -1, 4]).shape).toEqual([2, 3, 4]);
    expect(expand(tensor(5), [2]).toArray()).toEqual([5, 5]);
    expect(broadcastTo(tensor([1, 2]), [3, 2]).shape).toEqual([3, 2]);
    expect(
      tensor([[1], [2]])
        .expand([-1, 2])
        .toArray(),
    ).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it('expands size 1 to size 0, keeps the dtype and carries NaN', () => {
    expect(expand(zeros([1, 3]), [0, 3]).shape).toEqual([0, 3]);
    const y = expand(tensor([Number.NaN], { dtype: 'float64' }), [2]);
    expect(y.dtype).toBe('float64');
    expect(Number.isNaN(y.data[1])).toBe(true);
    expect(expand(tensor([3], { dtype: 'int32' }), [2]).dtype).toBe('int32');
  });

  it('returns the input when nothing changes, otherwise a copy with its own storage', () => {
    const x = zeros([2, 3]);
    expect(expand(x, [2, 3])).toBe(x);
    expect(expand(x, [-1, -1])).toBe(x);
    expect(expand(x, [1, 2, 3]).data).not.toBe(x.data);
  });

  it('explains shapes it cannot reach', () => {
    expect(() => expand(zeros([2, 3]), [2, 4])).toThrow(
      'expand: cannot expand shape [2, 3] to [2, 4]',
    );
    expect(() => expand(zeros([2, 3]), [3])).toThrow('expand: cannot expand shape [2, 3] to [3]');
    expect(() => expand(zeros([3]), [-1, 3])).toThrow(
      'expand: shape must be an array of non-negative integers, got [-1, 3]',
    );
    expect(() => expand(zeros([3]), [2.5, 3])).toThrow(
      'expand: shape must be an array of non-negative integers, got [2.5, 3]',
    );
    expect(() => expand(zeros([3]), 3 as never)).toThrow('expand: shape must be an array, got 3');
    expect(() => expand(3 as never, [3])).toThrow('expand: x must be a Tensor, got 3');
  });

  it('names broadcastTo in its own errors', () => {
    expect(() => broadcastTo(zeros([2]), [2, 3])).toThrow(
      'broadcastTo: cannot expand shape [2] to [2, 3] (each dimension must match or be 1, aligned from the right)',
    );
    expect(() => broadcastTo(zeros([2]), [-2])).toThrow('broadcastTo: shape must be an array');
  });
});

describe('expand: properties', () => {
  it('matches an element-by-element broadcast', () => {
    fc.assert(
      fc.property(expandCaseArb, ({ x, target }) => {
        const y = expand(x, target);
        expect(y.shape).toEqual(target);
        expect(Array.from(y.data)).toEqual(naiveExpand(x, target));
      }),
    );
  });
});

describe('expand: gradients', () => {
  it('sums the gradient over the repeated dimensions', () => {
    const x = tensor([[1], [2]], { dtype: 'float64', requiresGrad: true });
    const w = tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { dtype: 'float64' },
    );
    mul(expand(x, [2, 3]), w)
      .sum()
      .backward();
    expectClose(x.grad!, [[6], [15]]);
  });

  // Expand is linear with 0/1 entries: finite differences are exact up to rounding (sums of
  // at most a few dozen terms), so the default tolerances (atol 1e-6, rtol 1e-4) hold.
  it('matches finite differences in float64', () => {
    fc.assert(
      fc.property(expandCaseArb, ({ x, target }) => {
        x.requiresGrad = true;
        checkGradients((t) => expand(t, target), [x]);
        checkGradients((t) => broadcastTo(t, target).square(), [x]);
      }),
      { numRuns: 15 },
    );
  });

  it('matches finite differences when the result feeds a non-linear op', () => {
    const x = arange(1, 4, 1, { dtype: 'float64' }).reshape([3, 1]).detach().requiresGrad_();
    checkGradients((t) => expand(t, [2, 3, 4]).square(), [x]);
  });
});
