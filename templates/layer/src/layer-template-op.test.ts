import { createRng, randn, type Tensor, tensor } from '@convkit/tensor';
import { checkGradients, expectClose, shapeArb, tensorArb } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layerTemplate } from './layer-template-op';

/** The same map composed from public tensor ops: an independent reference. */
function reference(x: Tensor, scale: Tensor, shift: Tensor): Tensor {
  const perChannel = [1, scale.size, ...x.shape.slice(2).map(() => 1)];
  return x.mul(scale.reshape(perChannel)).add(shift.reshape(perChannel));
}

/** x [N, C, …] with 0–2 trailing dimensions, plus a scale and a shift of size C. */
const inputsArb = shapeArb({ minRank: 2, maxRank: 4, maxDim: 4 }).chain((shape) =>
  fc.tuple(tensorArb(shape), tensorArb([shape[1]]), tensorArb([shape[1]])),
);

describe('layerTemplate', () => {
  it('scales and shifts each channel (worked by hand)', () => {
    const x = tensor([
      [
        [1, 2],
        [3, 4],
      ],
    ]); // [N=1, C=2, 2]
    const y = layerTemplate(x, tensor([2, -1]), tensor([0.5, 1]));
    expect(y.toArray()).toEqual([
      [
        [2.5, 4.5],
        [-2, -3],
      ],
    ]);
  });

  it('names the argument, the expected and the actual value in its errors', () => {
    const x = randn([2, 3, 4]);
    expect(() => layerTemplate(randn([3]), randn([3]), randn([3]))).toThrow(
      'layerTemplate: x must be [N, C, …], got [3]',
    );
    expect(() => layerTemplate(x, randn([4]), randn([3]))).toThrow(
      'layerTemplate: scale must be [3] for x [2, 3, 4], got [4]',
    );
    expect(() => layerTemplate(x, randn([3]), randn([3], { dtype: 'float64' }))).toThrow(
      'layerTemplate: shift must be float32 like x, got float64',
    );
  });

  it('matches the composition of tensor ops (property)', () => {
    fc.assert(
      fc.property(inputsArb, ([x, scale, shift]) => {
        expectClose(layerTemplate(x, scale, shift), reference(x, scale, shift), { atol: 1e-12 });
      }),
      { numRuns: 50 },
    );
  });

  it('has gradients that match central differences in float64 (property)', () => {
    // The map is linear in each input separately, so central differences are exact up to
    // rounding: the default tolerances (atol 1e-6, rtol 1e-4) leave a wide margin.
    fc.assert(
      fc.property(inputsArb, ([x, scale, shift]) => {
        const inputs = [x, scale, shift].map((t) => t.requiresGrad_());
        checkGradients((a, b, c) => layerTemplate(a, b, c), inputs);
      }),
      { numRuns: 25 },
    );
  });

  it('gives the reference gradients through autograd', () => {
    const rng = createRng(3);
    const make = (shape: number[]) => randn(shape, { rng, dtype: 'float64' }).requiresGrad_();
    const [x, scale, shift] = [make([2, 3, 5]), make([3]), make([3])];
    const weights = randn([2, 3, 5], { rng, dtype: 'float64' });
    layerTemplate(x, scale, shift).mul(weights).sum().backward();
    const ours = [x, scale, shift].map((t) => t.grad as Tensor);
    const [x2, scale2, shift2] = [x, scale, shift].map((t) => t.detach().requiresGrad_());
    reference(x2, scale2, shift2).mul(weights).sum().backward();
    [x2, scale2, shift2].forEach((t, i) => {
      expectClose(ours[i], t.grad as Tensor, { atol: 1e-12 });
    });
  });
});
