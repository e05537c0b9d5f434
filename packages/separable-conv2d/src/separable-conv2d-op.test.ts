import { conv2d, type PaddingMode } from '@convkit/layers';
import { randn, Tensor } from '@convkit/tensor';
import { checkGradients, expectClose, tensorArb } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { separableConv2d } from './separable-conv2d-op';

interface Case {
  x: Tensor;
  depthwise: Tensor;
  pointwise: Tensor;
  bias: Tensor;
  depthwiseBias: Tensor;
  options: {
    stride: [number, number];
    padding: [number, number];
    dilation: [number, number];
    paddingMode: PaddingMode;
  };
}

/** Random geometry (stride, dilation, padding, mode, depth multiplier) and float64 tensors. */
const caseArb: fc.Arbitrary<Case> = fc
  .record({
    n: fc.integer({ min: 1, max: 2 }),
    c: fc.integer({ min: 1, max: 3 }),
    m: fc.integer({ min: 1, max: 2 }),
    o: fc.integer({ min: 1, max: 3 }),
    k: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    stride: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
    dilation: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
    padding: fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1 })),
    extra: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })),
    paddingMode: fc.constantFrom<PaddingMode>('zeros', 'reflect', 'replicate', 'circular'),
  })
  .chain(({ n, c, m, o, k, stride, dilation, padding, extra, paddingMode }) => {
    // Big enough for one window and for reflect padding (which needs padding < size).
    const size = (axis: 0 | 1) =>
      Math.max(dilation[axis] * (k[axis] - 1) + 1, padding[axis] + 1) + extra[axis];
    return fc
      .tuple(
        tensorArb([n, c, size(0), size(1)]),
        tensorArb([c * m, 1, k[0], k[1]]),
        tensorArb([o, c * m, 1, 1]),
        tensorArb([o]),
        tensorArb([c * m]),
      )
      .map(([x, depthwise, pointwise, bias, depthwiseBias]) => ({
        x,
        depthwise,
        pointwise,
        bias,
        depthwiseBias,
        options: { stride, padding, dilation, paddingMode },
      }));
  });

/**
 * The full conv2d kernel the two steps amount to: K[o, c, i, j] = Σ_t P[o, c·m + t]·D[c·m + t, i, j],
 * with bias P·depthwiseBias + bias. Built with plain loops, independently of the code under test.
 */
function fullKernel({ x, depthwise, pointwise, bias, depthwiseBias }: Case) {
  const c = x.shape[1];
  const [mid, , kH, kW] = depthwise.shape;
  const o = pointwise.shape[0];
  const m = mid / c;
  const kernel = new Float64Array(o * c * kH * kW);
  const fullBias = Float64Array.from(bias.data);
  for (let out = 0; out < o; out++) {
    for (let q = 0; q < mid; q++) {
      const p = pointwise.data[out * mid + q];
      fullBias[out] += p * depthwiseBias.data[q];
      const input = Math.floor(q / m);
      for (let ij = 0; ij < kH * kW; ij++) {
        kernel[(out * c + input) * kH * kW + ij] += p * depthwise.data[q * kH * kW + ij];
      }
    }
  }
  return { weight: new Tensor(kernel, [o, c, kH, kW]), bias: new Tensor(fullBias, [o]) };
}

describe('separableConv2d', () => {
  it('equals conv2d with the composed rank-m kernel, for any geometry (property)', () => {
    fc.assert(
      fc.property(caseArb, (testCase) => {
        const { x, depthwise, pointwise, bias, depthwiseBias, options } = testCase;
        const full = fullKernel(testCase);
        const ours = separableConv2d(x, depthwise, pointwise, { ...options, bias, depthwiseBias });
        expectClose(ours, conv2d(x, full.weight, { ...options, bias: full.bias }), {
          atol: 1e-10,
        });
      }),
      { numRuns: 80 },
    );
  });

  it('has gradients that match central differences for every input (float64)', () => {
    // Bilinear in (depthwise, pointwise) and linear in the rest: central differences are
    // exact up to rounding, so the default tolerances (atol 1e-6, rtol 1e-4) are generous.
    fc.assert(
      fc.property(caseArb, ({ x, depthwise, pointwise, bias, depthwiseBias, options }) => {
        const inputs = [x, depthwise, pointwise, bias, depthwiseBias].map((t) => t.requiresGrad_());
        checkGradients(
          (a, d, p, b, db) => separableConv2d(a, d, p, { ...options, bias: b, depthwiseBias: db }),
          inputs,
        );
      }),
      { numRuns: 20 },
    );
  });

  it("follows conv2d's output size: 'same' keeps it, stride 2 halves it", () => {
    const x = randn([2, 4, 9, 8]);
    const d = randn([8, 1, 3, 3]);
    const p = randn([5, 8, 1, 1]);
    expect(separableConv2d(x, d, p, { padding: 'same' }).shape).toEqual([2, 5, 9, 8]);
    expect(separableConv2d(x, d, p, { padding: 1, stride: 2 }).shape).toEqual([2, 5, 5, 4]);
    expect(separableConv2d(randn([4, 9, 8]), d, p).shape).toEqual([5, 7, 6]);
  });

  it('names the argument and the expected and actual shapes in its errors', () => {
    const x = randn([2, 4, 8, 8]);
    expect(() => separableConv2d(x, randn([6, 1, 3, 3]), randn([5, 6, 1, 1]))).toThrow(
      'separableConv2d: depthwiseWeight must be [4·m, 1, kH, kW] for x with 4 channels, got [6, 1, 3, 3]',
    );
    expect(() => separableConv2d(x, randn([4, 2, 3, 3]), randn([5, 4, 1, 1]))).toThrow(
      'separableConv2d: depthwiseWeight must be [4·m, 1, kH, kW] for x with 4 channels, got [4, 2, 3, 3]',
    );
    expect(() => separableConv2d(x, randn([8, 1, 3, 3]), randn([5, 4, 1, 1]))).toThrow(
      'separableConv2d: pointwiseWeight must be [outC, 8, 1, 1] after a depthwise step with 8 channels, got [5, 4, 1, 1]',
    );
    expect(() => separableConv2d(randn([8, 8]), randn([8, 1, 3, 3]), randn([5, 8, 1, 1]))).toThrow(
      'separableConv2d: x must be [N, C, H, W] (or unbatched [C, H, W]), got [8, 8]',
    );
  });
});
