import { checkGradients, expectClose, shapeArb, tensorArb } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arange, tensor, zeros } from '../creation';
import { stridesOf } from '../shape';
import type { Tensor } from '../tensor';
import { type PadMode, pad } from './pad';

/** Per element of the output: which source index each dimension reads, by the definition. */
function naivePad(
  x: Tensor,
  padding: readonly number[],
  mode: PadMode,
  value = 0,
): { shape: number[]; data: number[] } {
  const rank = x.rank;
  const before = x.shape.map((_, d) => padding[2 * (rank - 1 - d)] ?? 0);
  const after = x.shape.map((_, d) => padding[2 * (rank - 1 - d) + 1] ?? 0);
  const shape = x.shape.map((n, d) => n + before[d] + after[d]);
  const strides = stridesOf(x.shape);
  const data: number[] = [];
  const total = shape.reduce((p, n) => p * n, 1);
  for (let flat = 0; flat < total; flat++) {
    let rest = flat;
    let source = 0;
    let inside = true;
    for (let d = rank - 1; d >= 0; d--) {
      const n = x.shape[d];
      let j = (rest % shape[d]) - before[d];
      rest = Math.floor(rest / shape[d]);
      if (mode === 'replicate') j = Math.min(Math.max(j, 0), n - 1);
      while (mode === 'reflect' && (j < 0 || j >= n)) j = j < 0 ? -j : 2 * (n - 1) - j;
      if (j < 0 || j >= n) inside = false;
      source += j * strides[d];
    }
    data.push(inside ? x.data[source] : value);
  }
  return { shape, data };
}

/** A tensor, a mode, and a padding list that is valid for it. */
const padCaseArb = fc.constantFrom<PadMode>('constant', 'reflect', 'replicate').chain((mode) =>
  shapeArb({ minRank: 1, maxRank: 4, minDim: mode === 'constant' ? 0 : 1, maxDim: 4 }).chain(
    (shape) =>
      fc.integer({ min: 0, max: shape.length }).chain((padded) => {
        const pairs = Array.from({ length: padded }, (_, k) => {
          const size = shape[shape.length - 1 - k];
          const amount =
            mode === 'reflect'
              ? fc.integer({ min: 0, max: size - 1 })
              : mode === 'replicate'
                ? fc.integer({ min: 0, max: 3 })
                : fc.integer({ min: -2, max: 3 });
          return fc.tuple(amount, amount);
        });
        return fc.record({
          x: tensorArb(shape),
          mode: fc.constant(mode),
          padding: fc
            .tuple(...pairs)
            .map((ps) => ps.flat())
            // Constant cropping must leave a non-negative size; keep the generated cases valid.
            .filter((p) =>
              p.every(
                (_, i) => i % 2 === 1 || shape[shape.length - 1 - i / 2] + p[i] + p[i + 1] >= 0,
              ),
            ),
        });
      }),
  ),
);

describe('pad: examples', () => {
  const row = tensor([1, 2, 3]);

  it('pads with zeros or a value in constant mode', () => {
    expect(pad(row, [1, 2]).toArray()).toEqual([0, 1, 2, 3, 0, 0]);
    expect(pad(row, [0, 1], { value: -1 }).toArray()).toEqual([1, 2, 3, -1]);
    const nan = pad(row, [1, 0], { value: Number.NaN });
    expect(Number.isNaN(nan.data[0])).toBe(true);
  });

  it('reads padding from the last dimension backwards', () => {
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(pad(x, [1, 0]).toArray()).toEqual([
      [0, 1, 2],
      [0, 3, 4],
    ]);
    expect(pad(x, [0, 0, 1, 0]).toArray()).toEqual([
      [0, 0],
      [1, 2],
      [3, 4],
    ]);
  });

  it('crops with negative constant padding', () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(pad(x, [-1, 1]).toArray()).toEqual([
      [2, 3, 0],
      [5, 6, 0],
    ]);
    expect(pad(x, [0, 0, -1, -1]).shape).toEqual([0, 3]);
  });

  it('reflects without repeating the edge, and replicates the edge', () => {
    expect(pad(row, [2, 1], { mode: 'reflect' }).toArray()).toEqual([3, 2, 1, 2, 3, 2]);
    expect(pad(row, [2, 1], { mode: 'replicate' }).toArray()).toEqual([1, 1, 1, 2, 3, 3]);
    expect(pad(tensor([[5]]), [2, 2, 1, 0], { mode: 'replicate' }).toArray()).toEqual([
      [5, 5, 5, 5, 5],
      [5, 5, 5, 5, 5],
    ]);
  });

  it('pads an empty dimension in constant mode and returns the input for zero padding', () => {
    expect(pad(zeros([2, 0]), [1, 1], { value: 3 }).toArray()).toEqual([
      [3, 3],
      [3, 3],
    ]);
    expect(pad(row, [])).toBe(row);
    expect(pad(row, [0, 0], { mode: 'reflect' })).toBe(row);
  });

  it('keeps the dtype', () => {
    const y = pad(tensor([1, 2], { dtype: 'int32' }), [1, 1], { mode: 'replicate' });
    expect(y.dtype).toBe('int32');
    expect(y.toArray()).toEqual([1, 1, 2, 2]);
    expect(pad(tensor([1], { dtype: 'float64' }), [1, 0]).dtype).toBe('float64');
  });

  // Expected values computed with TensorFlow.js 4.22 (tf.mirrorPad(x, paddings, 'reflect') and
  // tf.pad(x, paddings, 7)); TF lists [before, after] per dimension from the first, so the
  // pairs appear reversed here.
  it('matches tf.mirrorPad in reflect mode and tf.pad in constant mode', () => {
    const a = arange(0, 12).reshape([3, 4]);
    expect(pad(a, [3, 2, 2, 1], { mode: 'reflect' }).toArray()).toEqual([
      [11, 10, 9, 8, 9, 10, 11, 10, 9],
      [7, 6, 5, 4, 5, 6, 7, 6, 5],
      [3, 2, 1, 0, 1, 2, 3, 2, 1],
      [7, 6, 5, 4, 5, 6, 7, 6, 5],
      [11, 10, 9, 8, 9, 10, 11, 10, 9],
      [7, 6, 5, 4, 5, 6, 7, 6, 5],
    ]);
    const b = arange(0, 12).reshape([2, 2, 3]);
    expect(pad(b, [0, 2, 1, 1, 1, 0], { mode: 'reflect' }).toArray()).toEqual([
      [
        [9, 10, 11, 10, 9],
        [6, 7, 8, 7, 6],
        [9, 10, 11, 10, 9],
        [6, 7, 8, 7, 6],
      ],
      [
        [3, 4, 5, 4, 3],
        [0, 1, 2, 1, 0],
        [3, 4, 5, 4, 3],
        [0, 1, 2, 1, 0],
      ],
      [
        [9, 10, 11, 10, 9],
        [6, 7, 8, 7, 6],
        [9, 10, 11, 10, 9],
        [6, 7, 8, 7, 6],
      ],
    ]);
    expect(pad(a, [0, 2, 1, 0], { value: 7 }).toArray()).toEqual([
      [7, 7, 7, 7, 7, 7],
      [0, 1, 2, 3, 7, 7],
      [4, 5, 6, 7, 7, 7],
      [8, 9, 10, 11, 7, 7],
    ]);
  });

  it('explains bad arguments', () => {
    const x = zeros([2, 3]);
    expect(() => pad(x, [1, 1], { mode: 'circular' as PadMode })).toThrow(
      "pad: mode must be one of 'constant', 'reflect', 'replicate', got 'circular'",
    );
    expect(() => pad(x, [1, 1], { mode: 'reflect', value: 1 })).toThrow(
      "pad: value must be omitted in 'reflect' mode (it only applies to 'constant'), got 1",
    );
    expect(() => pad(x, [1, 1], { value: '1' as never })).toThrow(
      "pad: value must be a number, got '1'",
    );
    expect(() => pad(x, [1, 0.5])).toThrow(
      'pad: padding must be an array of integers, got [1, 0.5]',
    );
    expect(() => pad(x, [1, 1, 1])).toThrow(
      'pad: padding must have an even length of at most 4 (a [before, after] pair per dimension, last dimension first, for a tensor of rank 2), got [1, 1, 1]',
    );
    expect(() => pad(x, [0, 0, 0, 0, 1, 1])).toThrow(
      'pad: padding must have an even length of at most 4',
    );
    expect(() => pad(x, [0, 0, 2, 0], { mode: 'reflect' })).toThrow(
      "pad: padding of dimension 0 must be less than its size 2 in 'reflect' mode, got [2, 0]",
    );
    expect(() => pad(x, [0, 3], { mode: 'reflect' })).toThrow(
      "pad: padding of dimension 1 must be less than its size 3 in 'reflect' mode, got [0, 3]",
    );
    expect(() => pad(x, [-1, 0], { mode: 'replicate' })).toThrow(
      "pad: padding of dimension 1 must be non-negative in 'replicate' mode, got [-1, 0]",
    );
    expect(() => pad(zeros([0, 2]), [0, 0, 1, 0], { mode: 'replicate' })).toThrow(
      "pad: dimension 0 must have size ≥ 1 to pad in 'replicate' mode, got size 0 and padding [1, 0]",
    );
    expect(() => pad(x, [-2, -2])).toThrow(
      'pad: padding [-2, -2] of dimension 1 must leave a non-negative size, got 3 + -2 + -2 = -1',
    );
  });
});

describe('pad: properties', () => {
  it('matches an element-by-element reference in every mode', () => {
    fc.assert(
      fc.property(
        padCaseArb,
        fc.double({ min: -5, max: 5, noNaN: true }),
        ({ x, mode, padding }, value) => {
          const fill = mode === 'constant' ? value : undefined;
          const y = pad(x, padding, { mode, value: fill });
          const expected = naivePad(x, padding, mode, fill);
          expect(y.shape).toEqual(expected.shape);
          expect(Array.from(y.data)).toEqual(expected.data);
        },
      ),
    );
  });
});

describe('pad: gradients', () => {
  it('adds the gradient of every copy back into its source element', () => {
    const x = tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
    // [3, 2, 1, 2, 3, 2]: x0 appears once, x1 three times, x2 twice.
    pad(x, [2, 1], { mode: 'reflect' }).sum().backward();
    expectClose(x.grad!, [1, 3, 2]);
    x.zeroGrad();
    // [1, 1, 1, 2, 3, 3]
    pad(x, [2, 1], { mode: 'replicate' }).sum().backward();
    expectClose(x.grad!, [3, 1, 2]);
  });

  it('crops the gradient in constant mode, cropped inputs getting zero', () => {
    const x = tensor([[1, 2, 3]], { dtype: 'float64', requiresGrad: true });
    pad(x, [-1, 2], { value: 9 })
      .mul(tensor([10, 20, 30, 40], { dtype: 'float64' }))
      .sum()
      .backward();
    expectClose(x.grad!, [[0, 10, 20]]);
  });

  // Padding is linear with integer coefficients: central differences are exact up to
  // rounding, so the default tolerances (atol 1e-6, rtol 1e-4) have a wide margin.
  it('matches finite differences in float64 in every mode', () => {
    fc.assert(
      fc.property(padCaseArb, ({ x, mode, padding }) => {
        x.requiresGrad = true;
        checkGradients((t) => pad(t, padding, { mode }), [x]);
      }),
      { numRuns: 20 },
    );
  });
});
