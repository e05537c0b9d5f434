// TensorFlow.js (CPU backend) as an independent oracle for conv2d, depthwise conv2d and
// convTranspose2d: forward values and the input, weight and bias gradients on random
// settings. TF.js is NHWC with [kH, kW, in, out] filters; convkit is NCHW with PyTorch's
// weight layouts, so data is permuted on the way in and out.
import { createRng, randn, type Tensor } from '@convkit/tensor';
import { expectClose } from '@convkit/testing';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { conv2dCaseArb, conv2dCaseTensors, explicitPadding } from '../internal/conv-test-cases';
import { fromTf, nchw, nhwc, tfGrads, toTf } from '../internal/tfjs-layout';
import { convTranspose2d } from './conv-transpose2d';
import { conv2d } from './conv2d';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// TF.js computes in float32; convkit runs the same (float32-representable) data in float64.
// Sums of at most 36 products of normal samples agree to float32 rounding, ~1e-6 relative.
const TOL = { atol: 1e-4, rtol: 1e-4 };

/** convkit's gradients of Σ f(inputs)·r, in input order. */
function grads(f: (...inputs: Tensor[]) => Tensor, inputs: Tensor[], r: Tensor): Tensor[] {
  const leaves = inputs.map((t) => t.detach().requiresGrad_());
  f(...leaves)
    .mul(r)
    .sum()
    .backward();
  return leaves.map((t) => t.grad as Tensor);
}

const f64 = (t: Tensor) => t.to('float64');
/** OIHW conv weight (or [in, out, kH, kW] transposed-conv weight) → TF.js's [kH, kW, in, out]. */
const toFilter = (w: Tensor) => toTf(w, [2, 3, 1, 0]);
/** TF.js's [kH, kW, in, out] filter gradient → convkit's weight layout. */
const fromFilter = (f: tf.Tensor) => fromTf(f, [3, 2, 0, 1]);

type Padding =
  | 'same'
  | 'valid'
  | [[number, number], [number, number], [number, number], [number, number]];

/** Compares forward and (unless `gradients` is false) every gradient of an op with its TF.js counterpart. */
function compare(
  ours: (...inputs: Tensor[]) => Tensor,
  theirs: (...inputs: tf.Tensor[]) => tf.Tensor,
  inputs: Tensor[],
  toTheirs: ((t: Tensor) => tf.Tensor)[],
  fromTheirs: ((t: tf.Tensor) => Tensor)[],
  seed: number,
  gradients = true,
): void {
  const out = ours(...inputs);
  const tfInputs = inputs.map((t, i) => toTheirs[i](t));
  expectClose(out, nchw(theirs(...tfInputs)), TOL);
  if (!gradients) return;
  const r = randn(out.shape, { rng: createRng(seed) }).to('float64');
  const ourGrads = grads(ours, inputs, r);
  const theirGrads = tfGrads(theirs, tfInputs, nhwc(r));
  ourGrads.forEach((g, i) => {
    expectClose(g, fromTheirs[i](theirGrads[i]), TOL);
  });
}

/**
 * conv2d settings TF.js accepts: no stride above 1 together with a dilation above 1, and
 * no dilation at all where gradients are compared (TF.js has no dilated conv gradients).
 */
function tfConvCases(options: { depthwise: boolean; dilation: boolean }) {
  return conv2dCaseArb({ zerosOnly: true, maxGroups: options.depthwise ? 3 : 1 }).map((k) => {
    const dilation: [number, number] = options.dilation ? k.dilation : [1, 1];
    const stride: [number, number] = dilation[0] > 1 || dilation[1] > 1 ? [1, 1] : k.stride;
    // Depthwise: one input channel per group (TF.js's channel multiplier is outC / c).
    const c = options.depthwise ? k.groups : k.c;
    const h = Math.max(k.h, dilation[0] * (k.kH - 1) + 1);
    const w = Math.max(k.w, dilation[1] * (k.kW - 1) + 1);
    return { ...k, c, h, w, dilation, stride };
  });
}

/** TF.js's padding argument for a case: the strings as they are, numbers made explicit. */
function tfPadding(k: Parameters<typeof explicitPadding>[0]): Padding {
  if (k.padding === 'same' || k.padding === 'valid') return k.padding;
  const [top, bottom, left, right] = explicitPadding(k);
  return [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
}

describe('conv2d agrees with TensorFlow.js', () => {
  for (const dilation of [false, true]) {
    const what = dilation
      ? 'forward with dilation'
      : 'forward and the input, weight and bias gradients';
    it(what, () => {
      fc.assert(
        fc.property(tfConvCases({ depthwise: false, dilation }), (k) => {
          const t = conv2dCaseTensors(k, 'float32');
          const bias = t.bias ?? randn([k.outC], { rng: createRng(k.seed + 2) });
          const pad = tfPadding(k);
          compare(
            (x, w, b) =>
              conv2d(x, w, { bias: b, stride: k.stride, padding: k.padding, dilation: k.dilation }),
            (x, f, b) =>
              tf.add(
                tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, k.stride, pad, 'NHWC', k.dilation),
                b,
              ),
            [f64(t.x), f64(t.weight), f64(bias)],
            [nhwc, toFilter, (b) => toTf(b)],
            [nchw, fromFilter, (b) => fromTf(b)],
            k.seed + 1,
            !dilation,
          );
        }),
        { numRuns: dilation ? 10 : 25 },
      );
    });
  }
});

describe('depthwise conv2d (groups = channels) agrees with TensorFlow.js', () => {
  for (const dilation of [false, true]) {
    const what = dilation ? 'forward with dilation' : 'forward and the input and weight gradients';
    it(`${what}, with a channel multiplier`, () => {
      fc.assert(
        fc.property(tfConvCases({ depthwise: true, dilation }), (k) => {
          const t = conv2dCaseTensors(k, 'float32');
          const multiplier = k.outC / k.c;
          const pad = tfPadding(k);
          // Output channel c·multiplier + m is TF.js's filter[:, :, c, m], as in PyTorch.
          const toDepthwise = (w: Tensor) =>
            toTf(w.reshape([k.c, multiplier, k.kH, k.kW]), [2, 3, 0, 1]);
          const fromDepthwise = (f: tf.Tensor) =>
            fromTf(f, [2, 3, 0, 1]).reshape([k.outC, 1, k.kH, k.kW]);
          compare(
            (x, w) =>
              conv2d(x, w, {
                stride: k.stride,
                padding: k.padding,
                dilation: k.dilation,
                groups: k.c,
              }),
            (x, f) =>
              tf.depthwiseConv2d(
                x as tf.Tensor4D,
                f as tf.Tensor4D,
                k.stride,
                pad,
                'NHWC',
                k.dilation,
              ),
            [f64(t.x), f64(t.weight)],
            [nhwc, toDepthwise],
            [nchw, fromDepthwise],
            k.seed + 1,
            !dilation,
          );
        }),
        { numRuns: dilation ? 10 : 25 },
      );
    });
  }
});

describe('convTranspose2d agrees with TensorFlow.js', () => {
  const caseArb = fc.record({
    n: fc.integer({ min: 1, max: 2 }),
    c: fc.integer({ min: 1, max: 3 }),
    outC: fc.integer({ min: 1, max: 3 }),
    size: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
    kernel: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    stride: fc.integer({ min: 1, max: 3 }),
    padding: fc.integer({ min: 0, max: 1 }),
    outputPadding: fc.integer({ min: 0, max: 2 }),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  });

  it('forward and the input and weight gradients', () => {
    fc.assert(
      fc.property(caseArb, (k) => {
        const [h, w] = k.size;
        const [kH, kW] = k.kernel;
        const outputPadding = k.outputPadding % k.stride;
        const outH = (h - 1) * k.stride - 2 * k.padding + kH + outputPadding;
        const outW = (w - 1) * k.stride - 2 * k.padding + kW + outputPadding;
        fc.pre(outH > 0 && outW > 0);
        const rng = createRng(k.seed);
        const x = randn([k.n, k.c, h, w], { rng });
        const weight = randn([k.c, k.outC, kH, kW], { rng });
        const outputShape: [number, number, number, number] = [k.n, outH, outW, k.outC];
        // Explicit padding: TF.js 4.22 returns NaN for conv2dTranspose with a numeric pad 0.
        const p = k.padding;
        const pad: Padding = [
          [0, 0],
          [p, p],
          [p, p],
          [0, 0],
        ];
        compare(
          (a, wt) =>
            convTranspose2d(a, wt, { stride: k.stride, padding: k.padding, outputPadding }),
          (a, f) =>
            tf.conv2dTranspose(a as tf.Tensor4D, f as tf.Tensor4D, outputShape, k.stride, pad),
          [f64(x), f64(weight)],
          [nhwc, toFilter],
          [nchw, fromFilter],
          k.seed + 1,
        );
      }),
      { numRuns: 25 },
    );
  });
});
