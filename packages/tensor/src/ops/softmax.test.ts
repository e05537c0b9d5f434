import { checkGradients, expectClose, shapeArb, tensorArb } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { onesLike, type Tensor, tensor } from '../index';
import { logSoftmax, softmax } from './softmax';

/** Naive softmax along `axis` in float64: no max subtraction (inputs stay small). */
function softmaxRef(x: Tensor, axis: number): number[] {
  const a = axis < 0 ? axis + x.rank : axis;
  const n = x.shape[a];
  const inner = x.shape.slice(a + 1).reduce((p, d) => p * d, 1);
  const out = new Array<number>(x.size);
  for (let i = 0; i < x.size; i++) {
    // The first element of i's lane, then every element of that lane.
    const start = i - (Math.floor(i / inner) % n) * inner;
    let s = 0;
    for (let k = 0; k < n; k++) s += Math.exp(x.data[start + k * inner]);
    out[i] = Math.exp(x.data[i]) / s;
  }
  return out;
}

/** A float64 tensor of rank ≥ 1 with values in [-5, 5] and an axis of it, possibly negative. */
const tensorAndAxis = (requiresGrad = false, maxDim = 5) =>
  shapeArb({ minRank: 1, maxRank: 4, maxDim }).chain((shape) =>
    fc.tuple(
      tensorArb(shape, { min: -5, max: 5, requiresGrad }),
      fc.integer({ min: -shape.length, max: shape.length - 1 }),
    ),
  );

const f64 = (data: number[] | number[][], requiresGrad = false) =>
  tensor(data, { dtype: 'float64', requiresGrad });

describe('softmax', () => {
  it('matches hand-computed values along the last axis by default', () => {
    const e = [1, Math.E, Math.E ** 2];
    const s = e[0] + e[1] + e[2];
    expectClose(
      softmax(
        f64([
          [0, 1, 2],
          [5, 5, 5],
        ]),
      ),
      [e.map((v) => v / s), [1 / 3, 1 / 3, 1 / 3]],
      {
        atol: 1e-15,
      },
    );
  });

  it('normalises along the axis it is given', () => {
    const x = f64([
      [0, 0],
      [Math.log(3), 0],
    ]);
    expectClose(
      softmax(x, 0),
      [
        [0.25, 0.5],
        [0.75, 0.5],
      ],
      { atol: 1e-15 },
    );
    expectClose(
      softmax(x, -2),
      [
        [0.25, 0.5],
        [0.75, 0.5],
      ],
      { atol: 1e-15 },
    );
    const y = softmax(tensor([1, 2, 3, 4, 5, 6, 7, 8], { shape: [2, 2, 2], dtype: 'float64' }), 1);
    expectClose(
      y.sum(1),
      [
        [1, 1],
        [1, 1],
      ],
      { atol: 1e-15 },
    );
  });

  it('is stable for huge and tiny logits, in float32 and float64', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      expectClose(softmax(tensor([1000, 1000, 1000], { dtype })), [1 / 3, 1 / 3, 1 / 3], {
        atol: 1e-7,
      });
      expect(softmax(tensor([1000, -1000], { dtype })).toArray()).toEqual([1, 0]);
      expectClose(
        softmax(tensor([-1000, -1001], { dtype })),
        [1 / (1 + Math.exp(-1)), 1 / (1 + Math.E)],
        {
          atol: 1e-7,
        },
      );
    }
  });

  it('gives size-1 axes probability 1, scalars included', () => {
    expect(softmax(tensor([[3], [-7]])).toArray()).toEqual([[1], [1]]);
    expect(softmax(tensor(4)).toArray()).toBe(1);
    expect(softmax(tensor(4), 0).toArray()).toBe(1);
  });

  it('keeps empty shapes', () => {
    expect(softmax(tensor([], { shape: [0, 3] })).shape).toEqual([0, 3]);
    expect(softmax(tensor([], { shape: [2, 0] })).shape).toEqual([2, 0]);
  });

  it('makes only the lane with a NaN NaN', () => {
    const y = softmax(
      tensor([
        [Number.NaN, 0],
        [0, 0],
      ]),
    );
    expect(Array.from(y.data, Number.isNaN)).toEqual([true, true, false, false]);
    expect(y.toArray()).toEqual([
      [Number.NaN, Number.NaN],
      [0.5, 0.5],
    ]);
  });

  it('turns int32 into float32', () => {
    const y = softmax(tensor([0, 0], { dtype: 'int32' }));
    expect(y.dtype).toBe('float32');
    expect(y.toArray()).toEqual([0.5, 0.5]);
  });

  it('reports bad arguments', () => {
    expect(() => softmax(tensor([[1, 2]]), 2)).toThrow(
      'softmax: axis must be an integer in [-2, 1] for a tensor of rank 2, got 2',
    );
    expect(() => softmax(tensor([1]), 0.5)).toThrow('softmax: axis must be an integer');
    expect(() => softmax(tensor(1), 1)).toThrow('softmax: axis must be an integer');
    expect(() => softmax([1, 2] as never)).toThrow('softmax: x must be a Tensor, got [1, 2]');
  });

  it('backward is y ⊙ (g − Σ g⊙y) on a hand-checked example', () => {
    const x = f64([0, Math.log(3)], true);
    // y = [1/4, 3/4]; Σ g⊙y = 1/4 + 3/2 = 7/4; dx = y ⊙ (g − 7/4).
    softmax(x).backward(f64([1, 2]));
    expectClose(x.grad!, [0.25 * (1 - 1.75), 0.75 * (2 - 1.75)], { atol: 1e-15 });
  });

  it('property: matches a naive reference and sums to 1 along the axis', () => {
    fc.assert(
      fc.property(tensorAndAxis(), ([x, axis]) => {
        const y = softmax(x, axis);
        expect(y.shape).toEqual(x.shape);
        expectClose(y, tensor(softmaxRef(x, axis), { shape: x.shape, dtype: 'float64' }), {
          atol: 1e-15,
          rtol: 1e-13,
        });
        const sums = y.sum(axis);
        expectClose(sums, onesLike(sums), { atol: 1e-14 });
      }),
    );
  });

  it('property: shifting every logit by a constant changes nothing', () => {
    fc.assert(
      fc.property(
        tensorAndAxis(),
        fc.double({ min: -500, max: 500, noNaN: true }),
        ([x, axis], shift) => {
          expectClose(softmax(x.add(shift), axis), softmax(x, axis), { atol: 1e-12, rtol: 1e-10 });
        },
      ),
    );
  });

  it('property: backward agrees with finite differences (float64)', () => {
    // Smooth everywhere; |d²y| ≤ 1 so central differences are good to ~1e-12.
    fc.assert(
      fc.property(tensorAndAxis(true, 4), ([x, axis]) => {
        checkGradients((t) => softmax(t, axis), [x], { atol: 1e-8, rtol: 1e-7 });
      }),
      { numRuns: 25 },
    );
  });
});

describe('logSoftmax', () => {
  it('matches hand-computed values', () => {
    const lse = Math.log(1 + Math.E + Math.E ** 2);
    expectClose(logSoftmax(f64([0, 1, 2])), [-lse, 1 - lse, 2 - lse], { atol: 1e-15 });
  });

  it('stays exact where log(softmax) would give -Infinity', () => {
    expect(logSoftmax(tensor([0, -1000])).toArray()).toEqual([0, -1000]);
    expect(logSoftmax(f64([1000, -1000])).toArray()).toEqual([0, -2000]);
    expectClose(logSoftmax(f64([1000, 1000])), [-Math.LN2, -Math.LN2], { atol: 1e-13 });
    expect(logSoftmax(tensor(3)).toArray()).toBe(0);
  });

  it('reports bad arguments with its own name', () => {
    expect(() => logSoftmax(tensor([1, 2]), -2)).toThrow(
      'logSoftmax: axis must be an integer in [-1, 0] for a tensor of rank 1, got -2',
    );
  });

  it('backward is g − softmax ⊙ Σ g on a hand-checked example', () => {
    const x = f64([0, Math.log(3)], true);
    logSoftmax(x).backward(f64([1, 2]));
    expectClose(x.grad!, [1 - 0.25 * 3, 2 - 0.75 * 3], { atol: 1e-15 });
  });

  it('gives gradients of cross-entropy as softmax − onehot, even for extreme logits', () => {
    const x = f64([[1000, -1000, 0]], true);
    logSoftmax(x)
      .mul(f64([[0, -1, 0]]))
      .sum()
      .backward();
    expectClose(x.grad!, [[1, -1, 0]], { atol: 1e-15 });
  });

  it('property: equals log(softmax) for moderate logits', () => {
    fc.assert(
      fc.property(tensorAndAxis(), ([x, axis]) => {
        const expected = tensor(softmaxRef(x, axis).map(Math.log), {
          shape: x.shape,
          dtype: 'float64',
        });
        expectClose(logSoftmax(x, axis), expected, { atol: 1e-13, rtol: 1e-13 });
      }),
    );
  });

  it('property: backward agrees with finite differences (float64)', () => {
    fc.assert(
      fc.property(tensorAndAxis(true, 4), ([x, axis]) => {
        checkGradients((t) => logSoftmax(t, axis), [x], { atol: 1e-8, rtol: 1e-7 });
      }),
      { numRuns: 25 },
    );
  });

  it('float32 input gives float32 gradients', () => {
    const x = tensor([[1, 2, 3]], { requiresGrad: true });
    logSoftmax(x).sum().backward();
    expect(x.grad!.dtype).toBe('float32');
    // Σ g = 3, so dx = 1 − 3·softmax(x); its entries sum to 0.
    expect(Math.abs(x.grad!.sum().item())).toBeLessThan(1e-6);
  });
});
