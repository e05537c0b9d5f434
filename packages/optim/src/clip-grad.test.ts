import { type Tensor, tensor } from '@convkit/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clipGradNorm, clipGradValue } from './clip-grad';

function param(grad: number[] | null, dtype: 'float32' | 'float64' = 'float64'): Tensor {
  const p = tensor(new Array(grad?.length ?? 1).fill(0), { dtype, requiresGrad: true });
  p.grad = grad === null ? null : tensor(grad, { dtype });
  return p;
}
const gradOf = (p: Tensor) => Array.from(p.grad?.data ?? []);

describe('clipGradNorm', () => {
  it('returns the joint 2-norm and scales by maxNorm/(norm + 1e-6) when over the limit', () => {
    const a = param([3, 0]);
    const b = param([0, 4]);
    expect(clipGradNorm([a, b], 1)).toBe(5);
    const coef = 1 / (5 + 1e-6);
    expect(gradOf(a)).toEqual([3 * coef, 0]);
    expect(gradOf(b)).toEqual([0, 4 * coef]);
  });

  it('leaves gradients under the limit untouched', () => {
    const a = param([0.3, -0.4]);
    expect(clipGradNorm(a, 1)).toBeCloseTo(0.5, 15);
    expect(gradOf(a)).toEqual([0.3, -0.4]);
  });

  it("supports 'inf' (largest |g|) and other p-norms", () => {
    const a = param([1, -7]);
    const b = param([2]);
    expect(clipGradNorm([a, b], 100, 'inf')).toBe(7);
    expect(clipGradNorm([a, b], 100, Number.POSITIVE_INFINITY)).toBe(7);
    expect(clipGradNorm([a, b], 100, 1)).toBe(10);
    expect(clipGradNorm([a, b], 100, 3)).toBeCloseTo((1 + 343 + 8) ** (1 / 3), 12);
  });

  it('skips parameters without gradients and returns 0 when none has one', () => {
    expect(clipGradNorm([param(null)], 1)).toBe(0);
    const a = param([0, 2]);
    expect(clipGradNorm([param(null), a], 1)).toBe(2);
  });

  it('takes [name, tensor] pairs and works on float32 gradients', () => {
    const a = param([6, 8], 'float32');
    expect(clipGradNorm([['w', a]], 5)).toBe(10);
    expect(gradOf(a)).toEqual([6, 8].map((g) => Math.fround(g * (5 / (10 + 1e-6)))));
  });

  it('propagates a non-finite norm (as PyTorch), or throws with errorIfNonfinite', () => {
    const a = param([Number.NaN, 1]);
    expect(() => clipGradNorm(a, 1, 2, { errorIfNonfinite: true })).toThrow(
      'clipGradNorm: the total norm of order 2 of the gradients must be finite to clip, got NaN',
    );
    expect(gradOf(a)[1]).toBe(1);
    expect(Number.isNaN(clipGradNorm(a, 1))).toBe(true);
    expect(Number.isNaN(gradOf(a)[1])).toBe(true);
    const b = param([Number.POSITIVE_INFINITY, 1]);
    expect(clipGradNorm(b, 1)).toBe(Number.POSITIVE_INFINITY);
    expect(gradOf(b)).toEqual([Number.NaN, 0]);
  });

  it('rejects bad arguments', () => {
    expect(() => clipGradNorm(param([1]), -1)).toThrow(
      'clipGradNorm: maxNorm must be a number ≥ 0, got -1',
    );
    expect(() => clipGradNorm(param([1]), 1, 0)).toThrow(
      "clipGradNorm: normType must be a number > 0 or 'inf', got 0",
    );
    expect(() => clipGradNorm([1] as never, 1)).toThrow(
      'clipGradNorm: params[0] must be a Tensor, got 1',
    );
  });

  it('property: after clipping the joint norm is at most maxNorm, and directions are kept', () => {
    const values = fc.array(fc.double({ min: -10, max: 10, noNaN: true }), {
      minLength: 1,
      maxLength: 6,
    });
    fc.assert(
      fc.property(
        fc.array(values, { minLength: 1, maxLength: 3 }),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        (gs, maxNorm) => {
          const params = gs.map((g) => param(g));
          const before = clipGradNorm(params, maxNorm);
          const after = clipGradNorm(params, Number.POSITIVE_INFINITY);
          expect(after).toBeLessThanOrEqual(Math.max(maxNorm, before) * (1 + 1e-12));
          if (before > maxNorm) expect(after).toBeCloseTo((maxNorm * before) / (before + 1e-6), 9);
          params.forEach((p, i) => {
            gradOf(p).forEach((v, j) => {
              expect(Math.sign(v) === Math.sign(gs[i][j]) || v === 0).toBe(true);
            });
          });
        },
      ),
    );
  });
});

describe('clipGradValue', () => {
  it('clamps each element to [−c, c] and keeps NaN', () => {
    const a = param([-3, 0.5, 2, Number.NaN]);
    clipGradValue([a], 1);
    expect(gradOf(a)).toEqual([-1, 0.5, 1, Number.NaN]);
  });

  it('rejects a negative clip value', () => {
    expect(() => clipGradValue(param([1]), -0.5)).toThrow(
      'clipGradValue: clipValue must be a number ≥ 0, got -0.5',
    );
  });
});
