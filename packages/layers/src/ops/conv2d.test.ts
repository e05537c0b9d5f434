import { createRng, randn, type Tensor, tensor } from '@convkit/tensor';
import { checkGradients, expectClose } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dot, refConv2d } from '../internal/conv-reference';
import {
  conv2dCaseArb,
  conv2dCaseOptions,
  conv2dCaseReference,
  conv2dCaseTensors,
} from '../internal/conv-test-cases';
import { conv2d } from './conv2d';

const f64 = { dtype: 'float64' } as const;
/** One H×W plane as a [1, 1, H, W] float64 tensor. */
const plane = (rows: number[][], requiresGrad = false) =>
  tensor([[rows]], { ...f64, requiresGrad });

describe('conv2d by hand', () => {
  const x3 = [
    [1, 2, 3],
    [4, 5, 6],
    [7, 8, 9],
  ];
  const w2 = [
    [1, 0],
    [0, -1],
  ];

  it('valid: each output is x[i][j] − x[i+1][j+1], plus the bias', () => {
    expectClose(conv2d(plane(x3), plane(w2)), [
      [
        [
          [-4, -4],
          [-4, -4],
        ],
      ],
    ]);
    expectClose(conv2d(plane(x3), plane(w2), { bias: tensor([1], f64) }), [
      [
        [
          [-3, -3],
          [-3, -3],
        ],
      ],
    ]);
  });

  it('gradients of Σ out: dw sums the input under each tap, dx sums the taps over each pixel', () => {
    const x = plane(x3, true);
    const w = plane(w2, true);
    const b = tensor([0.5], { ...f64, requiresGrad: true });
    conv2d(x, w, { bias: b }).sum().backward();
    // dw[i][j] = Σ over the four windows of x under tap (i, j).
    expectClose(w.grad as Tensor, [
      [
        [
          [1 + 2 + 4 + 5, 2 + 3 + 5 + 6],
          [4 + 5 + 7 + 8, 5 + 6 + 8 + 9],
        ],
      ],
    ]);
    // dx[p] = Σ of the taps that land on p: corners see one tap, the centre all four (sum 0).
    expectClose(x.grad as Tensor, [
      [
        [
          [1, 1, 0],
          [1, 0, -1],
          [0, -1, -1],
        ],
      ],
    ]);
    expectClose(b.grad as Tensor, [4]);
  });

  it('padding 1 with stride 2 reads zeros outside the image', () => {
    // Windows start at rows/columns −1 and 1; only taps inside the image contribute.
    // (0,0): w11·x[0][0] = −1; (0,1): w11·x[0][2] = −3; (1,0): w11·x[2][0] = −7;
    // (1,1): w00·x[1][1] + w11·x[2][2] = 5 − 9.
    expectClose(conv2d(plane(x3), plane(w2), { padding: 1, stride: 2 }), [
      [
        [
          [-1, -3],
          [-7, -4],
        ],
      ],
    ]);
  });

  it("'same' with an even kernel pads the extra row and column at the bottom/right", () => {
    expectClose(conv2d(plane(x3), plane(w2), { padding: 'same' }), [
      [
        [
          [-4, -4, 3],
          [-4, -4, 6],
          [7, 8, 9],
        ],
      ],
    ]);
  });

  it('a pair pads rows and columns separately', () => {
    const out = conv2d(plane(x3), plane([[1]]), { padding: [1, 0] });
    expectClose(out, [[[[0, 0, 0], ...x3, [0, 0, 0]]]]);
  });

  it('dilation 2 spreads a 2×2 kernel over the corners of a 3×3 window', () => {
    const w = plane([
      [1, 2],
      [3, 4],
    ]);
    expectClose(conv2d(plane(x3), w, { dilation: 2 }), [[[[1 * 1 + 2 * 3 + 3 * 7 + 4 * 9]]]]);
  });

  it('padding modes fill the border as reflect, replicate and circular define it', () => {
    const identity = plane([[1]]);
    const padded = (paddingMode: 'zeros' | 'reflect' | 'replicate' | 'circular') =>
      conv2d(plane(x3), identity, { padding: 1, paddingMode });
    expectClose(padded('zeros'), [
      [
        [
          [0, 0, 0, 0, 0],
          [0, 1, 2, 3, 0],
          [0, 4, 5, 6, 0],
          [0, 7, 8, 9, 0],
          [0, 0, 0, 0, 0],
        ],
      ],
    ]);
    // Reflect mirrors about the edge without repeating it.
    expectClose(padded('reflect'), [
      [
        [
          [5, 4, 5, 6, 5],
          [2, 1, 2, 3, 2],
          [5, 4, 5, 6, 5],
          [8, 7, 8, 9, 8],
          [5, 4, 5, 6, 5],
        ],
      ],
    ]);
    expectClose(padded('replicate'), [
      [
        [
          [1, 1, 2, 3, 3],
          [1, 1, 2, 3, 3],
          [4, 4, 5, 6, 6],
          [7, 7, 8, 9, 9],
          [7, 7, 8, 9, 9],
        ],
      ],
    ]);
    expectClose(padded('circular'), [
      [
        [
          [9, 7, 8, 9, 7],
          [3, 1, 2, 3, 1],
          [6, 4, 5, 6, 4],
          [9, 7, 8, 9, 7],
          [3, 1, 2, 3, 1],
        ],
      ],
    ]);
  });

  it('the gradient through reflect padding adds up at the mirrored pixels', () => {
    const x = tensor([[[[1, 2, 3]]]], { ...f64, requiresGrad: true });
    // Padded row: [2, 1, 2, 3, 2]; Σ of it counts x[1] three times.
    conv2d(x, plane([[1]]), { padding: [0, 1], paddingMode: 'reflect' })
      .sum()
      .backward();
    expectClose(x.grad as Tensor, [[[[1, 3, 1]]]]);
  });

  it('groups convolve channel blocks separately; depthwise with a channel multiplier', () => {
    const x = tensor([[[[1, 2]], [[3, 4]]]], f64); // [1, 2, 1, 2]
    const scale = tensor([[[[2]]], [[[3]]]], f64); // [2, 1, 1, 1]
    expectClose(conv2d(x, scale, { groups: 2 }), [[[[2, 4]], [[9, 12]]]]);
    const multiplier = tensor([[[[1]]], [[[-1]]], [[[10]]], [[[0]]]], f64); // [4, 1, 1, 1]
    expectClose(conv2d(x, multiplier, { groups: 2 }), [
      [[[1, 2]], [[-1, -2]], [[30, 40]], [[0, 0]]],
    ]);
    // groups 1 with two input channels sums them.
    const both = tensor([[[[1]], [[1]]]], f64); // [1, 2, 1, 1]
    expectClose(conv2d(x, both), [[[[4, 6]]]]);
  });

  it('unbatched [C, H, W] input gives [outC, outH, outW] with the same values', () => {
    const x = randn([2, 5, 4], { ...f64, rng: createRng(1) });
    const w = randn([3, 2, 2, 3], { ...f64, rng: createRng(2) });
    const out = conv2d(x, w, { padding: 1 });
    expect(out.shape).toEqual([3, 6, 4]);
    expectClose(out, conv2d(x.reshape([1, 2, 5, 4]), w, { padding: 1 }).reshape([3, 6, 4]));
  });

  it('keeps the dtype, and float32 agrees with float64', () => {
    const x = randn([2, 3, 6, 6], { rng: createRng(3) });
    const w = randn([4, 3, 3, 3], { rng: createRng(4) });
    const out = conv2d(x, w, { padding: 1 });
    expect(out.dtype).toBe('float32');
    const out64 = conv2d(x.to('float64'), w.to('float64'), { padding: 1 });
    expect(out64.dtype).toBe('float64');
    expectClose(out, out64, { atol: 1e-5, rtol: 1e-5 });
  });

  it('a NaN reaches only the outputs whose window covers it', () => {
    const x = plane([
      [Number.NaN, 1, 1],
      [1, 1, 1],
      [1, 1, 1],
    ]);
    const out = conv2d(x, plane(w2)).data;
    expect(Number.isNaN(out[0])).toBe(true);
    expect(Array.from(out.slice(1))).toEqual([0, 0, 0]);
  });

  it('an empty batch gives an empty output', () => {
    expect(conv2d(randn([0, 2, 4, 4]), randn([3, 2, 3, 3])).shape).toEqual([0, 3, 2, 2]);
  });
});

describe('conv2d matches the naive reference', () => {
  it('forward in float64 and float32 over random settings', () => {
    fc.assert(
      fc.property(conv2dCaseArb(), (k) => {
        const { x, weight, bias } = conv2dCaseTensors(k);
        const expected = conv2dCaseReference(k, x, weight, bias);
        expectClose(conv2d(x, weight, conv2dCaseOptions(k, bias)), expected, {
          atol: 1e-12,
          rtol: 1e-12,
        });
        const t32 = conv2dCaseTensors(k, 'float32');
        const out32 = conv2d(t32.x, t32.weight, conv2dCaseOptions(k, t32.bias));
        expectClose(out32, expected, { atol: 1e-5, rtol: 1e-4 });
      }),
    );
  });

  it('backward is the adjoint: ⟨conv(x, w), y⟩ = ⟨x, dx⟩ = ⟨w, dw⟩ for random y', () => {
    fc.assert(
      fc.property(conv2dCaseArb(), (k) => {
        const { x, weight } = conv2dCaseTensors(k);
        const xs = x.requiresGrad_();
        const ws = weight.requiresGrad_();
        const out = conv2d(xs, ws, conv2dCaseOptions(k, null));
        const y = randn(out.shape, { ...f64, rng: createRng(k.seed + 1) });
        const inner = dot(out, y);
        out.mul(y).sum().backward();
        const tol = 1e-10 * (1 + Math.abs(inner));
        expect(Math.abs(dot(xs, xs.grad as Tensor) - inner)).toBeLessThan(tol);
        expect(Math.abs(dot(ws, ws.grad as Tensor) - inner)).toBeLessThan(tol);
      }),
    );
  });

  it('a layer large enough for every GEMM blocking path (K > 256, P > 2048, outC > 96)', () => {
    const rng = createRng(5);
    const x = randn([1, 30, 47, 47], { ...f64, rng }).requiresGrad_();
    const w = randn([100, 30, 3, 3], { ...f64, rng }).requiresGrad_();
    const expected = refConv2d(x, w, null, {
      stride: [1, 1],
      pad: [1, 1, 1, 1],
      dilation: [1, 1],
      groups: 1,
    });
    const out = conv2d(x, w, { padding: 1 });
    expectClose(out, expected, { atol: 1e-10, rtol: 1e-10 });
    const y = randn(out.shape, { ...f64, rng });
    out.mul(y).sum().backward();
    const inner = dot(expected, y);
    expect(Math.abs(dot(x, x.grad as Tensor) - inner)).toBeLessThan(1e-9 * Math.abs(inner));
    expect(Math.abs(dot(w, w.grad as Tensor) - inner)).toBeLessThan(1e-9 * Math.abs(inner));
  });

  it('a 1×1 convolution (which skips im2col) equals a per-pixel matrix product', () => {
    const rng = createRng(6);
    const x = randn([2, 4, 3, 5], { ...f64, rng }).requiresGrad_();
    const w = randn([6, 2, 1, 1], { ...f64, rng }).requiresGrad_();
    const out = conv2d(x, w, { groups: 2 });
    expectClose(
      out,
      refConv2d(x, w, null, { stride: [1, 1], pad: [0, 0, 0, 0], dilation: [1, 1], groups: 2 }),
      {
        atol: 1e-12,
      },
    );
    checkGradients((a, b) => conv2d(a, b, { groups: 2 }), [x, w]);
  });
});

describe('conv2d gradients by finite differences (float64)', () => {
  it('input, weight and bias over random settings', () => {
    fc.assert(
      fc.property(conv2dCaseArb(), (k) => {
        const { x, weight, bias } = conv2dCaseTensors(k);
        const inputs = [
          x.requiresGrad_(),
          weight.requiresGrad_(),
          ...(bias ? [bias.requiresGrad_()] : []),
        ];
        // conv is linear in each argument, so central differences are exact up to rounding:
        // the default tolerances (atol 1e-6, rtol 1e-4) leave a wide margin.
        checkGradients((a, w, b) => conv2d(a, w, conv2dCaseOptions(k, b ?? null)), inputs);
      }),
      { numRuns: 15 },
    );
  });
});

describe('conv2d rejects bad input with a clear error', () => {
  const x = randn([1, 3, 5, 5]);
  const w = randn([4, 3, 3, 3]);
  const cases: [string, () => unknown, string][] = [
    [
      'wrong input rank',
      () => conv2d(randn([3, 5]), w),
      'conv2d: input must be [N, C, H, W] or [C, H, W], got [3, 5]',
    ],
    [
      'wrong weight rank',
      () => conv2d(x, randn([3, 3])),
      'conv2d: weight must be [outC, inC/groups, kH, kW], got [3, 3]',
    ],
    [
      'channel mismatch',
      () => conv2d(randn([1, 4, 5, 5]), w),
      'conv2d: expected input with 3 channels, got 4',
    ],
    [
      'kernel larger than the padded input',
      () => conv2d(randn([1, 3, 2, 2]), w),
      'conv2d: kernel size (with dilation) [3, 3] is larger than the padded input [2, 2]',
    ],
    [
      'dilated kernel larger than the padded input',
      () => conv2d(x, w, { dilation: 4, padding: 1 }),
      'conv2d: kernel size (with dilation) [9, 9] is larger than the padded input [7, 7]',
    ],
    [
      'zero stride',
      () => conv2d(x, w, { stride: 0 }),
      'conv2d: stride must be a positive integer or a pair of them, got 0',
    ],
    [
      'negative stride',
      () => conv2d(x, w, { stride: [1, -2] }),
      'conv2d: stride must be a positive integer or a pair of them, got [1, -2]',
    ],
    [
      'groups not dividing the output channels',
      () => conv2d(randn([1, 2, 5, 5]), randn([3, 1, 3, 3]), { groups: 2 }),
      'conv2d: groups must divide the output channels, got groups 2 for 3 output channels',
    ],
    [
      'groups not dividing the input channels',
      () => conv2d(x, randn([4, 1, 3, 3]), { groups: 2 }),
      'conv2d: groups must divide the input channels, got groups 2 for 3 input channels',
    ],
    [
      'zero groups',
      () => conv2d(x, w, { groups: 0 }),
      'conv2d: groups must be a positive integer, got 0',
    ],
    [
      'bad padding string',
      () => conv2d(x, w, { padding: 'full' as 'same' }),
      "conv2d: padding must be a non-negative integer, a pair of them, 'valid' or 'same', got 'full'",
    ],
    [
      'negative padding',
      () => conv2d(x, w, { padding: -1 }),
      "conv2d: padding must be a non-negative integer, a pair of them, 'valid' or 'same', got -1",
    ],
    [
      "'same' with stride 2",
      () => conv2d(x, w, { padding: 'same', stride: 2 }),
      "conv2d: padding 'same' needs stride 1, got 2",
    ],
    [
      'bad padding mode',
      () => conv2d(x, w, { paddingMode: 'mirror' as 'reflect' }),
      "conv2d: paddingMode must be one of 'zeros', 'reflect', 'replicate', 'circular', got 'mirror'",
    ],
    [
      'reflect padding as large as the input',
      () => conv2d(randn([1, 3, 3, 3]), w, { padding: 3, paddingMode: 'reflect' }),
      'conv2d: reflect padding must be smaller than the input size, got padding [3, 3, 3, 3] for input [3, 3]',
    ],
    [
      'bias of the wrong length',
      () => conv2d(x, w, { bias: randn([3]) }),
      'conv2d: bias must be [4], got [3]',
    ],
    [
      'mixed dtypes',
      () => conv2d(x, w.to('float64')),
      "conv2d: weight must have the input's dtype float32, got float64; cast one with .to()",
    ],
    [
      'integer input',
      () => conv2d(x.to('int32'), w),
      'conv2d: input must be float32 or float64, got int32',
    ],
    [
      'not a tensor',
      () => conv2d([1, 2] as unknown as Tensor, w),
      'conv2d: input must be a Tensor, got [1, 2]',
    ],
  ];
  for (const [name, call, message] of cases) {
    it(name, () => {
      expect(call).toThrow(message);
    });
  }

  it('throws before recording anything: the weight gets no gradient', () => {
    const weight = randn([4, 3, 3, 3]).requiresGrad_();
    expect(() => conv2d(randn([1, 4, 5, 5]), weight)).toThrow(RangeError);
    expect(weight.grad).toBeNull();
  });
});
