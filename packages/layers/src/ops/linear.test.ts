import { createRng, randn, type Tensor, tensor, zeros } from '@convkit/tensor';
import { checkGradients, expectClose, tensorArb } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linear } from './linear';

/** Leading dims (0–2 of them), inFeatures, outFeatures. */
const configArb = fc.record({
  lead: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
  inF: fc.integer({ min: 1, max: 6 }),
  outF: fc.integer({ min: 1, max: 5 }),
  bias: fc.boolean(),
});

describe('linear', () => {
  it('computes x·Wᵀ + b by hand', () => {
    const x = tensor([[1, 2]]);
    const w = tensor([
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    expectClose(linear(x, w, tensor([10, 20, 30])), [[11, 22, 33]]);
    expectClose(linear(tensor([1, 2]), w), [1, 2, 3]);
  });

  it('handles leading dimensions, size-1 and empty batches', () => {
    const w = randn([4, 3], { rng: createRng(1) });
    expect(linear(zeros([2, 5, 3]), w).shape).toEqual([2, 5, 4]);
    expect(linear(zeros([0, 3]), w).shape).toEqual([0, 4]);
    expect(linear(zeros([1, 1, 3]), w).shape).toEqual([1, 1, 4]);
  });

  it('with zero input features every output is the bias, and the bias still learns', () => {
    const b = tensor([1, 2, 3], { requiresGrad: true });
    const out = linear(zeros([2, 0]), zeros([3, 0]), b);
    expectClose(out, [
      [1, 2, 3],
      [1, 2, 3],
    ]);
    out.sum().backward();
    expectClose(b.grad as Tensor, [2, 2, 2]);
  });

  it('agrees with matmul for random shapes', () => {
    fc.assert(
      fc.property(configArb, fc.integer(), ({ lead, inF, outF, bias }, seed) => {
        const rng = createRng(seed);
        const x = randn([...lead, inF], { dtype: 'float64', rng });
        const w = randn([outF, inF], { dtype: 'float64', rng });
        const b = randn([outF], { dtype: 'float64', rng });
        const expected = bias ? x.matmul(w.transpose()).add(b) : x.matmul(w.transpose());
        expectClose(linear(x, w, bias ? b : null), expected, { atol: 1e-12 });
      }),
    );
  });

  it('has exact gradients for x, weight and bias', () => {
    fc.assert(
      fc.property(
        configArb.chain(({ lead, inF, outF, bias }) =>
          fc.tuple(
            tensorArb([...lead, inF], { requiresGrad: true }),
            tensorArb([outF, inF], { requiresGrad: true }),
            bias ? tensorArb([outF], { requiresGrad: true }) : fc.constant(null),
          ),
        ),
        ([x, w, b]) => {
          // Linear in each argument, so central differences are exact up to rounding.
          const inputs = b === null ? [x, w] : [x, w, b];
          checkGradients((...t: Tensor[]) => linear(t[0], t[1], t[2] ?? null), inputs);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('rejects mismatched arguments', () => {
    const w = zeros([120, 400]);
    expect(() => linear(zeros([2, 300]), w)).toThrow(
      'linear: x must have 400 features in its last dimension (weight is [120, 400]), got shape [2, 300]',
    );
    expect(() => linear(zeros([2, 400]), zeros([400]))).toThrow(
      'linear: weight must be [outFeatures, inFeatures], got [400]',
    );
    expect(() => linear(zeros([2, 400]), w, zeros([10]))).toThrow(
      'linear: bias must be [120], got [10]',
    );
    expect(() => linear(zeros([2, 400], { dtype: 'float64' }), w)).toThrow(
      "linear: weight must have the input's dtype float64, got float32",
    );
    expect(() => linear(zeros([2, 400], { dtype: 'int32' }), w)).toThrow(
      'linear: x must be a float32 or float64 tensor, got int32',
    );
  });
});
