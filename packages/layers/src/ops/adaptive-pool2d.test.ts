import { createRng, randn, type Tensor, tensor } from '@convkit/tensor';
import { checkGradients, expectClose } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adaptiveAvgPool2d,
  adaptiveMaxPool2d,
  globalAvgPool2d,
  globalMaxPool2d,
} from './adaptive-pool2d';
import { avgPool2d } from './avg-pool2d';
import { maxPool2d } from './max-pool2d';

const f64 = { dtype: 'float64' } as const;
const plane = (rows: number[][], requiresGrad = false) =>
  tensor([[rows]], { ...f64, requiresGrad });

function gradOf(pool: (x: Tensor) => Tensor, rows: number[][]): Tensor {
  const x = plane(rows, true);
  pool(x).sum().backward();
  return x.grad as Tensor;
}

/** Adaptive pooling by definition: bin o covers [⌊o·in/out⌋, ⌈(o+1)·in/out⌉) on each axis. */
function refAdaptive(x: Tensor, outH: number, outW: number, reduce: 'mean' | 'max'): Tensor {
  const [n, c, h, w] = x.shape;
  const out: number[] = [];
  for (let p = 0; p < n * c; p++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const values: number[] = [];
        for (let y = Math.floor((oy * h) / outH); y < Math.ceil(((oy + 1) * h) / outH); y++) {
          for (let xx = Math.floor((ox * w) / outW); xx < Math.ceil(((ox + 1) * w) / outW); xx++) {
            values.push(x.data[(p * h + y) * w + xx]);
          }
        }
        out.push(
          reduce === 'max'
            ? Math.max(...values)
            : values.reduce((a, b) => a + b, 0) / values.length,
        );
      }
    }
  }
  return tensor(out, { shape: [n, c, outH, outW], dtype: 'float64' });
}

const caseArb = fc.record({
  n: fc.integer({ min: 1, max: 2 }),
  c: fc.integer({ min: 1, max: 2 }),
  h: fc.integer({ min: 1, max: 7 }),
  w: fc.integer({ min: 1, max: 7 }),
  outH: fc.integer({ min: 1, max: 4 }),
  outW: fc.integer({ min: 1, max: 4 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});

describe('adaptive and global pooling by hand', () => {
  const row = [[1, 2, 3, 4, 5]];

  it('five columns into three overlapping bins [0, 2), [1, 4), [3, 5)', () => {
    expectClose(adaptiveAvgPool2d(plane(row), [1, 3]), [[[[1.5, 3, 4.5]]]]);
    expectClose(adaptiveMaxPool2d(plane(row), [1, 3]), [[[[2, 4, 5]]]]);
    // Each bin spreads 1/size over its inputs; the shared ones receive from two bins.
    expectClose(
      gradOf((x) => adaptiveAvgPool2d(x, [1, 3]), row),
      [[[[1 / 2, 1 / 2 + 1 / 3, 1 / 3, 1 / 3 + 1 / 2, 1 / 2]]]],
    );
  });

  it('adaptive max routes each bin to its first maximum in row-major order', () => {
    expectClose(
      gradOf((x) => adaptiveMaxPool2d(x, [1, 3]), [[5, 5, 1, 1, 1]]),
      [[[[1, 1, 0, 1, 0]]]],
    );
  });

  it('more outputs than inputs repeats inputs into several bins', () => {
    expectClose(adaptiveAvgPool2d(plane([[2, 4]]), [1, 3]), [[[[2, 3, 4]]]]);
  });

  it('global pooling reduces each plane to one value', () => {
    const x = [
      [1, 7],
      [7, 3],
    ];
    expectClose(globalAvgPool2d(plane(x)), [[[[4.5]]]]);
    expectClose(globalMaxPool2d(plane(x)), [[[[7]]]]);
    expectClose(gradOf(globalAvgPool2d, x), [
      [
        [
          [0.25, 0.25],
          [0.25, 0.25],
        ],
      ],
    ]);
    expectClose(gradOf(globalMaxPool2d, x), [
      [
        [
          [0, 1],
          [0, 0],
        ],
      ],
    ]);
    expect(globalAvgPool2d(tensor([x], f64)).shape).toEqual([1, 1, 1]);
  });

  it('divisible sizes equal the fixed-window pools', () => {
    const x = randn([2, 3, 6, 4], { ...f64, rng: createRng(1) });
    expectClose(adaptiveAvgPool2d(x, [3, 2]), avgPool2d(x, { kernelSize: [2, 2] }), {
      atol: 1e-12,
    });
    expectClose(adaptiveMaxPool2d(x, [2, 4]), maxPool2d(x, { kernelSize: [3, 1] }), { atol: 0 });
    expectClose(globalAvgPool2d(x), x.mean([2, 3], { keepDim: true }), { atol: 1e-12 });
    expectClose(globalMaxPool2d(x), x.max([2, 3], { keepDim: true }), { atol: 0 });
  });
});

describe('adaptive pooling matches the definition', () => {
  it('forward over random sizes', () => {
    fc.assert(
      fc.property(caseArb, (k) => {
        const x = randn([k.n, k.c, k.h, k.w], { ...f64, rng: createRng(k.seed) });
        expectClose(
          adaptiveAvgPool2d(x, [k.outH, k.outW]),
          refAdaptive(x, k.outH, k.outW, 'mean'),
          { atol: 1e-12 },
        );
        expectClose(adaptiveMaxPool2d(x, [k.outH, k.outW]), refAdaptive(x, k.outH, k.outW, 'max'), {
          atol: 0,
        });
      }),
    );
  });

  it('gradients by finite differences (float64)', () => {
    fc.assert(
      fc.property(caseArb, (k) => {
        const x = randn([k.n, k.c, k.h, k.w], { ...f64, rng: createRng(k.seed) }).requiresGrad_();
        const size: [number, number] = [k.outH, k.outW];
        // Average pooling is linear; for max, normal samples never tie within the step.
        checkGradients((a) => adaptiveAvgPool2d(a, size), [x]);
        checkGradients((a) => adaptiveMaxPool2d(a, size), [x]);
        checkGradients((a) => globalAvgPool2d(a), [x]);
        checkGradients((a) => globalMaxPool2d(a), [x]);
      }),
      { numRuns: 20 },
    );
  });
});

describe('adaptive pooling rejects bad input with a clear error', () => {
  const cases: [string, () => unknown, string][] = [
    [
      'zero output size',
      () => adaptiveAvgPool2d(randn([1, 1, 4, 4]), 0),
      'adaptiveAvgPool2d: outputSize must be a positive integer or a pair of them, got 0',
    ],
    [
      'wrong rank',
      () => adaptiveMaxPool2d(randn([4, 4]), 2),
      'adaptiveMaxPool2d: input must be [N, C, H, W] or [C, H, W], got [4, 4]',
    ],
    [
      'empty planes',
      () => globalAvgPool2d(randn([1, 2, 0, 4])),
      'globalAvgPool2d: input must have non-empty H and W, got [1, 2, 0, 4]',
    ],
    [
      'integer input',
      () => globalMaxPool2d(randn([1, 2, 2, 2]).to('int32')),
      'globalMaxPool2d: input must be float32 or float64, got int32',
    ],
  ];
  for (const [name, call, message] of cases) {
    it(name, () => {
      expect(call).toThrow(message);
    });
  }
});
