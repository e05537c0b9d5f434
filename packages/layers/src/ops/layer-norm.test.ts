import { createRng, randn, type Tensor, tensor, zeros } from '@convkit/tensor';
import { checkGradients, expectClose } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layerNorm } from './layer-norm';

const configArb = fc.record({
  lead: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
  norm: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 2 }),
  affine: fc.boolean(),
  seed: fc.integer(),
});

describe('layerNorm', () => {
  it('standardises each row by hand', () => {
    const y = layerNorm(
      tensor(
        [
          [1, 3],
          [2, 2],
        ],
        { dtype: 'float64' },
      ),
      2,
      { eps: 0 },
    );
    expectClose(y, [
      [-1, 1],
      [Number.NaN, Number.NaN],
    ]);
    const z = layerNorm(tensor([[1, 3]], { dtype: 'float64' }), [2], {
      weight: tensor([2, 3], { dtype: 'float64' }),
      bias: tensor([1, 1], { dtype: 'float64' }),
      eps: 0,
    });
    expectClose(z, [[-1, 4]]);
  });

  it('matches a reference built from tensor reductions', () => {
    fc.assert(
      fc.property(configArb, ({ lead, norm, affine, seed }) => {
        const rng = createRng(seed);
        const x = randn([...lead, ...norm], { dtype: 'float64', rng });
        const w = randn(norm, { dtype: 'float64', rng });
        const b = randn(norm, { dtype: 'float64', rng });
        const axes = norm.map((_, i) => lead.length + i);
        let expected = x
          .sub(x.mean(axes, { keepDim: true }))
          .div(x.var(axes, { keepDim: true, correction: 0 }).add(1e-5).sqrt());
        if (affine) expected = expected.mul(w).add(b);
        const y = layerNorm(x, norm, affine ? { weight: w, bias: b } : {});
        expectClose(y, expected, { atol: 1e-10 });
      }),
    );
  });

  it('has exact gradients for x, weight and bias', () => {
    fc.assert(
      fc.property(configArb, ({ lead, norm, seed }) => {
        const rng = createRng(seed);
        const x = randn([...lead, ...norm], { dtype: 'float64', rng }).requiresGrad_();
        const w = randn(norm, { dtype: 'float64', rng }).requiresGrad_();
        const b = randn(norm, { dtype: 'float64', rng }).requiresGrad_();
        // eps 1e-3 keeps 1/σ bounded for rows with nearly equal values; smooth everywhere.
        checkGradients(
          (t: Tensor, g: Tensor, s: Tensor) =>
            layerNorm(t, norm, { weight: g, bias: s, eps: 1e-3 }),
          [x, w, b],
        );
      }),
      { numRuns: 20 },
    );
  });

  it('rejects shapes that do not end with normalizedShape', () => {
    expect(() => layerNorm(zeros([2, 3]), [4])).toThrow(
      'layerNorm: x must end with dimensions [4], got shape [2, 3]',
    );
    expect(() => layerNorm(zeros([2, 3]), [])).toThrow(
      'layerNorm: normalizedShape must be a positive integer or a non-empty array of them, got []',
    );
    expect(() => layerNorm(zeros([2, 3]), 3, { weight: zeros([2]) })).toThrow(
      'layerNorm: weight must have shape [3], got [2]',
    );
  });
});
