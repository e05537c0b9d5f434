import { createRng, randn, type Tensor, tensor } from '@convkit/tensor';
import { checkGradients, expectClose } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Conv2dCase,
  conv2dCaseArb,
  conv2dCaseReference,
  conv2dCaseTensors,
} from '../internal/conv-test-cases';
import { type Conv1dOptions, conv1d } from './conv1d';

const f64 = { dtype: 'float64' } as const;
const signal = (values: number[], requiresGrad = false) =>
  tensor([[values]], { ...f64, requiresGrad });

/** A conv2d case of height 1 (kernel height 1, no vertical padding): a 1-D convolution. */
const conv1dCaseArb = () =>
  conv2dCaseArb().map(
    (k): Conv2dCase => ({
      ...k,
      h: 1,
      kH: 1,
      stride: [1, k.stride[1]],
      dilation: [1, k.dilation[1]],
      padding:
        typeof k.padding === 'string'
          ? k.padding
          : [0, typeof k.padding === 'number' ? k.padding : k.padding[1]],
    }),
  );

function conv1dArgs(k: Conv2dCase, x: Tensor, weight: Tensor, bias: Tensor | null) {
  const options: Conv1dOptions = {
    bias,
    stride: k.stride[1],
    padding: typeof k.padding === 'string' ? k.padding : (k.padding as [number, number])[1],
    dilation: k.dilation[1],
    groups: k.groups,
    paddingMode: k.paddingMode,
  };
  return [
    x.reshape([k.n, k.c, k.w]),
    weight.reshape([k.outC, k.c / k.groups, k.kW]),
    options,
  ] as const;
}

describe('conv1d by hand', () => {
  const x = [1, 2, 3, 4];

  it('differences, strides, dilation and same padding', () => {
    expectClose(conv1d(signal(x), signal([1, -1])), [[[-1, -1, -1]]]);
    expectClose(conv1d(signal(x), signal([1, -1]), { stride: 2 }), [[[-1, -1]]]);
    expectClose(conv1d(signal(x), signal([1, 1]), { dilation: 2 }), [[[1 + 3, 2 + 4]]]);
    expectClose(conv1d(signal(x), signal([1, 1, 1]), { padding: 'same' }), [[[3, 6, 9, 7]]]);
    expectClose(conv1d(signal(x), signal([1, 1, 1]), { padding: 1, bias: tensor([-1], f64) }), [
      [[2, 5, 8, 6]],
    ]);
  });

  it('padding modes: the tap before each sample reads the border fill', () => {
    const previous = signal([1, 0]);
    expectClose(conv1d(signal(x), previous, { padding: 1, paddingMode: 'circular' }), [
      [[4, 1, 2, 3, 4]],
    ]);
    expectClose(conv1d(signal(x), previous, { padding: 1, paddingMode: 'replicate' }), [
      [[1, 1, 2, 3, 4]],
    ]);
    expectClose(conv1d(signal(x), previous, { padding: 1, paddingMode: 'reflect' }), [
      [[2, 1, 2, 3, 4]],
    ]);
  });

  it('gradients of Σ out: dw[j] = Σ x under tap j, dx[i] = Σ taps over sample i', () => {
    const xs = signal(x, true);
    const w = signal([1, -1], true);
    conv1d(xs, w).sum().backward();
    expectClose(w.grad as Tensor, [[[1 + 2 + 3, 2 + 3 + 4]]]);
    expectClose(xs.grad as Tensor, [[[1, 0, 0, -1]]]);
  });

  it('unbatched [C, L] input', () => {
    const out = conv1d(tensor([x], f64), signal([1, -1]));
    expect(out.shape).toEqual([1, 3]);
    expectClose(out, [[-1, -1, -1]]);
  });
});

describe('conv1d matches the reference (a conv2d of height 1)', () => {
  it('forward over random settings', () => {
    fc.assert(
      fc.property(conv1dCaseArb(), (k) => {
        const { x, weight, bias } = conv2dCaseTensors(k);
        const expected = conv2dCaseReference(k, x, weight, bias);
        const [x1, w1, options] = conv1dArgs(k, x, weight, bias);
        const out = conv1d(x1, w1, options);
        expect(out.shape).toEqual([k.n, k.outC, expected.shape[3]]);
        expectClose(out, expected.reshape(out.shape), { atol: 1e-12, rtol: 1e-12 });
      }),
    );
  });

  it('input, weight and bias gradients by finite differences (float64)', () => {
    fc.assert(
      fc.property(conv1dCaseArb(), (k) => {
        const { x, weight, bias } = conv2dCaseTensors(k);
        const [x1, w1, options] = conv1dArgs(k, x, weight, bias);
        const inputs = [
          x1.requiresGrad_(),
          w1.requiresGrad_(),
          ...(bias ? [bias.requiresGrad_()] : []),
        ];
        // Linear in each argument: default tolerances (atol 1e-6, rtol 1e-4) are ample.
        checkGradients((a, w, b) => conv1d(a, w, { ...options, bias: b ?? null }), inputs);
      }),
      { numRuns: 15 },
    );
  });
});

describe('conv1d rejects bad input with a clear error', () => {
  const x = randn([2, 3, 8], { rng: createRng(1) });
  const w = randn([4, 3, 3], { rng: createRng(2) });
  const cases: [string, () => unknown, string][] = [
    [
      'wrong input rank',
      () => conv1d(randn([1, 3, 8, 8]), w),
      'conv1d: input must be [N, C, L] or [C, L], got [1, 3, 8, 8]',
    ],
    [
      'wrong weight rank',
      () => conv1d(x, randn([4, 3, 3, 3])),
      'conv1d: weight must be [outC, inC/groups, k], got [4, 3, 3, 3]',
    ],
    [
      'channel mismatch',
      () => conv1d(randn([2, 2, 8]), w),
      'conv1d: expected input with 3 channels, got 2',
    ],
    [
      'kernel larger than the padded input',
      () => conv1d(randn([1, 3, 2]), w),
      'conv1d: kernel size (with dilation) [3] is larger than the padded input [2]',
    ],
    [
      'zero stride',
      () => conv1d(x, w, { stride: 0 }),
      'conv1d: stride must be a positive integer, got 0',
    ],
    [
      'a padding pair',
      () => conv1d(x, w, { padding: [1, 1] as unknown as number }),
      "conv1d: padding must be a non-negative integer, 'valid' or 'same', got [1, 1]",
    ],
    [
      'groups not dividing the input channels',
      () => conv1d(x, randn([4, 1, 3]), { groups: 2 }),
      'conv1d: groups must divide the input channels, got groups 2 for 3 input channels',
    ],
  ];
  for (const [name, call, message] of cases) {
    it(name, () => {
      expect(call).toThrow(message);
    });
  }
});
