import { createRng, randn, type Tensor, tensor } from '@convkit/tensor';
import { checkGradients, expectClose } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dot, refConvTranspose2d } from '../internal/conv-reference';
import { conv2dCaseArb, conv2dCaseTensors, explicitPadding } from '../internal/conv-test-cases';
import { convTranspose2d } from './conv-transpose2d';
import { conv2d } from './conv2d';

const f64 = { dtype: 'float64' } as const;
const plane = (rows: number[][], requiresGrad = false) =>
  tensor([[rows]], { ...f64, requiresGrad });

interface TransposeCase {
  n: number;
  c: number;
  h: number;
  w: number;
  outCg: number;
  groups: number;
  kH: number;
  kW: number;
  stride: [number, number];
  padding: [number, number];
  outputPadding: [number, number];
  dilation: [number, number];
  bias: boolean;
  seed: number;
}

const pair = (min: number, max: number) =>
  fc.tuple(fc.integer({ min, max }), fc.integer({ min, max }));

/** Valid transposed-convolution settings: padding never crops the whole output. */
const transposeCaseArb: fc.Arbitrary<TransposeCase> = fc
  .record({
    n: fc.integer({ min: 1, max: 2 }),
    groups: fc.integer({ min: 1, max: 2 }),
    cg: fc.integer({ min: 1, max: 2 }),
    outCg: fc.integer({ min: 1, max: 2 }),
    size: pair(1, 3),
    kernel: pair(1, 3),
    stride: pair(1, 3),
    dilation: pair(1, 2),
    padding: pair(0, 2),
    outputPadding: pair(0, 2),
    bias: fc.boolean(),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  })
  .map((r) => {
    const axis = (i: 0 | 1) => {
      const full = (r.size[i] - 1) * r.stride[i] + r.dilation[i] * (r.kernel[i] - 1) + 1;
      // outputPadding must stay below stride or dilation; padding must leave an output.
      const op = r.outputPadding[i] % Math.max(r.stride[i], r.dilation[i]);
      const pad = Math.min(r.padding[i], Math.floor((full + op - 1) / 2));
      return [pad, op];
    };
    const [[pH, opH], [pW, opW]] = [axis(0), axis(1)];
    return {
      n: r.n,
      c: r.groups * r.cg,
      h: r.size[0],
      w: r.size[1],
      outCg: r.outCg,
      groups: r.groups,
      kH: r.kernel[0],
      kW: r.kernel[1],
      stride: r.stride,
      padding: [pH, pW] as [number, number],
      outputPadding: [opH, opW] as [number, number],
      dilation: r.dilation,
      bias: r.bias,
      seed: r.seed,
    };
  });

function transposeTensors(k: TransposeCase) {
  const rng = createRng(k.seed);
  const x = randn([k.n, k.c, k.h, k.w], { ...f64, rng });
  const weight = randn([k.c, k.outCg, k.kH, k.kW], { ...f64, rng });
  const bias = k.bias ? randn([k.outCg * k.groups], { ...f64, rng }) : null;
  return { x, weight, bias };
}

const transposeOptions = (k: TransposeCase, bias: Tensor | null) => ({
  bias,
  stride: k.stride,
  padding: k.padding,
  outputPadding: k.outputPadding,
  dilation: k.dilation,
  groups: k.groups,
});

describe('convTranspose2d by hand', () => {
  const x = [
    [1, 2],
    [3, 4],
  ];
  const w = [
    [1, 10],
    [100, 1000],
  ];

  it('stride 2 stamps a scaled copy of the kernel per input pixel', () => {
    expectClose(convTranspose2d(plane(x), plane(w), { stride: 2 }), [
      [
        [
          [1, 10, 2, 20],
          [100, 1000, 200, 2000],
          [3, 30, 4, 40],
          [300, 3000, 400, 4000],
        ],
      ],
    ]);
  });

  it('stride 1 overlaps the stamps, padding crops the border, outputPadding gives back the bottom/right', () => {
    expectClose(convTranspose2d(tensor([[[[1, 2]]]], f64), tensor([[[[1, 1]]]], f64)), [
      [[[1, 3, 2]]],
    ]);
    expectClose(convTranspose2d(plane(x), plane(w), { stride: 2, padding: 1 }), [
      [
        [
          [1000, 200],
          [30, 4],
        ],
      ],
    ]);
    expectClose(
      convTranspose2d(plane(x), plane(w), {
        stride: 2,
        padding: 1,
        outputPadding: 1,
        bias: tensor([1], f64),
      }),
      [
        [
          [
            [1001, 201, 2001],
            [31, 5, 41],
            [3001, 401, 4001],
          ],
        ],
      ],
    );
  });

  it('gradients of Σ out: every input pixel receives Σ w, every tap Σ x', () => {
    const xs = plane(x, true);
    const ws = plane(w, true);
    convTranspose2d(xs, ws, { stride: 2 }).sum().backward();
    expectClose(xs.grad as Tensor, [
      [
        [
          [1111, 1111],
          [1111, 1111],
        ],
      ],
    ]);
    expectClose(ws.grad as Tensor, [
      [
        [
          [10, 10],
          [10, 10],
        ],
      ],
    ]);
  });

  it('unbatched [C, H, W] input', () => {
    const out = convTranspose2d(tensor([x], f64), plane(w), { stride: 2 });
    expect(out.shape).toEqual([1, 4, 4]);
  });
});

describe('convTranspose2d matches its definitions', () => {
  it('the scatter reference, over random settings', () => {
    fc.assert(
      fc.property(transposeCaseArb, (k) => {
        const { x, weight, bias } = transposeTensors(k);
        const options = transposeOptions(k, bias);
        expectClose(
          convTranspose2d(x, weight, options),
          refConvTranspose2d(x, weight, bias, options),
          {
            atol: 1e-12,
            rtol: 1e-12,
          },
        );
      }),
    );
  });

  it('the adjoint of conv2d: ⟨conv2d(x, w), y⟩ = ⟨x, convTranspose2d(y, w)⟩', () => {
    fc.assert(
      fc.property(conv2dCaseArb({ zerosOnly: true }), (k) => {
        const { x, weight } = conv2dCaseTensors(k);
        const [top, , left] = explicitPadding(k);
        // Symmetric padding only: convTranspose2d pads both sides alike.
        const padding: [number, number] = [top, left];
        const options = { stride: k.stride, padding, dilation: k.dilation, groups: k.groups };
        const out = conv2d(x, weight, options);
        const y = randn(out.shape, { ...f64, rng: createRng(k.seed + 1) });
        const [outH, outW] = [out.shape[2], out.shape[3]];
        const outputPadding: [number, number] = [
          k.h - ((outH - 1) * k.stride[0] - 2 * top + k.dilation[0] * (k.kH - 1) + 1),
          k.w - ((outW - 1) * k.stride[1] - 2 * left + k.dilation[1] * (k.kW - 1) + 1),
        ];
        const back = convTranspose2d(y, weight, { ...options, outputPadding });
        expect(back.shape).toEqual(x.shape);
        const inner = dot(out, y);
        expect(Math.abs(dot(x, back) - inner)).toBeLessThan(1e-10 * (1 + Math.abs(inner)));
      }),
    );
  });

  it('input, weight and bias gradients by finite differences (float64)', () => {
    fc.assert(
      fc.property(transposeCaseArb, (k) => {
        const { x, weight, bias } = transposeTensors(k);
        const inputs = [
          x.requiresGrad_(),
          weight.requiresGrad_(),
          ...(bias ? [bias.requiresGrad_()] : []),
        ];
        // Linear in each argument: default tolerances (atol 1e-6, rtol 1e-4) are ample.
        checkGradients((a, w, b) => convTranspose2d(a, w, transposeOptions(k, b ?? null)), inputs);
      }),
      { numRuns: 15 },
    );
  });
});

describe('convTranspose2d rejects bad input with a clear error', () => {
  const x = randn([1, 4, 3, 3]);
  const w = randn([4, 2, 3, 3]);
  const cases: [string, () => unknown, string][] = [
    [
      'wrong input rank',
      () => convTranspose2d(randn([4, 3]), w),
      'convTranspose2d: input must be [N, C, H, W] or [C, H, W], got [4, 3]',
    ],
    [
      'wrong weight rank',
      () => convTranspose2d(x, randn([4, 2, 3])),
      'convTranspose2d: weight must be [inC, outC/groups, kH, kW], got [4, 2, 3]',
    ],
    [
      'channel mismatch',
      () => convTranspose2d(randn([1, 3, 3, 3]), w),
      'convTranspose2d: expected input with 4 channels, got 3',
    ],
    [
      'groups not dividing the channels',
      () => convTranspose2d(x, w, { groups: 3 }),
      'convTranspose2d: groups must divide the input channels, got groups 3 for 4 input channels',
    ],
    [
      'zero stride',
      () => convTranspose2d(x, w, { stride: 0 }),
      'convTranspose2d: stride must be a positive integer or a pair of them, got 0',
    ],
    [
      'outputPadding not below stride or dilation',
      () => convTranspose2d(x, w, { stride: 2, outputPadding: 2 }),
      'convTranspose2d: outputPadding must be smaller than stride or dilation, got outputPadding [2, 2] with stride [2, 2] and dilation [1, 1]',
    ],
    [
      'padding that crops everything',
      () => convTranspose2d(randn([1, 4, 1, 1]), w, { padding: 2 }),
      'convTranspose2d: output size must be positive, got [-1, -1] for input [1, 1]',
    ],
    [
      'bias of the wrong length',
      () => convTranspose2d(x, w, { bias: randn([4]) }),
      'convTranspose2d: bias must be [2], got [4]',
    ],
  ];
  for (const [name, call, message] of cases) {
    it(name, () => {
      expect(call).toThrow(message);
    });
  }
});
