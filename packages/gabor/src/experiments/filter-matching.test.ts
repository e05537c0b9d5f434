import { createRng, randn, type Tensor, tensor } from '@convkit/tensor';
import { checkGradients } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FilterMatching } from './filter-matching';

/** Mean squared difference of the 'valid' cross-correlations I ⋆ k and I ⋆ t, directly. */
function directMse(image: Tensor, size: number, kernel: Tensor, target: Tensor): number {
  const [height, width] = image.shape.slice(-2);
  let total = 0;
  let n = 0;
  for (let y = 0; y + size <= height; y++)
    for (let x = 0; x + size <= width; x++, n++) {
      let a = 0;
      let b = 0;
      for (let i = 0; i < size; i++)
        for (let j = 0; j < size; j++) {
          const p = image.data[(y + i) * width + x + j];
          a += p * kernel.data[i * size + j];
          b += p * target.data[i * size + j];
        }
      total += (a - b) ** 2;
    }
  return total / n;
}

describe('FilterMatching', () => {
  it('equals the MSE of directly filtered images (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 1000 }),
        (size, extra, seed) => {
          const rng = createRng(seed);
          const image = randn([size + extra, size + extra + 2], { rng, dtype: 'float64' });
          const kernel = randn([size, size], { rng, dtype: 'float64' });
          const target = randn([size, size], { rng, dtype: 'float64' });
          const problem = new FilterMatching(image, size);
          const expected = directMse(image, size, kernel, target);
          expect(problem.loss(kernel, target, 'mse').item()).toBeCloseTo(expected, 9);
          expect(problem.loss(kernel, target, 'rmse').item()).toBeCloseTo(Math.sqrt(expected), 9);
        },
      ),
    );
  });

  it('is differentiable in the kernel (float64 gradient check)', () => {
    const rng = createRng(4);
    const problem = new FilterMatching(randn([1, 1, 9, 9], { rng, dtype: 'float64' }), 3);
    const kernel = randn([3, 3], { rng, dtype: 'float64' }).requiresGrad_();
    const target = randn([3, 3], { rng, dtype: 'float64' });
    checkGradients((k) => problem.loss(k, target, 'mse'), [kernel]);
    checkGradients((k) => problem.loss(k, target, 'rmse'), [kernel]);
  });

  it('energy is the loss of the zero kernel', () => {
    const rng = createRng(5);
    const image = randn([8, 8], { rng, dtype: 'float64' });
    const target = randn([3, 3], { rng, dtype: 'float64' });
    const problem = new FilterMatching(image, 3);
    expect(problem.energy(target)).toBeCloseTo(
      directMse(image, 3, tensor(new Float64Array(9), { shape: [3, 3] }), target),
      10,
    );
  });

  it('rejects bad images, sizes and kernels', () => {
    expect(() => new FilterMatching(tensor([1, 2, 3]), 1)).toThrow(
      'FilterMatching: image must be a float [H, W] or [1, 1, H, W] tensor, got float32 [3]',
    );
    expect(() => new FilterMatching(tensor(new Float64Array(16), { shape: [4, 4] }), 5)).toThrow(
      'FilterMatching: kernelSize must be an integer in [1, 4] for a 4×4 image, got 5',
    );
    const problem = new FilterMatching(tensor(new Float64Array(16), { shape: [4, 4] }), 3);
    expect(() => problem.loss(tensor([1, 2]), tensor(new Float64Array(9)))).toThrow(
      'FilterMatching.loss: kernel must hold 3×3 values, got [2]',
    );
  });
});
