import { createRng, randn, type Tensor, tensor } from '@convkit/tensor';
import { checkGradients, expectClose, shapeArb } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { huberLoss, l1Loss, mseLoss } from './regression';

const pairArb = fc.tuple(shapeArb({ maxRank: 3, maxDim: 4 }), fc.integer()).map(([shape, seed]) => {
  const rng = createRng(seed);
  return {
    x: randn(shape, { dtype: 'float64', rng }).requiresGrad_(),
    t: randn(shape, { dtype: 'float64', rng }).requiresGrad_(),
  };
});

describe('mseLoss, l1Loss, huberLoss: examples', () => {
  it('reduce by mean, sum or not at all', () => {
    const x = tensor([1, 2, 3]);
    const t = tensor([1, 4, 0]);
    expectClose(mseLoss(x, t), 13 / 3);
    expectClose(mseLoss(x, t, { reduction: 'sum' }), 13);
    expectClose(mseLoss(x, t, { reduction: 'none' }), [0, 4, 9]);
    expectClose(l1Loss(x, t, { reduction: 'none' }), [0, 2, 3]);
    expectClose(huberLoss(x, t, { reduction: 'none' }), [0, 1.5, 2.5]);
    expectClose(huberLoss(x, t, { delta: 2, reduction: 'none' }), [0, 2, 4]);
  });

  it('gives NaN for an empty mean, 0 for an empty sum, and accepts int32 targets', () => {
    expect(mseLoss(tensor([]), tensor([])).item()).toBeNaN();
    expect(mseLoss(tensor([]), tensor([]), { reduction: 'sum' }).item()).toBe(0);
    expectClose(l1Loss(tensor([1.5]), tensor([1], { dtype: 'int32' })), 0.5);
  });

  it('uses gradient 0 where l1 has its kink', () => {
    const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    l1Loss(x, tensor([1, 0], { dtype: 'float64' }), { reduction: 'sum' }).backward();
    expectClose(x.grad as Tensor, [0, 1]);
  });

  it('rejects mismatched shapes, dtypes and reductions', () => {
    expect(() => mseLoss(tensor([1, 2]), tensor([1]))).toThrow(
      "mseLoss: target must have the input's shape [2], got [1]",
    );
    expect(() => mseLoss(tensor([1]), tensor([1], { dtype: 'float64' }))).toThrow(
      "mseLoss: target must have the input's dtype float32 (or int32), got float64",
    );
    expect(() => l1Loss(tensor([1]), tensor([1]), { reduction: 'avg' as 'mean' })).toThrow(
      "l1Loss: reduction must be one of 'mean', 'sum', 'none', got 'avg'",
    );
    expect(() => huberLoss(tensor([1]), tensor([1]), { delta: 0 })).toThrow(
      'huberLoss: delta must be positive, got 0',
    );
  });
});

describe('regression losses: reference and gradients', () => {
  it('match formulas built from tensor ops', () => {
    fc.assert(
      fc.property(pairArb, ({ x, t }) => {
        const d = x.sub(t);
        expectClose(mseLoss(x, t, { reduction: 'none' }), d.mul(d), { atol: 1e-12 });
        expectClose(l1Loss(x, t, { reduction: 'sum' }), d.abs().sum(), { atol: 1e-12 });
        const a = d.abs();
        const huber = a.minimum(1).mul(a.minimum(1)).mul(0.5).add(a.sub(1).relu());
        expectClose(huberLoss(x, t, { reduction: 'none' }), huber, { atol: 1e-12 });
      }),
    );
  });

  it('have exact gradients for input and target (away from the l1/huber kinks)', () => {
    fc.assert(
      fc.property(
        pairArb,
        fc.constantFrom('mean', 'sum', 'none') as fc.Arbitrary<'mean' | 'sum' | 'none'>,
        ({ x, t }, reduction) => {
          checkGradients((a: Tensor, b: Tensor) => mseLoss(a, b, { reduction }), [x, t]);
          // Shift each |x − t| at least 0.01 away from the kinks at 0 and ±delta.
          const safe = x.detach().clone();
          for (let i = 0; i < safe.size; i++) {
            const d = safe.data[i] - t.data[i];
            for (const k of [0, 0.7, -0.7]) if (Math.abs(d - k) < 0.01) safe.data[i] += 0.03;
          }
          safe.requiresGrad_();
          checkGradients((a: Tensor, b: Tensor) => l1Loss(a, b, { reduction }), [safe, t]);
          checkGradients(
            (a: Tensor, b: Tensor) => huberLoss(a, b, { reduction, delta: 0.7 }),
            [safe, t],
          );
        },
      ),
      { numRuns: 20 },
    );
  });
});
