import { arange, zeros } from '@convkit/tensor';
import { expectClose } from '@convkit/testing';
import { describe, expect, it } from 'vitest';
import { flatten } from './flatten';

describe('flatten', () => {
  it('keeps the batch dimension by default', () => {
    expect(flatten(zeros([8, 16, 5, 5])).shape).toEqual([8, 400]);
    expect(flatten(zeros([2, 3, 4, 5]), 2).shape).toEqual([2, 3, 20]);
    expect(flatten(zeros([2, 3, 4, 5]), 0, 1).shape).toEqual([6, 4, 5]);
    expect(flatten(zeros([0, 3, 2])).shape).toEqual([0, 6]);
  });

  it('keeps row-major order and passes gradients back', () => {
    const x = arange(6, undefined, 1, { dtype: 'float64' }).reshape([1, 2, 3]).requiresGrad_();
    const y = flatten(x);
    expectClose(y, [[0, 1, 2, 3, 4, 5]]);
    y.sum().backward();
    expect(x.grad?.shape).toEqual([1, 2, 3]);
  });

  it('rejects an axis out of range', () => {
    expect(() => flatten(zeros([3]))).toThrow(/flatten: startDim must be an integer/);
  });
});
