import { createRng, randn, Tensor, tensor } from '@convkit/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitGabor, gaborLikeness } from './fit-gabor';
import { gaborKernel } from './gabor-kernel';
import { canonicalGabor } from './theta';

function kernelOf(
  p: { theta: number; sigma: number; lambda: number; psi: number; gamma: number },
  size: number,
  amplitude = 1,
): Tensor {
  const t = (v: number) => tensor([v], { dtype: 'float64' });
  return gaborKernel(
    { theta: t(p.theta), sigma: t(p.sigma), lambda: t(p.lambda), psi: t(p.psi), gamma: t(p.gamma) },
    size,
  )
    .mul(amplitude)
    .reshape([size, size]);
}

describe('fitGabor', () => {
  it('recovers the parameters of an exact Gabor kernel (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          theta: fc.double({ min: -3, max: 3, noNaN: true }),
          sigma: fc.double({ min: 1.5, max: 3, noNaN: true }),
          lambda: fc.double({ min: 3, max: 8, noNaN: true }),
          psi: fc.double({ min: -3, max: 3, noNaN: true }),
          gamma: fc.double({ min: 0.5, max: 1.2, noNaN: true }),
        }),
        fc.double({ min: -2, max: 2, noNaN: true }).filter((a) => Math.abs(a) > 0.2),
        (p, amplitude) => {
          const fit = fitGabor(kernelOf(p, 11, amplitude));
          expect(fit.r2).toBeGreaterThan(0.999);
          const truth = canonicalGabor(p, amplitude);
          // The fitted kernel is the target; parameters may differ only where the kernel
          // does not pin them down, so compare kernels, then the well-determined θ and λ.
          const err = fit.fitted
            .sub(kernelOf(p, 11, amplitude))
            .abs()
            .max()
            .item();
          expect(err).toBeLessThan(1e-3 * Math.abs(amplitude));
          expect(Math.abs(fit.params.lambda - truth.params.lambda)).toBeLessThan(
            0.05 * truth.params.lambda,
          );
        },
      ),
      { numRuns: 12 },
    );
  });

  it('stays Gabor-like under mild noise and rejects pure noise', () => {
    const rng = createRng(5);
    const clean = kernelOf({ theta: 0.7, sigma: 2, lambda: 5, psi: 0.3, gamma: 0.6 }, 9);
    const noisy = clean.add(randn([9, 9], { rng, dtype: 'float64' }).mul(0.03));
    expect(fitGabor(noisy).r2).toBeGreaterThan(0.95);
    const noise = randn([9, 9], { rng, dtype: 'float64' });
    expect(fitGabor(noise).r2).toBeLessThan(0.6);
  });

  it('reports canonical parameters', () => {
    const fit = fitGabor(
      kernelOf({ theta: 0.4 + Math.PI, sigma: 2, lambda: 6, psi: 0, gamma: 0.8 }, 11, -1),
    );
    expect(fit.params.theta).toBeGreaterThanOrEqual(0);
    expect(fit.params.theta).toBeLessThan(Math.PI);
    expect(fit.amplitude).toBeGreaterThan(0);
    expect(Math.abs(fit.params.theta - 0.4)).toBeLessThan(1e-3);
  });

  it('rejects bad kernels clearly', () => {
    expect(() => fitGabor(tensor([1, 2, 3]))).toThrow(
      'fitGabor: kernel must be a float tensor of shape [kH, kW], got float32 [3]',
    );
    expect(() =>
      fitGabor(
        tensor([
          [1, 2],
          [3, 4],
        ]),
      ),
    ).toThrow('fitGabor: kernel must be at least 3×3, got [2, 2]');
    expect(() =>
      fitGabor(
        tensor([
          [1, 2, 3],
          [4, Number.NaN, 6],
          [7, 8, 9],
        ]),
      ),
    ).toThrow('fitGabor: kernel must be finite');
  });
});

describe('gaborLikeness', () => {
  it('counts the Gabor-like slices of a conv weight', () => {
    const rng = createRng(2);
    const gabors = [0, 1].map(
      (i) => kernelOf({ theta: i, sigma: 1.8, lambda: 4 + i, psi: i, gamma: 0.7 }, 7).data,
    );
    const noise = [0, 1].map(() => randn([7, 7], { rng, dtype: 'float64' }).data);
    const data = new Float64Array(4 * 49);
    for (const [i, d] of [...gabors, ...noise].entries()) data.set(d, i * 49);
    const result = gaborLikeness(new Tensor(data, [4, 1, 7, 7]));
    expect(result.fits).toHaveLength(4);
    expect(result.fraction).toBe(0.5);
    expect(result.fits[0].r2).toBeGreaterThan(0.99);
  });

  it('rejects a weight that is not 4-D', () => {
    expect(() => gaborLikeness(tensor([[1]]))).toThrow(
      'gaborLikeness: weight must be a conv weight [outC, inC, kH, kW], got [1, 1]',
    );
  });
});
