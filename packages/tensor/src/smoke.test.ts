import { describe, expect, it } from 'vitest';
import { checkGradients } from '@convkit/testing';
import { tensor, add, mul, div, pow, randn, createRng } from './index';

describe('smoke', () => {
  it('adds with broadcasting and backprops', () => {
    const a = tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true });
    const b = tensor([10, 20, 30], { requiresGrad: true });
    const c = add(a, b);
    expect(c.toArray()).toEqual([[11, 22, 33], [14, 25, 36]]);
    const rng = createRng(1);
    const x = randn([2, 3], { dtype: 'float64', rng }).requiresGrad_();
    const y = randn([3], { dtype: 'float64', rng }).requiresGrad_();
    checkGradients((p, q) => div(mul(p, q), add(q, 3)), [x, y]);
    checkGradients((p) => pow(p, 3), [x]);
    console.log(c.toString());
  });
});
