import { checkGradients, expectClose, shapeArb, tensorArb } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor } from '../creation';
import { cast, clone } from './cast';

describe('cast', () => {
  it('converts between dtypes, truncating toward zero into int32', () => {
    const x = tensor([1.5, -1.5, 2.9, -0.2], { dtype: 'float64' });
    expect(cast(x, 'int32').toArray()).toEqual([1, -1, 2, 0]);
    expect(cast(x, 'int32').dtype).toBe('int32');
    const f = cast(x, 'float32');
    expect(f.dtype).toBe('float32');
    expect(f.toArray()).toEqual([1.5, -1.5, Math.fround(2.9), Math.fround(-0.2)]);
    expect(cast(tensor([3], { dtype: 'int32' }), 'float64').toArray()).toEqual([3]);
  });

  it('returns the input itself when the dtype is unchanged', () => {
    const x = tensor([1, 2]);
    expect(cast(x, 'float32')).toBe(x);
    expect(x.to('float32')).toBe(x);
  });

  it('casts the gradient back to the input dtype between float types', () => {
    const x = tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
    cast(x, 'float32')
      .mul(tensor([2, 4, 6]))
      .sum()
      .backward();
    expect(x.grad?.dtype).toBe('float64');
    expectClose(x.grad!, [2, 4, 6]);
  });

  it('sends no gradient through a cast to int32', () => {
    const x = tensor([1.5, 2.5], { requiresGrad: true });
    const y = cast(x, 'int32');
    expect(y.requiresGrad).toBe(false);
  });

  it('round-trips float64 → float32 → float64 with float32 rounding (property)', () => {
    fc.assert(
      fc.property(
        shapeArb({ maxRank: 3 }).chain((s) => tensorArb(s)),
        (x) => {
          const back = cast(cast(x, 'float32'), 'float64');
          expect(back.shape).toEqual(x.shape);
          expect(Array.from(back.data)).toEqual(Array.from(x.data, Math.fround));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('reports bad arguments', () => {
    expect(() => cast(tensor([1]), 'float16' as never)).toThrow(
      "cast: dtype must be one of 'float32', 'float64', 'int32', got float16",
    );
    expect(() => cast([1] as never, 'float32')).toThrow('cast: x must be a Tensor, got [1]');
  });
});

describe('clone', () => {
  it('copies the storage and keeps shape and dtype', () => {
    const x = tensor([[1, 2]], { dtype: 'int32' });
    const y = clone(x);
    expect(y.data).not.toBe(x.data);
    expect(y.toArray()).toEqual([[1, 2]]);
    expect(y.dtype).toBe('int32');
    y.data[0] = 9;
    expect(x.data[0]).toBe(1);
  });

  // clone is the identity map: its Jacobian is I, so only rounding remains.
  it('passes the gradient through unchanged (float64, random shapes)', () => {
    fc.assert(
      fc.property(
        shapeArb({ maxRank: 4, maxDim: 3 }).chain((s) => tensorArb(s, { requiresGrad: true })),
        (x) => {
          checkGradients((t) => clone(t).square(), [x]);
          checkGradients((t) => t.clone(), [x]);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('reports a non-tensor argument', () => {
    expect(() => clone(3 as never)).toThrow('clone: x must be a Tensor, got 3');
  });
});
