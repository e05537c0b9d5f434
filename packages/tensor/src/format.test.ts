import { describe, expect, it } from 'vitest';
import { arange, tensor } from './creation';

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

  it('prints scalars and empty tensors', () => {
    expect(tensor(3.5).toString()).toBe('tensor(3.5000)');
    expect(tensor([]).toString()).toBe('tensor([])');
  });
});
