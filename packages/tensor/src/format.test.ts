import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { arange, full, randn, tensor, zeros } from './creation';
import { createRng } from './random';

describe('toString', () => {
  it('prints small tensors in full, aligned', () => {
    expect(
      tensor([
        [1, 2.5],
        [-3, 4],
      ]).toString(),
    ).toBe('tensor([[ 1.0000,  2.5000],\n        [-3.0000,  4.0000]])');
  });

  it('names non-default dtypes and requiresGrad', () => {
    expect(tensor([1, 2], { dtype: 'int32' }).toString()).toBe('tensor([1, 2], dtype=int32)');
    expect(tensor([1, 2], { requiresGrad: true }).toString()).toBe(
      'tensor([1., 2.], requiresGrad=true)',
    );
  });

  it('summarises large tensors with ellipses', () => {
    const text = arange(5000).reshape([50, 100]).toString();
    expect(text).toContain('...');
    expect(text.split('\n').length).toBeLessThan(10);
    expect(text.length).toBeLessThan(800);
  });

  it('prints scalars and empty tensors, with the shape when it is not [0]', () => {
    expect(tensor(3.5).toString()).toBe('tensor(3.5000)');
    expect(tensor([]).toString()).toBe('tensor([])');
    expect(zeros([2, 0, 3], { dtype: 'int32' }).toString()).toBe(
      'tensor([], shape=[2, 0, 3], dtype=int32)',
    );
  });

  it('summarises every long dimension of a large tensor, keeping 3 items at each end', () => {
    const text = arange(2 * 600 * 4)
      .reshape([2, 600, 4])
      .toString();
    expect(text).toBe(
      [
        'tensor([[[   0.,    1.,    2.,    3.],',
        '         [   4.,    5.,    6.,    7.],',
        '         [   8.,    9.,   10.,   11.],',
        '         ...,',
        '         [2388., 2389., 2390., 2391.],',
        '         [2392., 2393., 2394., 2395.],',
        '         [2396., 2397., 2398., 2399.]],',
        '',
        '        [[2400., 2401., 2402., 2403.],',
        '         [2404., 2405., 2406., 2407.],',
        '         [2408., 2409., 2410., 2411.],',
        '         ...,',
        '         [4788., 4789., 4790., 4791.],',
        '         [4792., 4793., 4794., 4795.],',
        '         [4796., 4797., 4798., 4799.]]])',
      ].join('\n'),
    );
    const big = randn([1000, 1000], { rng: createRng(1) }).toString();
    expect(big.split('\n')).toHaveLength(7);
    expect(big.length).toBeLessThan(600);
  });

  it('sizes columns and picks the format from the printed elements only', () => {
    // A hidden huge value must not widen the columns or switch to scientific notation.
    const t = full([2000], 0.5);
    t.data[1000] = 1e12;
    expect(t.toString()).toBe('tensor([0.5000, 0.5000, 0.5000, ..., 0.5000, 0.5000, 0.5000])');
  });

  it('switches every element to scientific notation when one needs it', () => {
    expect(tensor([1e10, 1, -0.5], { dtype: 'float64' }).toString()).toBe(
      'tensor([ 1.0000e+10,  1.0000e+00, -5.0000e-01], dtype=float64)',
    );
    expect(tensor([1e-6, 0, 2]).toString()).toBe('tensor([1.0000e-06, 0.0000e+00, 2.0000e+00])');
    expect(tensor([Number.NaN, 1.5, Number.NEGATIVE_INFINITY]).toString()).toBe(
      'tensor([      NaN,    1.5000, -Infinity])',
    );
  });

  it('is what console.log shows in Node', () => {
    const t = tensor([1, 2], { requiresGrad: true });
    expect(inspect(t)).toBe(t.toString());
  });
});
