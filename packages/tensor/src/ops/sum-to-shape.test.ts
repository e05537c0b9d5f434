import { checkGradients, expectClose, shapeArb, tensorArb } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { full, ones, tensor } from '../creation';
import { type Shape, stridesOf } from '../shape';
import type { Tensor } from '../tensor';
import { expand } from './expand';
import { sumToShape } from './sum-to-shape';

/** Adds every element of x into the target element it would have been broadcast from. */
function naiveSumToShape(x: Tensor, target: Shape): number[] {
  const offset = x.rank - target.length;
  const strides = stridesOf(target);
  const out = new Array<number>(target.reduce((p, d) => p * d, 1)).fill(0);
  for (let flat = 0; flat < x.size; flat++) {
    let rest = flat;
    let dest = 0;
    for (let d = x.rank - 1; d >= 0; d--) {
      const i = rest % x.shape[d];
      rest = Math.floor(rest / x.shape[d]);
      if (d >= offset && target[d - offset] !== 1) dest += i * strides[d - offset];
    }
    out[dest] += x.data[flat];
  }
  return out;
}

/** A tensor and a shape that broadcasts to the tensor's shape. */
const sumCaseArb = shapeArb({ minRank: 0, maxRank: 4, minDim: 0, maxDim: 4 }).chain((shape) =>
  fc
    .tuple(
      fc.integer({ min: 0, max: shape.length }),
      fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }),
    )
    .chain(([drop, ones]) =>
      fc.record({
        x: tensorArb(shape),
        target: fc.constant(shape.map((d, i) => (ones[i] ? 1 : d)).slice(drop)),
      }),
    ),
);

describe('sumToShape: examples', () => {
  const x = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);

  it('sums over the dimensions that broadcasting would have added or stretched', () => {
    expect(sumToShape(ones([2, 3]), [1, 3]).toArray()).toEqual([[2, 2, 2]]);
    expect(sumToShape(x, [3]).toArray()).toEqual([5, 7, 9]);
    expect(sumToShape(x, [2, 1]).toArray()).toEqual([[6], [15]]);
    expect(sumToShape(x, [1, 1]).toArray()).toEqual([[21]]);
    expect(sumToShape(x, []).toArray()).toEqual(21);
  });

  it('returns the input for its own shape and zeros for empty inputs', () => {
    expect(sumToShape(x, [2, 3])).toBe(x);
    expect(sumToShape(ones([0, 3]), [1, 3]).toArray()).toEqual([[0, 0, 0]]);
  });

  it('keeps the dtype and propagates NaN', () => {
    const y = sumToShape(tensor([1, Number.NaN, 3], { dtype: 'float64' }), []);
    expect(y.dtype).toBe('float64');
    expect(Number.isNaN(y.item())).toBe(true);
    expect(sumToShape(tensor([[1], [2]], { dtype: 'int32' }), [1]).dtype).toBe('int32');
  });

  it('accumulates a float32 row in double precision', () => {
    // Adding 0.1f one by one in float32 drifts to about 9998.6; a double accumulator keeps
    // the error at float32 rounding of the result.
    const y = sumToShape(full([1, 100_000], 0.1), [1, 1]);
    expect(Math.abs(y.item() - 10_000)).toBeLessThan(1e-2);
  });

  it('explains shapes that do not broadcast to the input', () => {
    expect(() => sumToShape(x, [4])).toThrow(
      'sumToShape: shapes [4] and [2, 3] cannot be broadcast together (dimension -1 is 4 vs 3)',
    );
    expect(() => sumToShape(ones([3]), [2, 3])).toThrow(
      "sumToShape: shape [2, 3] does not broadcast to the input's shape [3]",
    );
    expect(() => sumToShape(ones([1, 3]), [2, 3])).toThrow(
      "sumToShape: shape [2, 3] does not broadcast to the input's shape [1, 3]",
    );
  });
});

describe('sumToShape: properties', () => {
  it('matches adding each element into its broadcast source', () => {
    fc.assert(
      fc.property(sumCaseArb, ({ x, target }) => {
        const y = sumToShape(x, target);
        expect(y.shape).toEqual(target);
        expectClose(y, tensor(naiveSumToShape(x, target), { shape: target, dtype: 'float64' }), {
          atol: 1e-12,
        });
      }),
    );
  });

  it('is the adjoint of expand: <expand(y), x> = <y, sumToShape(x)>', () => {
    const arb = sumCaseArb.chain(({ x, target }) =>
      fc.record({ x: fc.constant(x), y: tensorArb(target) }),
    );
    fc.assert(
      fc.property(arb, ({ x, y }) => {
        const left = expand(y, x.shape).mul(x).sum().item();
        const right = y.mul(sumToShape(x, y.shape)).sum().item();
        expect(Math.abs(left - right)).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(left)));
      }),
    );
  });
});

describe('sumToShape: gradients', () => {
  // Summation is linear with 0/1 coefficients: finite differences are exact up to rounding,
  // so the default tolerances (atol 1e-6, rtol 1e-4) hold with a wide margin.
  it('matches finite differences in float64', () => {
    fc.assert(
      fc.property(sumCaseArb, ({ x, target }) => {
        x.requiresGrad = true;
        checkGradients((t) => sumToShape(t, target), [x]);
      }),
      { numRuns: 15 },
    );
  });

  it('expands the gradient back to the input shape', () => {
    const x = ones([2, 3], { dtype: 'float64', requiresGrad: true });
    sumToShape(x, [3])
      .mul(tensor([1, 2, 3], { dtype: 'float64' }))
      .sum()
      .backward();
    expectClose(x.grad!, [
      [1, 2, 3],
      [1, 2, 3],
    ]);
  });
});
