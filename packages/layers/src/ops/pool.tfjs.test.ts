// TensorFlow.js (CPU backend) as an independent oracle for max and average pooling: forward
// values and input gradients on random settings, in NHWC on TF.js's side.
import { createRng, randn, type Tensor } from '@convkit/tensor';
import { expectClose } from '@convkit/testing';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { type PoolCase, poolCaseArb, poolCaseInput } from '../internal/pool-test-cases';
import { nchw, nhwc, tfGrads } from '../internal/tfjs-layout';
import { globalAvgPool2d, globalMaxPool2d } from './adaptive-pool2d';
import { avgPool2d } from './avg-pool2d';
import { maxPool2d } from './max-pool2d';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// float32 on TF.js's side: window sums of a few normal samples agree to ~1e-6 relative.
const TOL = { atol: 1e-5, rtol: 1e-5 };

/** Forward and input gradient of Σ op(x)·r, ours against TF.js's. */
function compare(
  ours: (x: Tensor) => Tensor,
  theirs: (x: tf.Tensor) => tf.Tensor,
  x: Tensor,
  seed: number,
  gradients = true,
): void {
  const leaf = x.to('float64').requiresGrad_();
  const out = ours(leaf);
  expectClose(out, nchw(theirs(nhwc(x))), TOL);
  if (!gradients) return;
  const r = randn(out.shape, { dtype: 'float64', rng: createRng(seed) });
  out.mul(r).sum().backward();
  const [theirGrad] = tfGrads(theirs, [nhwc(x)], nhwc(r));
  expectClose(leaf.grad as Tensor, nchw(theirGrad), TOL);
}

/** TF.js's explicit padding for a case (numbers, in NHWC order). */
function tfPadding(
  k: PoolCase,
): [[number, number], [number, number], [number, number], [number, number]] {
  const [pH, pW] = k.padding;
  return [
    [0, 0],
    [pH, pH],
    [pW, pW],
    [0, 0],
  ];
}

// TF.js rounds output sizes down here (no ceilMode), so cases are taken without it.
const floorCases = (options?: { dilation?: boolean }) =>
  poolCaseArb(options).map((k) => ({ ...k, ceilMode: false }));

describe('maxPool2d agrees with TensorFlow.js', () => {
  it('forward and gradient, including the first-maximum rule on ties', () => {
    fc.assert(
      fc.property(floorCases(), (k) => {
        // Rounded normal samples: small integers, so windows often hold equal maxima.
        const x = poolCaseInput(k, { ties: true, dtype: 'float32' });
        compare(
          (a) => maxPool2d(a, { kernelSize: k.kernelSize, stride: k.stride, padding: k.padding }),
          (a) => tf.maxPool(a as tf.Tensor4D, k.kernelSize, k.stride, tfPadding(k)),
          x,
          k.seed + 1,
        );
      }),
      { numRuns: 30 },
    );
  });

  it('dilated windows (stride 1, no padding, as tf.pool allows)', () => {
    fc.assert(
      fc.property(floorCases({ dilation: true }), (k) => {
        const x = poolCaseInput(k, { dtype: 'float32' });
        compare(
          (a) => maxPool2d(a, { kernelSize: k.kernelSize, stride: 1, dilation: k.dilation }),
          (a) => tf.pool(a as tf.Tensor4D, k.kernelSize, 'max', 'valid', k.dilation, 1),
          x,
          k.seed + 1,
        );
      }),
      { numRuns: 15 },
    );
  });

  it('global max pooling equals tf.max over H and W', () => {
    const x = randn([2, 3, 5, 4], { rng: createRng(1) });
    compare(globalMaxPool2d, (a) => tf.max(a, [1, 2], true), x, 2);
  });
});

describe('avgPool2d agrees with TensorFlow.js', () => {
  it('forward and gradient without padding', () => {
    fc.assert(
      fc.property(floorCases(), (k) => {
        const x = poolCaseInput(k, { dtype: 'float32' });
        compare(
          (a) => avgPool2d(a, { kernelSize: k.kernelSize, stride: k.stride }),
          (a) => tf.avgPool(a as tf.Tensor4D, k.kernelSize, k.stride, 'valid'),
          x,
          k.seed + 1,
        );
      }),
      { numRuns: 30 },
    );
  });

  it('with padding, TF.js averages the real inputs only: countIncludePad false', () => {
    // Forward only: TF.js 4.22's avgPool gradient divides by the full window even where its
    // forward did not, so its padded gradient is not the derivative of its own output.
    fc.assert(
      fc.property(floorCases(), (k) => {
        const x = poolCaseInput(k, { dtype: 'float32' });
        compare(
          (a) =>
            avgPool2d(a, {
              kernelSize: k.kernelSize,
              stride: k.stride,
              padding: k.padding,
              countIncludePad: false,
            }),
          (a) => tf.avgPool(a as tf.Tensor4D, k.kernelSize, k.stride, tfPadding(k)),
          x,
          k.seed + 1,
          false,
        );
      }),
      { numRuns: 30 },
    );
  });

  it('global average pooling equals tf.mean over H and W', () => {
    const x = randn([2, 3, 5, 4], { rng: createRng(3) });
    compare(globalAvgPool2d, (a) => tf.mean(a, [1, 2], true), x, 4);
  });
});
