import { createRng, rand, randint, randn, type Tensor, tensor } from '@convkit/tensor';
import { checkGradients, expectClose } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crossEntropy } from './cross-entropy';
import { nllLoss } from './nll-loss';

const f64 = { dtype: 'float64' } as const;

const configArb = fc.record({
  N: fc.integer({ min: 1, max: 4 }),
  C: fc.integer({ min: 2, max: 5 }),
  spatial: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
  smoothing: fc.constantFrom(0, 0.1, 0.3),
  weighted: fc.boolean(),
  reduction: fc.constantFrom('mean', 'sum', 'none') as fc.Arbitrary<'mean' | 'sum' | 'none'>,
  seed: fc.integer(),
});

/** One-hot [N, C, ...] of class indices [N, ...]. */
function oneHot(y: Tensor, C: number): Tensor {
  const [N, ...rest] = y.shape;
  const S = rest.reduce((p, d) => p * d, 1);
  const out = new Float64Array(N * C * S);
  for (let n = 0; n < N; n++)
    for (let s = 0; s < S; s++) out[(n * C + y.data[n * S + s]) * S + s] = 1;
  return tensor(out, { shape: [N, C, ...rest] });
}

describe('crossEntropy: examples', () => {
  it('is −log softmax at the target', () => {
    const z = tensor([[1, 2, 3]], f64);
    const lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    expectClose(crossEntropy(z, tensor([2], { dtype: 'int32' })), lse - 3, { atol: 1e-14 });
    expectClose(crossEntropy(tensor([1, 2, 3], f64), tensor(0, { dtype: 'int32' })), lse - 1, {
      atol: 1e-14,
    });
  });

  it('ignores ignoreIndex and averages over the class weights of the rest (PyTorch)', () => {
    const z = tensor(
      [
        [0, 0],
        [0, 3],
        [5, 0],
      ],
      f64,
    );
    const y = tensor([0, 1, -100], { dtype: 'int32' });
    const w = tensor([1, 3], f64);
    const l0 = Math.LN2;
    const l1 = Math.log(1 + Math.exp(3)) - 3;
    expectClose(crossEntropy(z, y, { weight: w }), (l0 + 3 * l1) / 4, { atol: 1e-14 });
    expectClose(crossEntropy(z, y, { reduction: 'none' }), [l0, l1, 0], { atol: 1e-14 });
    expect(crossEntropy(z, tensor([-100, -100, -100], { dtype: 'int32' })).item()).toBeNaN();
  });

  it('is exact and finite for extreme logits', () => {
    expectClose(crossEntropy(tensor([[1000, 0]], f64), tensor([0], { dtype: 'int32' })), 0);
    expectClose(crossEntropy(tensor([[-1000, 0]], f64), tensor([0], { dtype: 'int32' })), 1000);
  });

  it('rejects bad targets and options', () => {
    const z = randn([2, 3]);
    expect(() => crossEntropy(z, tensor([0, 3], { dtype: 'int32' }))).toThrow(
      'crossEntropy: target must hold class indices in [0, 3), got 3 at flat index 1',
    );
    expect(() => crossEntropy(z, tensor([0], { dtype: 'int32' }))).toThrow(
      'crossEntropy: class-index target must have shape [2] for input [2, 3], got [1]',
    );
    expect(() => crossEntropy(z, randn([2, 2]))).toThrow(
      "crossEntropy: target must be int32 class indices or float32 probabilities of the input's shape [2, 3], got float32 of shape [2, 2]",
    );
    expect(() => crossEntropy(z, rand([2, 3]), { ignoreIndex: 0 })).toThrow(
      'crossEntropy: ignoreIndex applies to class-index targets only, got probabilities',
    );
    expect(() =>
      crossEntropy(z, tensor([0, 1], { dtype: 'int32' }), { weight: tensor([1, 2]) }),
    ).toThrow('crossEntropy: weight must have shape [3] (one per class), got [2]');
    expect(() =>
      crossEntropy(z, tensor([0, 1], { dtype: 'int32' }), { labelSmoothing: 1.5 }),
    ).toThrow('crossEntropy: labelSmoothing must be a number in [0, 1], got 1.5');
  });
});

describe('crossEntropy: properties', () => {
  it('equals nllLoss(logSoftmax) for indices, and the one-hot probability form without weights', () => {
    fc.assert(
      fc.property(configArb, ({ N, C, spatial, weighted, reduction, seed }) => {
        const rng = createRng(seed);
        const z = randn([N, C, ...spatial], { ...f64, rng });
        const y = randint(0, C, [N, ...spatial], { rng });
        const weight = weighted ? rand([C], { ...f64, rng }).add(0.1) : null;
        const viaNll = nllLoss(z.logSoftmax(1), y, { weight, reduction });
        expectClose(crossEntropy(z, y, { weight, reduction }), viaNll, { atol: 1e-12 });
        if (!weighted) {
          expectClose(crossEntropy(z, oneHot(y, C), { reduction }), viaNll, { atol: 1e-12 });
        }
      }),
    );
  });

  it('label smoothing mixes in the uniform distribution (PyTorch formula)', () => {
    fc.assert(
      fc.property(configArb, ({ N, C, spatial, smoothing, seed }) => {
        const rng = createRng(seed);
        const z = randn([N, C, ...spatial], { ...f64, rng });
        const y = randint(0, C, [N, ...spatial], { rng });
        const logp = z.logSoftmax(1);
        // (1 − ε)·nll + ε·mean over classes of −log p, averaged over rows.
        const expected = nllLoss(logp, y)
          .mul(1 - smoothing)
          .add(logp.neg().mean(1).mean().mul(smoothing));
        expectClose(crossEntropy(z, y, { labelSmoothing: smoothing }), expected, { atol: 1e-12 });
      }),
    );
  });

  it('has exact gradients for logits (indices and probabilities) and probability targets', () => {
    fc.assert(
      fc.property(configArb, ({ N, C, spatial, smoothing, weighted, reduction, seed }) => {
        const rng = createRng(seed);
        const z = randn([N, C, ...spatial], { ...f64, rng }).requiresGrad_();
        const y = randint(-1, C, [N, ...spatial], { rng });
        const weight = weighted ? rand([C], { ...f64, rng }).add(0.1) : null;
        const q = rand([N, C, ...spatial], { ...f64, rng }).requiresGrad_();
        const hasRow = y.data.some((v) => v >= 0);
        if (hasRow || reduction !== 'mean') {
          checkGradients(
            (t: Tensor) =>
              crossEntropy(t, y, { weight, reduction, labelSmoothing: smoothing, ignoreIndex: -1 }),
            [z],
          );
        }
        checkGradients(
          (t: Tensor, p: Tensor) =>
            crossEntropy(t, p, { weight, reduction, labelSmoothing: smoothing }),
          [z, q],
        );
      }),
      { numRuns: 25 },
    );
  });
});
