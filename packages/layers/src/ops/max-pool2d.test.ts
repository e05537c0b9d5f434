import { createRng, randn, type Tensor, tensor } from '@convkit/tensor';
import { checkGradients, expectClose } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  poolCaseArb,
  poolCaseInput,
  poolCaseOptions,
  refMaxPool,
} from '../internal/pool-test-cases';
import { type MaxPool2dOptions, maxPool2d, maxPool2dWithIndices } from './max-pool2d';

const f64 = { dtype: 'float64' } as const;
const plane = (rows: number[][], requiresGrad = false) =>
  tensor([[rows]], { ...f64, requiresGrad });

/** The gradient maxPool2d sends back to `rows` for output gradient `dOut` (ones by default). */
function routed(rows: number[][], options: MaxPool2dOptions, dOut?: number[][]): Tensor {
  const x = plane(rows, true);
  const out = maxPool2d(x, options);
  (dOut === undefined ? out.sum() : out.mul(plane(dOut)).sum()).backward();
  return x.grad as Tensor;
}

describe('maxPool2d by hand', () => {
  const x = [
    [1, 3, 2, 1],
    [4, 2, 0, 1],
    [1, 1, 5, 6],
    [0, 2, 7, 3],
  ];

  it('takes each window maximum and routes the gradient to it alone', () => {
    expectClose(maxPool2d(plane(x), { kernelSize: 2 }), [
      [
        [
          [4, 2],
          [2, 7],
        ],
      ],
    ]);
    expectClose(
      routed(x, { kernelSize: 2 }, [
        [10, 20],
        [30, 40],
      ]),
      [
        [
          [
            [0, 0, 20, 0],
            [10, 0, 0, 0],
            [0, 0, 0, 0],
            [0, 30, 40, 0],
          ],
        ],
      ],
    );
  });

  it('on ties the first maximum in row-major order gets the whole gradient', () => {
    // Row-major order reaches (0, 1) before (1, 0); column-major would pick (1, 0).
    const tie = [
      [0, 5],
      [5, 0],
    ];
    expectClose(routed(tie, { kernelSize: 2 }), [
      [
        [
          [0, 1],
          [0, 0],
        ],
      ],
    ]);
    expect(
      Array.from(maxPool2d(plane(tie), { kernelSize: 2, returnIndices: true }).indices.data),
    ).toEqual([1]);
    // All equal: the top-left one wins.
    expectClose(
      routed(
        [
          [2, 2],
          [2, 2],
        ],
        { kernelSize: 2 },
      ),
      [
        [
          [
            [1, 0],
            [0, 0],
          ],
        ],
      ],
    );
  });

  it('overlapping windows that share a winner add their gradients', () => {
    const peak = [
      [1, 2, 1],
      [2, 9, 2],
      [1, 2, 1],
    ];
    expectClose(maxPool2d(plane(peak), { kernelSize: 2, stride: 1 }), [
      [
        [
          [9, 9],
          [9, 9],
        ],
      ],
    ]);
    expectClose(
      routed(peak, { kernelSize: 2, stride: 1 }, [
        [1, 2],
        [3, 4],
      ]),
      [
        [
          [
            [0, 0, 0],
            [0, 10, 0],
            [0, 0, 0],
          ],
        ],
      ],
    );
  });

  it('padding is −∞: it never wins, even against negative inputs', () => {
    const negative = [
      [-1, -2],
      [-3, -4],
    ];
    expectClose(maxPool2d(plane(negative), { kernelSize: 2, padding: 1 }), [
      [
        [
          [-1, -2],
          [-3, -4],
        ],
      ],
    ]);
  });

  it('dilation 2 compares the corners of a 3×3 window', () => {
    const centre = [
      [1, 0, 3],
      [0, 100, 0],
      [7, 0, 2],
    ];
    expectClose(maxPool2d(plane(centre), { kernelSize: 2, dilation: 2 }), [[[[7]]]]);
    expectClose(routed(centre, { kernelSize: 2, dilation: 2 }), [
      [
        [
          [0, 0, 0],
          [0, 0, 0],
          [1, 0, 0],
        ],
      ],
    ]);
  });

  it('ceilMode keeps a partial last window, but not one that starts in the right padding', () => {
    const row = [[1, 2, 3, 4, 5]];
    expectClose(maxPool2d(plane(row), { kernelSize: [1, 2] }), [[[[2, 4]]]]);
    expectClose(maxPool2d(plane(row), { kernelSize: [1, 2], ceilMode: true }), [[[[2, 4, 5]]]]);
    // Width 3, kernel 2, stride 2, padding 1: windows start at −1 and 1; a third would start
    // at 3, inside the right padding, so PyTorch (and this) drop it.
    const short = [[1, 2, 3]];
    const options = {
      kernelSize: [1, 2] as [number, number],
      padding: [0, 1] as [number, number],
      ceilMode: true,
    };
    expectClose(maxPool2d(plane(short), options), [[[[1, 3]]]]);
  });

  it('returnIndices gives int32 flat indices into each H×W plane, a copy that backward ignores', () => {
    const { out, indices } = maxPool2d(plane(x), { kernelSize: 2, returnIndices: true });
    expectClose(out, [
      [
        [
          [4, 2],
          [2, 7],
        ],
      ],
    ]);
    expect(indices.dtype).toBe('int32');
    expect(indices.shape).toEqual([1, 1, 2, 2]);
    expect(Array.from(indices.data)).toEqual([4, 2, 13, 14]);
    const again = maxPool2dWithIndices(plane(x), { kernelSize: 2 });
    expect(Array.from(again.indices.data)).toEqual([4, 2, 13, 14]);
    const xs = plane(x, true);
    const result = maxPool2d(xs, { kernelSize: 2, returnIndices: true });
    result.indices.data.fill(0);
    result.out.sum().backward();
    expect((xs.grad as Tensor).data[4]).toBe(1);
  });

  it('a NaN wins its window and takes the gradient', () => {
    const xs = plane([[1, Number.NaN, 3, 4]], true);
    const out = maxPool2d(xs, { kernelSize: [1, 2] });
    expect(Number.isNaN(out.data[0])).toBe(true);
    expect(out.data[1]).toBe(4);
    out.sum().backward();
    expect(Array.from((xs.grad as Tensor).data)).toEqual([0, 1, 0, 1]);
  });

  it('unbatched [C, H, W] input and channels pool independently', () => {
    const out = maxPool2d(tensor([x, x.map((r) => r.map((v) => -v))], f64), { kernelSize: 2 });
    expect(out.shape).toEqual([2, 2, 2]);
    expectClose(out, [
      [
        [4, 2],
        [2, 7],
      ],
      [
        [-1, 0],
        [0, -3],
      ],
    ]);
  });
});

describe('maxPool2d matches the naive reference', () => {
  it('values, indices and gradient routing, with many ties', () => {
    fc.assert(
      fc.property(poolCaseArb({ dilation: true }), (k) => {
        const x = poolCaseInput(k, { ties: true }).requiresGrad_();
        const ref = refMaxPool(x, k);
        const options = { ...poolCaseOptions(k), dilation: k.dilation };
        const { out, indices } = maxPool2d(x, { ...options, returnIndices: true });
        expectClose(out, ref.out, { atol: 0, rtol: 0 });
        expect(Array.from(indices.data)).toEqual(ref.indices);
        const r = randn(out.shape, { ...f64, rng: createRng(k.seed + 1) });
        out.mul(r).sum().backward();
        const expected = new Float64Array(x.size);
        const outPlane = out.shape[2] * out.shape[3];
        ref.indices.forEach((at, q) => {
          if (at >= 0) expected[Math.floor(q / outPlane) * k.h * k.w + at] += r.data[q];
        });
        expectClose(x.grad as Tensor, tensor(expected, { shape: x.shape }), { atol: 1e-12 });
      }),
    );
  });

  it('float32 input gives the same maxima', () => {
    fc.assert(
      fc.property(poolCaseArb(), (k) => {
        const x = poolCaseInput(k, { dtype: 'float32' });
        const out = maxPool2d(x, poolCaseOptions(k));
        expect(out.dtype).toBe('float32');
        expectClose(out, refMaxPool(x, k).out, { atol: 0, rtol: 0 });
      }),
      { numRuns: 20 },
    );
  });

  it('gradient by finite differences (float64), away from ties', () => {
    fc.assert(
      fc.property(poolCaseArb({ dilation: true }), (k) => {
        const x = poolCaseInput(k).requiresGrad_();
        const options = { ...poolCaseOptions(k), dilation: k.dilation };
        // A window with only padding under its dilated taps gives −∞ and no gradient.
        fc.pre(maxPool2d(x, options).data.every(Number.isFinite));
        // Normal samples are tens of millions of steps apart, so no perturbation flips a
        // maximum; the derivative is then exactly 0 or 1.
        checkGradients((a) => maxPool2d(a, options), [x]);
      }),
      { numRuns: 20 },
    );
  });
});

describe('maxPool2d rejects bad input with a clear error', () => {
  const x = randn([1, 2, 4, 4]);
  const cases: [string, () => unknown, string][] = [
    [
      'wrong rank',
      () => maxPool2d(randn([4, 4]), { kernelSize: 2 }),
      'maxPool2d: input must be [N, C, H, W] or [C, H, W], got [4, 4]',
    ],
    [
      'missing kernelSize',
      () => maxPool2d(x, {} as { kernelSize: number }),
      'maxPool2d: kernelSize must be a positive integer or a pair of them, got undefined',
    ],
    [
      'zero stride',
      () => maxPool2d(x, { kernelSize: 2, stride: 0 }),
      'maxPool2d: stride must be a positive integer or a pair of them, got 0',
    ],
    [
      'negative stride',
      () => maxPool2d(x, { kernelSize: 2, stride: [-1, 1] }),
      'maxPool2d: stride must be a positive integer or a pair of them, got [-1, 1]',
    ],
    [
      'padding over half the kernel',
      () => maxPool2d(x, { kernelSize: 3, padding: 2 }),
      'maxPool2d: padding must be at most half the kernel size, got padding [2, 2] for kernelSize [3, 3]',
    ],
    [
      'kernel larger than the padded input',
      () => maxPool2d(x, { kernelSize: 3, dilation: 2 }),
      'maxPool2d: kernel size (with dilation) [5, 5] is larger than the padded input [4, 4]',
    ],
    [
      'empty planes',
      () => maxPool2d(randn([1, 1, 0, 3]), { kernelSize: 1 }),
      'maxPool2d: input must have non-empty H and W, got [1, 1, 0, 3]',
    ],
    [
      'non-boolean ceilMode',
      () => maxPool2d(x, { kernelSize: 2, ceilMode: 1 as unknown as boolean }),
      'maxPool2d: ceilMode must be a boolean, got 1',
    ],
    [
      'non-boolean returnIndices',
      () => maxPool2d(x, { kernelSize: 2, returnIndices: 'yes' as unknown as boolean }),
      "maxPool2d: returnIndices must be a boolean, got 'yes'",
    ],
    [
      'integer input',
      () => maxPool2d(x.to('int32'), { kernelSize: 2 }),
      'maxPool2d: input must be float32 or float64, got int32',
    ],
  ];
  for (const [name, call, message] of cases) {
    it(name, () => {
      expect(call).toThrow(message);
    });
  }
});
