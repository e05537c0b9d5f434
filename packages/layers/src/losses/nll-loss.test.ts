import { createRng, randint, randn, type Tensor, tensor } from '@convkit/tensor';
import { checkGradients, expectClose } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nllLoss } from './nll-loss';

describe('nllLoss', () => {
  it('picks −x at the target, weighted and ignoring ignoreIndex', () => {
    const x = tensor(
      [
        [-1, -2],
        [-3, -4],
        [-5, -6],
      ],
      { dtype: 'float64' },
    );
    const y = tensor([1, 0, 7], { dtype: 'int32' });
    expectClose(nllLoss(x, y, { ignoreIndex: 7, reduction: 'none' }), [2, 3, 0]);
    expectClose(nllLoss(x, y, { ignoreIndex: 7 }), 2.5);
    expectClose(
      nllLoss(x, y, { ignoreIndex: 7, weight: tensor([1, 3], { dtype: 'float64' }) }),
      (6 + 3) / 4,
    );
    expectClose(nllLoss(tensor([-1, -2]), tensor(1, { dtype: 'int32' })), 2);
  });

  it('handles [N, C, d1, …] inputs', () => {
    const x = randn([2, 3, 2, 2], { dtype: 'float64', rng: createRng(1) });
    const y = randint(0, 3, [2, 2, 2], { rng: createRng(2) });
    const none = nllLoss(x, y, { reduction: 'none' });
    expect(none.shape).toEqual([2, 2, 2]);
    expect(none.data[3]).toBe(-x.data[(0 * 3 + y.data[3]) * 4 + 3]);
  });

  it('has exact gradients', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.constantFrom('mean', 'sum', 'none') as fc.Arbitrary<'mean' | 'sum' | 'none'>,
        (seed, reduction) => {
          const rng = createRng(seed);
          const x = randn([3, 4, 2], { dtype: 'float64', rng }).requiresGrad_();
          const y = randint(0, 4, [3, 2], { rng });
          checkGradients((t: Tensor) => nllLoss(t, y, { reduction }), [x]);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('rejects float targets and out-of-range classes', () => {
    expect(() => nllLoss(randn([2, 3]), randn([2]))).toThrow(
      'nllLoss: target must be an int32 tensor of class indices, got float32 of shape [2]',
    );
    expect(() => nllLoss(randn([2, 3]), tensor([0, -1], { dtype: 'int32' }))).toThrow(
      'nllLoss: target must hold class indices in [0, 3), got -1 at flat index 1',
    );
    expect(() =>
      nllLoss(randn([3]).reshape([3, 1, 1]).squeeze(), tensor(0, { dtype: 'int32' })),
    ).not.toThrow();
  });
});
