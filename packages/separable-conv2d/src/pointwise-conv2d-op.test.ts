import { conv2d } from '@convkit/layers';
import { createRng, randn, type Tensor, tensor, zeros } from '@convkit/tensor';
import { checkGradients, expectClose, tensorArb } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pointwiseConv2d } from './pointwise-conv2d-op';

/** x [N, C, H, W], weight [O, C, 1, 1] and bias [O] of small random sizes, float64. */
const caseArb = fc
  .record({
    n: fc.integer({ min: 1, max: 3 }),
    c: fc.integer({ min: 1, max: 4 }),
    o: fc.integer({ min: 1, max: 4 }),
    h: fc.integer({ min: 1, max: 4 }),
    w: fc.integer({ min: 1, max: 4 }),
  })
  .chain(({ n, c, o, h, w }) =>
    fc.tuple(tensorArb([n, c, h, w]), tensorArb([o, c, 1, 1]), tensorArb([o])),
  );

describe('pointwiseConv2d', () => {
  it('mixes channels at every position (worked by hand)', () => {
    // Two channels at two positions: channel 0 = [1, 2], channel 1 = [3, 4].
    const x = tensor([[[[1, 2]], [[3, 4]]]]); // [1, 2, 1, 2]
    const weight = tensor([
      [[[1]], [[10]]],
      [[[-1]], [[0.5]]],
    ]); // [2, 2, 1, 1]
    const y = pointwiseConv2d(x, weight, tensor([0, 100]));
    // o = 0: 1·x0 + 10·x1 = [31, 42]; o = 1: −x0 + 0.5·x1 + 100 = [100.5, 100]
    expect(y.toArray()).toEqual([[[[31, 42]], [[100.5, 100]]]]);
  });

  it('equals conv2d with a 1×1 kernel (property)', () => {
    fc.assert(
      fc.property(caseArb, fc.boolean(), ([x, weight, bias], withBias) => {
        const b = withBias ? bias : null;
        expectClose(pointwiseConv2d(x, weight, b), conv2d(x, weight, { bias: b }), {
          atol: 1e-12,
        });
      }),
      { numRuns: 60 },
    );
  });

  it('takes unbatched [C, H, W] input, and an empty batch', () => {
    const rng = createRng(4);
    const x = randn([3, 2, 5], { rng });
    const weight = randn([4, 3, 1, 1], { rng });
    const batched = pointwiseConv2d(x.reshape([1, 3, 2, 5]), weight);
    expectClose(pointwiseConv2d(x, weight), batched.reshape([4, 2, 5]), { atol: 0 });
    expect(pointwiseConv2d(zeros([0, 3, 2, 2]), weight).shape).toEqual([0, 4, 2, 2]);
  });

  it('has gradients that match central differences for x, weight and bias (float64)', () => {
    // Bilinear in (x, weight) and linear in bias: central differences are exact up to
    // rounding, so the default tolerances (atol 1e-6, rtol 1e-4) are generous.
    fc.assert(
      fc.property(caseArb, ([x, weight, bias]) => {
        const inputs = [x, weight, bias].map((t) => t.requiresGrad_());
        checkGradients((a, w, b) => pointwiseConv2d(a, w, b), inputs);
      }),
      { numRuns: 30 },
    );
  });

  it('gives gradients only to the inputs that require them', () => {
    const rng = createRng(5);
    const x = randn([2, 3, 2, 2], { rng, dtype: 'float64' });
    const weight = randn([2, 3, 1, 1], { rng, dtype: 'float64' }).requiresGrad_();
    const bias = randn([2], { rng, dtype: 'float64' });
    pointwiseConv2d(x, weight, bias).sum().backward();
    expect(x.grad).toBeNull();
    expect(bias.grad).toBeNull();
    // d(Σ y)/dW[o, c] = Σ_{n, positions} x[n, c, …], the same for every o.
    const perChannel = x.sum([0, 2, 3]).toArray() as number[];
    expectClose(
      weight.grad as Tensor,
      [perChannel, perChannel].map((r) => r.map((v) => [[v]])),
      {
        atol: 1e-12,
      },
    );
  });

  it('names the argument and the expected and actual shapes in its errors', () => {
    const x = randn([2, 3, 4, 4]);
    expect(() => pointwiseConv2d(randn([3, 4]), randn([2, 3, 1, 1]))).toThrow(
      'pointwiseConv2d: x must be [N, C, H, W] (or unbatched [C, H, W]), got [3, 4]',
    );
    expect(() => pointwiseConv2d(x, randn([2, 3, 3, 3]))).toThrow(
      'pointwiseConv2d: weight must be [outC, 3, 1, 1] for x [2, 3, 4, 4], got [2, 3, 3, 3]',
    );
    expect(() => pointwiseConv2d(x, randn([2, 3, 1, 1]), randn([3]))).toThrow(
      'pointwiseConv2d: bias must be [2], got [3]',
    );
    expect(() => pointwiseConv2d(x, randn([2, 3, 1, 1], { dtype: 'float64' }))).toThrow(
      'pointwiseConv2d: weight must be float32 like x, got float64',
    );
  });
});
