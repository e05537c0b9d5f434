import { randn, type Tensor, tensor } from '@convkit/tensor';
import { checkGradients, expectClose } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  poolCaseArb,
  poolCaseInput,
  poolCaseOptions,
  refAvgPool,
} from '../internal/pool-test-cases';
import { type AvgPool2dOptions, avgPool2d } from './avg-pool2d';

const f64 = { dtype: 'float64' } as const;
const plane = (rows: number[][], requiresGrad = false) =>
  tensor([[rows]], { ...f64, requiresGrad });

/** The gradient avgPool2d sends back to `rows` when every output gradient is 1. */
function spread(rows: number[][], options: AvgPool2dOptions): Tensor {
  const x = plane(rows, true);
  avgPool2d(x, options).sum().backward();
  return x.grad as Tensor;
}

describe('avgPool2d by hand', () => {
  const x = [
    [1, 3, 2, 0],
    [4, 2, 0, 2],
    [1, 1, 5, 6],
    [0, 2, 7, 2],
  ];

  it('averages each window and spreads each output gradient evenly over it', () => {
    expectClose(avgPool2d(plane(x), { kernelSize: 2 }), [
      [
        [
          [2.5, 1],
          [1, 5],
        ],
      ],
    ]);
    const xs = plane(x, true);
    avgPool2d(xs, { kernelSize: 2 })
      .mul(
        plane([
          [4, 8],
          [12, 16],
        ]),
      )
      .sum()
      .backward();
    expectClose(xs.grad as Tensor, [
      [
        [
          [1, 1, 2, 2],
          [1, 1, 2, 2],
          [3, 3, 4, 4],
          [3, 3, 4, 4],
        ],
      ],
    ]);
  });

  const small = [
    [1, 2],
    [3, 4],
  ];
  const padded = { kernelSize: 2, stride: 1, padding: 1 };

  it('countIncludePad (the default) divides by the whole window, padding included', () => {
    expectClose(avgPool2d(plane(small), padded), [
      [
        [
          [1 / 4, 3 / 4, 2 / 4],
          [4 / 4, 10 / 4, 6 / 4],
          [3 / 4, 7 / 4, 4 / 4],
        ],
      ],
    ]);
    // Each pixel lies in four windows, each passing back 1/4.
    expectClose(spread(small, padded), [
      [
        [
          [1, 1],
          [1, 1],
        ],
      ],
    ]);
  });

  it('countIncludePad: false divides by the real inputs in each window only', () => {
    const options = { ...padded, countIncludePad: false };
    expectClose(avgPool2d(plane(small), options), [
      [
        [
          [1, 1.5, 2],
          [2, 2.5, 3],
          [3, 3.5, 4],
        ],
      ],
    ]);
    // Each pixel is alone in one window (1), shares two with one other (½ each) and one
    // with all four (¼): 1 + ½ + ½ + ¼.
    expectClose(spread(small, options), [
      [
        [
          [2.25, 2.25],
          [2.25, 2.25],
        ],
      ],
    ]);
  });

  it('a ceilMode window past the padding counts only what it covers', () => {
    const row = [[1, 2, 3]];
    expectClose(avgPool2d(plane(row), { kernelSize: [1, 2], ceilMode: true }), [[[[1.5, 3]]]]);
    expectClose(spread(row, { kernelSize: [1, 2], ceilMode: true }), [[[[0.5, 0.5, 1]]]]);
  });

  it('divisorOverride replaces the divisor', () => {
    expectClose(avgPool2d(plane(small), { kernelSize: 2, divisorOverride: 2 }), [[[[5]]]]);
    expectClose(spread(small, { kernelSize: 2, divisorOverride: 2 }), [
      [
        [
          [0.5, 0.5],
          [0.5, 0.5],
        ],
      ],
    ]);
  });

  it('unbatched [C, H, W] input', () => {
    const out = avgPool2d(tensor([small], f64), { kernelSize: 2 });
    expect(out.shape).toEqual([1, 1, 1]);
    expectClose(out, [[[2.5]]]);
  });
});

describe('avgPool2d matches the naive reference', () => {
  it('forward, both ways of counting, float64 and float32', () => {
    fc.assert(
      fc.property(poolCaseArb(), fc.boolean(), (k, countIncludePad) => {
        const x = poolCaseInput(k);
        const expected = refAvgPool(x, k, countIncludePad);
        expectClose(avgPool2d(x, { ...poolCaseOptions(k), countIncludePad }), expected, {
          atol: 1e-12,
          rtol: 1e-12,
        });
        const x32 = poolCaseInput(k, { dtype: 'float32' });
        expectClose(avgPool2d(x32, { ...poolCaseOptions(k), countIncludePad }), expected, {
          atol: 1e-5,
          rtol: 1e-5,
        });
      }),
    );
  });

  it('gradient by finite differences (float64)', () => {
    fc.assert(
      fc.property(poolCaseArb(), fc.boolean(), (k, countIncludePad) => {
        const x = poolCaseInput(k).requiresGrad_();
        // Linear: central differences are exact up to rounding; default tolerances hold.
        checkGradients((a) => avgPool2d(a, { ...poolCaseOptions(k), countIncludePad }), [x]);
      }),
      { numRuns: 20 },
    );
  });
});

describe('avgPool2d rejects bad input with a clear error', () => {
  const x = randn([1, 2, 4, 4]);
  const cases: [string, () => unknown, string][] = [
    [
      'wrong rank',
      () => avgPool2d(randn([2, 1, 2, 4, 4]), { kernelSize: 2 }),
      'avgPool2d: input must be [N, C, H, W] or [C, H, W], got [2, 1, 2, 4, 4]',
    ],
    [
      'zero stride',
      () => avgPool2d(x, { kernelSize: 2, stride: 0 }),
      'avgPool2d: stride must be a positive integer or a pair of them, got 0',
    ],
    [
      'kernel larger than the padded input',
      () => avgPool2d(x, { kernelSize: 7, padding: 1 }),
      'avgPool2d: kernel size (with dilation) [7, 7] is larger than the padded input [6, 6]',
    ],
    [
      'padding over half the kernel',
      () => avgPool2d(x, { kernelSize: 2, padding: 2 }),
      'avgPool2d: padding must be at most half the kernel size, got padding [2, 2] for kernelSize [2, 2]',
    ],
    [
      'non-boolean countIncludePad',
      () => avgPool2d(x, { kernelSize: 2, countIncludePad: 0 as unknown as boolean }),
      'avgPool2d: countIncludePad must be a boolean, got 0',
    ],
    [
      'zero divisorOverride',
      () => avgPool2d(x, { kernelSize: 2, divisorOverride: 0 }),
      'avgPool2d: divisorOverride must be a non-zero integer, got 0',
    ],
  ];
  for (const [name, call, message] of cases) {
    it(name, () => {
      expect(call).toThrow(message);
    });
  }
});
