import { createRng, ones, randn, type Tensor, tensor, zeros } from '@convkit/tensor';
import { checkGradients, expectClose } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchNorm2d } from './batch-norm';

/** (x − μ)/√(σ² + eps)·γ + β from tensor reductions: an independent reference. */
function reference(
  x: Tensor,
  mean: Tensor,
  variance: Tensor,
  w: Tensor,
  b: Tensor,
  eps: number,
): Tensor {
  const C = x.shape[1];
  const shape = [1, C, 1, 1];
  return x
    .sub(mean.reshape(shape))
    .div(variance.reshape(shape).add(eps).sqrt())
    .mul(w.reshape(shape))
    .add(b.reshape(shape));
}

const shapeArb = fc.tuple(
  fc.integer({ min: 1, max: 3 }),
  fc.integer({ min: 1, max: 3 }),
  fc.integer({ min: 1, max: 3 }),
  fc.integer({ min: 2, max: 3 }),
);

describe('batchNorm2d', () => {
  it('normalises each channel with batch statistics in training', () => {
    // Channel 0 holds 1, 3 (mean 2, biased var 1); channel 1 holds 0, 0.
    const x = tensor(
      [
        [[[1]], [[0]]],
        [[[3]], [[0]]],
      ],
      { dtype: 'float64' },
    );
    expectClose(batchNorm2d(x, { training: true, eps: 0 }).reshape([2, 2]), [
      [-1, Number.NaN],
      [1, Number.NaN],
    ]);
    expectClose(batchNorm2d(x, { training: true, eps: 1e-5 }).reshape([2, 2]), [
      [-1 / Math.sqrt(1 + 1e-5), 0],
      [1 / Math.sqrt(1 + 1e-5), 0],
    ]);
  });

  it('matches the reference formula and updates running statistics like PyTorch', () => {
    fc.assert(
      fc.property(shapeArb, fc.integer(), ([N, C, H, W], seed) => {
        const rng = createRng(seed);
        const x = randn([N, C, H, W], { dtype: 'float64', rng });
        const w = randn([C], { dtype: 'float64', rng });
        const b = randn([C], { dtype: 'float64', rng });
        const runningMean = zeros([C], { dtype: 'float64' });
        const runningVar = ones([C], { dtype: 'float64' });
        const y = batchNorm2d(x, {
          weight: w,
          bias: b,
          runningMean,
          runningVar,
          training: true,
          momentum: 0.25,
        });
        const mean = x.mean([0, 2, 3]);
        const biased = x.var([0, 2, 3], { correction: 0 });
        expectClose(y, reference(x, mean, biased, w, b, 1e-5), { atol: 1e-10 });
        expectClose(runningMean, mean.mul(0.25), { atol: 1e-12 });
        expectClose(runningVar, x.var([0, 2, 3], { correction: 1 }).mul(0.25).add(0.75), {
          atol: 1e-12,
        });
        // Evaluation uses the running statistics.
        const z = batchNorm2d(x, { weight: w, bias: b, runningMean, runningVar });
        expectClose(z, reference(x, runningMean, runningVar, w, b, 1e-5), { atol: 1e-10 });
      }),
    );
  });

  it('has exact gradients through the batch statistics and in evaluation', () => {
    fc.assert(
      fc.property(shapeArb, fc.integer(), fc.boolean(), ([N, C, H, W], seed, training) => {
        const rng = createRng(seed);
        const x = randn([N, C, H, W], { dtype: 'float64', rng }).requiresGrad_();
        const w = randn([C], { dtype: 'float64', rng }).requiresGrad_();
        const b = randn([C], { dtype: 'float64', rng }).requiresGrad_();
        const runningMean = randn([C], { dtype: 'float64', rng });
        const runningVar = randn([C], { dtype: 'float64', rng }).abs().add(0.5);
        // Smooth in every input (the variance gets eps = 1e-3 so no σ is near 0); with at most
        // 18 values per channel the second derivatives stay O(10), within the default tolerance.
        checkGradients(
          (t: Tensor, g: Tensor, s: Tensor) =>
            batchNorm2d(t, {
              weight: g,
              bias: s,
              eps: 1e-3,
              training,
              runningMean: training ? null : runningMean,
              runningVar: training ? null : runningVar,
            }),
          [x, w, b],
        );
      }),
      { numRuns: 20 },
    );
  });

  it('works without affine parameters', () => {
    const x = randn([4, 2, 3, 3], { rng: createRng(5) });
    const y = batchNorm2d(x, { training: true });
    expect(Math.abs(y.mean().item())).toBeLessThan(1e-6);
  });

  it('rejects bad input before touching running statistics', () => {
    const runningMean = zeros([3]);
    const runningVar = ones([3]);
    expect(() => batchNorm2d(zeros([2, 3, 4]), { training: true })).toThrow(
      'batchNorm2d: expected a 4-d input [N, C, H, W], got shape [2, 3, 4]',
    );
    expect(() =>
      batchNorm2d(zeros([1, 3, 1, 1]), { training: true, runningMean, runningVar }),
    ).toThrow(
      'batchNorm2d: expected more than 1 value per channel when training, got input shape [1, 3, 1, 1]',
    );
    expect(() => batchNorm2d(zeros([2, 4, 2, 2]), { runningMean, runningVar })).toThrow(
      'batchNorm2d: runningMean must have shape [4], got [3]',
    );
    expect(() => batchNorm2d(zeros([2, 3, 2, 2]))).toThrow(
      'batchNorm2d: runningMean and runningVar are needed when training is false',
    );
    expect(() => batchNorm2d(zeros([2, 3, 2, 2]), { training: true, momentum: 2 })).toThrow(
      'batchNorm2d: momentum must be a number in [0, 1], got 2',
    );
    expect(runningMean.data.every((v) => v === 0) && runningVar.data.every((v) => v === 1)).toBe(
      true,
    );
  });
});
