import { createRng, rand, randn, type Tensor, tensor } from '@convkit/tensor';
import { checkGradients, expectClose } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits } from './binary-cross-entropy';

const f64 = { dtype: 'float64' } as const;

describe('binaryCrossEntropy', () => {
  it('is −[t·log p + (1 − t)·log(1 − p)]', () => {
    const p = tensor([0.9, 0.2, 0.5], f64);
    const t = tensor([1, 0, 0.5], f64);
    expectClose(
      binaryCrossEntropy(p, t, { reduction: 'none' }),
      [-Math.log(0.9), -Math.log(0.8), Math.LN2],
      { atol: 1e-15 },
    );
    expectClose(
      binaryCrossEntropy(p, t, { weight: tensor([2], f64), reduction: 'sum' }),
      2 * (-Math.log(0.9) - Math.log(0.8) + Math.LN2),
      {
        atol: 1e-14,
      },
    );
  });

  it('clamps each log at −100 as PyTorch, so p = 0 or 1 stays finite', () => {
    expectClose(
      binaryCrossEntropy(tensor([0, 1], f64), tensor([1, 0], f64), { reduction: 'none' }),
      [100, 100],
    );
    const p = tensor([0, 1], { ...f64, requiresGrad: true });
    binaryCrossEntropy(p, tensor([1, 0], f64), { reduction: 'sum' }).backward();
    expect((p.grad as Tensor).data.every(Number.isFinite)).toBe(true);
  });

  it('has exact gradients for p in (0, 1) and for the target', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 6 }), (seed, n) => {
        const rng = createRng(seed);
        const p = rand([n], { ...f64, rng })
          .mul(0.9)
          .add(0.05)
          .detach()
          .requiresGrad_();
        const t = rand([n], { ...f64, rng }).requiresGrad_();
        // Smooth for p in [0.05, 0.95]: second derivatives ≤ 1/p² ≈ 400, well within tolerance.
        checkGradients((a: Tensor, b: Tensor) => binaryCrossEntropy(a, b), [p, t]);
      }),
      { numRuns: 20 },
    );
  });

  it('rejects probabilities outside [0, 1]', () => {
    expect(() => binaryCrossEntropy(tensor([0.5, 1.5]), tensor([1, 0]))).toThrow(
      'binaryCrossEntropy: input must hold probabilities in [0, 1], got 1.5 at flat index 1',
    );
    expect(() =>
      binaryCrossEntropy(tensor([0.5]), tensor([1]), { weight: tensor([1, 2]) }),
    ).toThrow("binaryCrossEntropy: weight must broadcast to the input's shape [1], got [2]");
  });
});

describe('binaryCrossEntropyWithLogits', () => {
  it('equals binaryCrossEntropy after a sigmoid', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const rng = createRng(seed);
        const x = randn([3, 4], { ...f64, rng });
        const t = rand([3, 4], { ...f64, rng });
        expectClose(binaryCrossEntropyWithLogits(x, t), binaryCrossEntropy(x.sigmoid(), t), {
          atol: 1e-12,
        });
      }),
    );
  });

  it('is stable for huge logits', () => {
    const y = binaryCrossEntropyWithLogits(
      tensor([1000, -1000, 1000], f64),
      tensor([1, 0, 0], f64),
      { reduction: 'none' },
    );
    expectClose(y, [0, 0, 1000]);
  });

  it('weights the positive term by posWeight', () => {
    const x = tensor([[0.3, -1.2]], f64);
    const t = tensor([[1, 1]], f64);
    const pw = tensor([3, 0.5], f64);
    const expected = [
      3 * -Math.log(1 / (1 + Math.exp(-0.3))),
      0.5 * -Math.log(1 / (1 + Math.exp(1.2))),
    ];
    expectClose(
      binaryCrossEntropyWithLogits(x, t, { posWeight: pw, reduction: 'none' }),
      [expected],
      { atol: 1e-14 },
    );
  });

  it('has exact gradients for logits and target, with weights', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        (seed, n, c) => {
          const rng = createRng(seed);
          const x = randn([n, c], { ...f64, rng })
            .mul(3)
            .detach()
            .requiresGrad_();
          const t = rand([n, c], { ...f64, rng }).requiresGrad_();
          const pw = rand([c], { ...f64, rng }).add(0.5);
          const w = rand([n, 1], { ...f64, rng });
          checkGradients(
            (a: Tensor, b: Tensor) =>
              binaryCrossEntropyWithLogits(a, b, { posWeight: pw, weight: w }),
            [x, t],
          );
        },
      ),
      { numRuns: 20 },
    );
  });
});
