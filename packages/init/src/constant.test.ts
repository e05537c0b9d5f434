import { createRng } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import { constant, ones, zeros } from './constant';

describe('zeros, ones, constant', () => {
  it('fill every element and draw nothing', () => {
    const rng = createRng(3);
    const before = rng.getState();
    expect(Array.from(zeros()([2, 3], { rng }).data)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(ones()([2], { rng, dtype: 'float64' }).data)).toEqual([1, 1]);
    const c = constant(0.1)([3], { rng, dtype: 'float64' });
    expect(Array.from(c.data)).toEqual([0.1, 0.1, 0.1]);
    expect(c.dtype).toBe('float64');
    expect(constant(0.1)([1]).data[0]).toBe(Math.fround(0.1));
    expect(rng.getState()).toEqual(before);
  });

  it('defaults to float32 and handles scalars and empty shapes', () => {
    expect(zeros()([]).shape).toEqual([]);
    expect(zeros()([]).dtype).toBe('float32');
    expect(ones()([0, 4]).size).toBe(0);
  });

  it('describes a point mass', () => {
    expect(constant(-2).describe([3, 3])).toEqual({
      rule: 'constant',
      fanIn: null,
      fanOut: null,
      gain: null,
      mean: -2,
      std: 0,
      bound: 2,
    });
  });

  it('rejects bad values, shapes and options', () => {
    expect(() => constant(Number.NaN)).toThrow('constant: value must be a finite number, got NaN');
    expect(() => zeros()([2.5])).toThrow(
      'zeros: shape must be an array of non-negative integers, got [2.5]',
    );
    expect(() => ones()([2], { dtype: 'int32' as never })).toThrow(
      "ones: dtype must be 'float32' or 'float64', got 'int32'",
    );
    expect(() => ones()([2], { rng: {} as never })).toThrow(
      'ones: rng must be an Rng (from createRng), got an object',
    );
  });
});
