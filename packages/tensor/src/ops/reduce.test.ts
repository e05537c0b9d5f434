import { checkGradients, expectClose, shapeArb, tensorArb } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  argmax,
  argmin,
  createRng,
  type DType,
  logsumexp,
  max,
  mean,
  min,
  std,
  sum,
  type Tensor,
  tensor,
  variance,
  zeros,
} from '../index';

/** The values reduced into each output slot, found by unravelling every flat index. */
function groups(x: Tensor, axes: readonly number[]) {
  const rank = x.rank;
  const out = x.shape.filter((_, d) => !axes.includes(d));
  const kept = x.shape.map((s, d) => (axes.includes(d) ? 1 : s));
  const values: number[][] = Array.from({ length: out.reduce((p, d) => p * d, 1) }, () => []);
  for (let flat = 0; flat < x.size; flat++) {
    const index = new Array<number>(rank);
    let rest = flat;
    for (let d = rank - 1; d >= 0; d--) {
      index[d] = rest % x.shape[d];
      rest = Math.floor(rest / x.shape[d]);
    }
    let slot = 0;
    for (let d = 0; d < rank; d++) if (!axes.includes(d)) slot = slot * x.shape[d] + index[d];
    values[slot].push(x.data[flat]);
  }
  return { out, kept, values };
}

/** Reference reduction: `f` applied to each slot's values. */
function naive(
  x: Tensor,
  axes: readonly number[],
  keepDim: boolean,
  f: (v: number[]) => number,
): Tensor {
  const { out, kept, values } = groups(x, axes);
  return tensor(values.map(f), { shape: keepDim ? kept : out, dtype: 'float64' });
}

const total = (v: number[]) => v.reduce((s, x) => s + x, 0);
const avg = (v: number[]) => total(v) / v.length;
const varianceOf = (c: number) => (v: number[]) => {
  const mu = avg(v);
  return total(v.map((x) => (x - mu) ** 2)) / Math.max(0, v.length - c);
};

/** A tensor, axes to reduce (all when undefined; some given negative) and keepDim. */
function reductionArb(options: { minDim?: number; dtype?: DType } = {}) {
  return shapeArb({ maxRank: 4, maxDim: 4, minDim: options.minDim ?? 1 }).chain((shape) =>
    fc.record({
      x: tensorArb(shape, { dtype: options.dtype ?? 'float64' }),
      axes: fc.option(fc.subarray(shape.map((_, i) => i)), { nil: undefined }),
      negative: fc.boolean(),
      keepDim: fc.boolean(),
    }),
  );
}

function resolve(rank: number, axes: number[] | undefined, negative: boolean) {
  const all = axes ?? Array.from({ length: rank }, (_, i) => i);
  return { all, arg: axes && negative ? axes.map((a) => a - rank) : axes };
}

/** Distinct well-separated values (no ties, so max/min are smooth there), shuffled by seed. */
function distinct(shape: number[], seed: number): Tensor {
  const size = shape.reduce((p, d) => p * d, 1);
  const rng = createRng(seed);
  const values = Array.from({ length: size }, (_, i) => (i - size / 2) * 0.3 + rng.uniform(0, 0.1));
  for (let i = size - 1; i > 0; i--) {
    const j = rng.int(0, i + 1);
    [values[i], values[j]] = [values[j], values[i]];
  }
  return tensor(values, { shape, dtype: 'float64', requiresGrad: true });
}

/** A small shape, a seed and a choice of axes, for gradient checks. */
const gradCaseArb = shapeArb({ maxRank: 3, maxDim: 4 }).chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    seed: fc.integer(),
    axes: fc.option(
      fc.subarray(
        shape.map((_, i) => i),
        { minLength: Math.min(1, shape.length) },
      ),
      { nil: undefined },
    ),
    keepDim: fc.boolean(),
  }),
);

describe('sum and mean', () => {
  const x = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);

  it('reduce over an axis, a list, all axes, with keepDim', () => {
    expect(sum(x, 0).toArray()).toEqual([5, 7, 9]);
    expect(sum(x, -1).toArray()).toEqual([6, 15]);
    expect(sum(x).toArray()).toEqual(21);
    expect(sum(x, [0, 1], { keepDim: true }).toArray()).toEqual([[21]]);
    expect(mean(x, 1, { keepDim: true }).toArray()).toEqual([[2], [5]]);
    expect(mean(x).item()).toBe(3.5);
    expect(mean(tensor(3), 0).item()).toBe(3);
  });

  it('handle empty tensors and int32', () => {
    expect(sum(zeros([0, 3]), 0).toArray()).toEqual([0, 0, 0]);
    expect(sum(zeros([0])).item()).toBe(0);
    expect(mean(zeros([0])).item()).toBeNaN();
    const ints = tensor([1, 2], { dtype: 'int32' });
    expect(sum(ints).dtype).toBe('int32');
    expect(mean(ints).dtype).toBe('float32');
    expect(mean(ints).item()).toBe(1.5);
  });

  it('reject bad axes', () => {
    expect(() => sum(x, 2)).toThrow(
      'sum: axis must be an integer in [-2, 1] for a tensor of rank 2, got 2',
    );
    expect(() => sum(x, [0, -2])).toThrow('sum: axis must not repeat, got [0, -2]');
    expect(() => mean(x, 0.5)).toThrow(
      'mean: axis must be an integer in [-2, 1] for a tensor of rank 2, got 0.5',
    );
  });

  it('reject a bare keepDim flag (the PyTorch habit) instead of ignoring it', () => {
    expect(() => sum(x, 1, true as never)).toThrow(
      'sum: options must be an object such as { keepDim: true }, got true',
    );
    expect(() => x.mean(1, true as never)).toThrow('mean: options must be an object');
    expect(() => x.max(1, { keepDim: 1 as never })).toThrow(
      'max: options.keepDim must be a boolean, got 1',
    );
    for (const call of [
      () => x.min(0, true as never),
      () => x.argmax(0, true as never),
      () => x.var(0, true as never),
      () => x.std(0, true as never),
      () => x.logsumexp(0, true as never),
    ]) {
      expect(call).toThrow('options must be an object such as { keepDim: true }, got true');
    }
    expect(sum(x, 1, undefined).shape).toEqual([x.shape[0]]);
  });

  it('match a naive reduction', () => {
    fc.assert(
      fc.property(reductionArb({ minDim: 0 }), ({ x, axes, negative, keepDim }) => {
        const { all, arg } = resolve(x.rank, axes, negative);
        expectClose(sum(x, arg, { keepDim }), naive(x, all, keepDim, total), { atol: 1e-12 });
        expectClose(mean(x, arg, { keepDim }), naive(x, all, keepDim, avg), { atol: 1e-12 });
      }),
    );
  });

  // Linear ops: central differences are exact up to rounding, so default tolerances.
  it('have correct gradients', () => {
    fc.assert(
      fc.property(gradCaseArb, ({ shape, seed, axes, keepDim }) => {
        const x = distinct(shape, seed);
        checkGradients((t) => sum(t, axes, { keepDim }), [x]);
        checkGradients((t) => mean(t, axes, { keepDim }), [x]);
      }),
      { numRuns: 20 },
    );
  });
});

describe('max and min', () => {
  const x = tensor([
    [1, 5, 5],
    [7, 2, 0],
  ]);

  it('reduce over an axis, a list or all axes', () => {
    expect(max(x, 1).toArray()).toEqual([5, 7]);
    expect(max(x, -2).toArray()).toEqual([7, 5, 5]);
    expect(max(x).toArray()).toEqual(7);
    expect(min(x, 0, { keepDim: true }).toArray()).toEqual([[1, 2, 0]]);
    expect(min(x, [0, 1], { keepDim: true }).toArray()).toEqual([[0]]);
    expect(max(tensor(4), 0).item()).toBe(4);
    expect(max(zeros([0, 3]), 1).shape).toEqual([0]);
  });

  it('keep int32, propagate NaN and handle infinities', () => {
    const ints = max(tensor([[3, -1]], { dtype: 'int32' }), 1);
    expect(ints.dtype).toBe('int32');
    expect(ints.toArray()).toEqual([3]);
    expect(max(tensor([1, Number.NaN, 3])).item()).toBeNaN();
    expect(min(tensor([Number.NaN, 1])).item()).toBeNaN();
    expect(max(tensor([-Infinity, -Infinity])).item()).toBe(-Infinity);
    expect(min(tensor([Infinity, 2])).item()).toBe(2);
  });

  it('split the gradient evenly among ties', () => {
    const t = tensor(
      [
        [3, 1, 3],
        [2, 2, 2],
      ],
      { dtype: 'float64', requiresGrad: true },
    );
    max(t, 1).sum().backward();
    expect(t.grad?.toArray()).toEqual([
      [0.5, 0, 0.5],
      [1 / 3, 1 / 3, 1 / 3],
    ]);
    const u = tensor([4, 1, 1], { requiresGrad: true });
    min(u).mul(6).backward();
    expect(u.grad?.toArray()).toEqual([0, 3, 3]);
  });

  it('reject empty reductions and bad axes', () => {
    expect(() => max(zeros([2, 0]), 1)).toThrow(
      'max: reduced dimensions must be non-empty, got shape [2, 0] reduced over axes [1]',
    );
    expect(() => min(zeros([0]))).toThrow(
      'min: reduced dimensions must be non-empty, got shape [0] reduced over axes [0]',
    );
    expect(() => max(x, [1, 1])).toThrow('max: axis must not repeat, got [1, 1]');
    expect(() => min(x, -3)).toThrow(
      'min: axis must be an integer in [-2, 1] for a tensor of rank 2, got -3',
    );
  });

  it('match a naive reduction', () => {
    fc.assert(
      fc.property(reductionArb(), ({ x, axes, negative, keepDim }) => {
        const { all, arg } = resolve(x.rank, axes, negative);
        expectClose(
          max(x, arg, { keepDim }),
          naive(x, all, keepDim, (v) => Math.max(...v)),
          { atol: 0 },
        );
        expectClose(
          min(x, arg, { keepDim }),
          naive(x, all, keepDim, (v) => Math.min(...v)),
          { atol: 0 },
        );
      }),
    );
  });

  // Values are at least 0.2 apart, far more than the finite-difference step, so no tie is
  // crossed and the gradient is an exact 0/1 selection: default tolerances.
  it('have correct gradients away from ties', () => {
    fc.assert(
      fc.property(gradCaseArb, ({ shape, seed, axes, keepDim }) => {
        const x = distinct(shape, seed);
        checkGradients((t) => max(t, axes, { keepDim }), [x]);
        checkGradients((t) => min(t, axes, { keepDim }), [x]);
      }),
      { numRuns: 20 },
    );
  });
});

describe('argmax and argmin', () => {
  const x = tensor([
    [1, 5, 5],
    [7, 2, 0],
  ]);

  it('index along an axis or the flattened tensor, first tie winning', () => {
    const along = argmax(x, 1);
    expect(along.dtype).toBe('int32');
    expect(along.toArray()).toEqual([1, 0]);
    expect(argmax(x).toArray()).toEqual(3);
    expect(argmin(x, 0).toArray()).toEqual([0, 1, 1]);
    expect(argmin(x, -1, { keepDim: true }).toArray()).toEqual([[0], [2]]);
    expect(argmax(x, undefined, { keepDim: true }).toArray()).toEqual([[3]]);
    expect(argmax(tensor([2, 2, 2])).item()).toBe(0);
    expect(argmin(tensor(7)).item()).toBe(0);
    expect(argmax(zeros([0, 3]), 1).shape).toEqual([0]);
  });

  it('treat NaN as the extreme and keep gradients out', () => {
    expect(argmax(tensor([1, Number.NaN, 3, Number.NaN])).item()).toBe(1);
    expect(argmin(tensor([1, -2, Number.NaN])).item()).toBe(2);
    const t = tensor([1, 2], { requiresGrad: true });
    expect(argmax(t).requiresGrad).toBe(false);
  });

  it('reject empty input and bad axes', () => {
    expect(() => argmax(zeros([2, 0]))).toThrow('argmax: x must be non-empty, got shape [2, 0]');
    expect(() => argmin(zeros([2, 0]), 1)).toThrow(
      'argmin: reduced dimensions must be non-empty, got shape [2, 0] reduced over axes [1]',
    );
    expect(() => argmax(x, 2)).toThrow(
      'argmax: axis must be an integer in [-2, 1] for a tensor of rank 2, got 2',
    );
  });

  it('match the first index of a naive extreme', () => {
    const caseArb = shapeArb({ minRank: 1, maxRank: 4, maxDim: 4 }).chain((shape) =>
      fc.record({
        // Small integers make ties common.
        x: tensorArb(shape, { min: -2, max: 2, dtype: 'int32' }),
        axis: fc.option(fc.integer({ min: -shape.length, max: shape.length - 1 }), {
          nil: undefined,
        }),
      }),
    );
    fc.assert(
      fc.property(caseArb, ({ x, axis }) => {
        const axes = axis === undefined ? x.shape.map((_, i) => i) : [(axis + x.rank) % x.rank];
        const first = (pick: (v: number[]) => number) => (v: number[]) => v.indexOf(pick(v));
        const flat = (t: Tensor) => t.reshape([-1]).to('float64');
        const { values } = groups(x, axes);
        const want = (pick: (v: number[]) => number) =>
          tensor(values.map(first(pick)), { dtype: 'float64' });
        if (axis === undefined) {
          // Flattened: the reference index runs over all elements in row-major order.
          expect(argmax(x).item()).toBe([...x.data].indexOf(Math.max(...x.data)));
          expect(argmin(x).item()).toBe([...x.data].indexOf(Math.min(...x.data)));
        } else {
          expectClose(
            flat(argmax(x, axis)),
            want((v) => Math.max(...v)),
            { atol: 0 },
          );
          expectClose(
            flat(argmin(x, axis)),
            want((v) => Math.min(...v)),
            { atol: 0 },
          );
        }
      }),
    );
  });
});

describe('variance and std', () => {
  const x = tensor([1, 2, 3, 4]);

  it('use Bessel correction by default and accept any correction', () => {
    expect(variance(x).item()).toBeCloseTo(5 / 3, 6);
    expect(variance(x, 0, { correction: 0 }).item()).toBe(1.25);
    expect(variance(x, 0, { correction: 2 }).item()).toBe(2.5);
    expect(std(x, 0, { correction: 0 }).item()).toBeCloseTo(Math.sqrt(1.25), 6);
    expect(
      std(
        tensor([
          [1, 3],
          [2, 2],
        ]),
        1,
        { correction: 0, keepDim: true },
      ).toArray(),
    ).toEqual([[1], [0]]);
    expect(
      variance(
        tensor(
          [
            [1, 3],
            [2, 2],
          ],
          { dtype: 'int32' },
        ),
        [0, 1],
      ).dtype,
    ).toBe('float32');
  });

  it('give NaN or inf when N ≤ correction, and reject a bad correction', () => {
    expect(variance(tensor([5])).item()).toBeNaN();
    expect(variance(tensor([5, 7]), 0, { correction: 2 }).item()).toBe(Infinity);
    expect(variance(zeros([0])).item()).toBeNaN();
    expect(() => variance(x, 0, { correction: -1 })).toThrow(
      'variance: correction must be a non-negative number, got -1',
    );
    expect(() => std(x, 0, { correction: Number.NaN })).toThrow(
      'std: correction must be a non-negative number, got NaN',
    );
  });

  it('match a naive two-pass formula', () => {
    const caseArb = fc.tuple(reductionArb(), fc.constantFrom(0, 1, 2));
    fc.assert(
      fc.property(caseArb, ([{ x, axes, negative, keepDim }, correction]) => {
        const { all, arg } = resolve(x.rank, axes, negative);
        const ref = naive(x, all, keepDim, varianceOf(correction));
        expectClose(variance(x, arg, { keepDim, correction }), ref, { atol: 1e-12, rtol: 1e-9 });
        const root = tensor(Array.from(ref.data, Math.sqrt), {
          shape: [...ref.shape],
          dtype: 'float64',
        });
        expectClose(std(x, arg, { keepDim, correction }), root, { atol: 1e-12, rtol: 1e-9 });
      }),
    );
  });

  // Smooth wherever the variance is positive (distinct values, N ≥ 2); default tolerances.
  it('have correct gradients', () => {
    fc.assert(
      fc.property(
        gradCaseArb,
        fc.constantFrom(0, 1),
        ({ shape, seed, axes, keepDim }, correction) => {
          const x = distinct(shape, seed);
          const n = (axes ?? shape.map((_, i) => i)).reduce((p, a) => p * shape[a], 1);
          if (n <= correction) return; // variance is NaN/inf there: nothing smooth to check
          checkGradients((t) => variance(t, axes, { keepDim, correction }), [x]);
          // One element has variance 0, where std is not differentiable.
          if (n >= 2) checkGradients((t) => std(t, axes, { keepDim, correction }), [x]);
        },
      ),
      { numRuns: 20 },
    );
  });

  it("keeps std's gradient finite for a tiny positive variance", () => {
    const t = tensor([1, 1 + 1e-6, 1], { dtype: 'float64', requiresGrad: true });
    std(t).backward();
    expect(Array.from(t.grad?.data ?? [], Number.isFinite)).toEqual([true, true, true]);
    const f32 = tensor([3, 3.0001], { requiresGrad: true });
    std(f32).backward();
    expectClose(f32.grad as Tensor, [-Math.SQRT1_2, Math.SQRT1_2], { atol: 1e-4 });
  });
});

describe('logsumexp', () => {
  it('is stable for large and -inf inputs', () => {
    expect(logsumexp(tensor([1000, 1000])).item()).toBeCloseTo(1000 + Math.LN2, 3);
    expect(logsumexp(tensor([-1000, -1000], { dtype: 'float64' })).item()).toBeCloseTo(
      -1000 + Math.LN2,
      9,
    );
    expect(logsumexp(tensor([-Infinity, 0])).item()).toBe(0);
    expect(logsumexp(tensor([-Infinity, -Infinity])).item()).toBe(-Infinity);
    expect(logsumexp(tensor([Infinity, 1])).item()).toBe(Infinity);
    expect(logsumexp(tensor([1, Number.NaN])).item()).toBeNaN();
    expect(logsumexp(zeros([0])).item()).toBe(-Infinity);
    expect(
      logsumexp(
        tensor([
          [0, 0],
          [1, 1],
        ]),
        1,
        { keepDim: true },
      ).shape,
    ).toEqual([2, 1]);
    expect(logsumexp(tensor([1, 2], { dtype: 'int32' })).dtype).toBe('float32');
  });

  it('has the softmax as gradient', () => {
    const t = tensor(
      [
        [0, Math.log(3)],
        [1000, 1000],
      ],
      { dtype: 'float64', requiresGrad: true },
    );
    logsumexp(t, 1).sum().backward();
    expectClose(
      t.grad as Tensor,
      [
        [0.25, 0.75],
        [0.5, 0.5],
      ],
      { atol: 1e-12 },
    );
  });

  it('matches log Σ exp on moderate values', () => {
    fc.assert(
      fc.property(reductionArb({ minDim: 0 }), ({ x, axes, negative, keepDim }) => {
        const { all, arg } = resolve(x.rank, axes, negative);
        const ref = naive(x, all, keepDim, (v) => Math.log(total(v.map(Math.exp))));
        expectClose(logsumexp(x, arg, { keepDim }), ref, { atol: 1e-12, rtol: 1e-12 });
      }),
    );
  });

  // Smooth everywhere; default tolerances.
  it('has correct gradients', () => {
    fc.assert(
      fc.property(gradCaseArb, ({ shape, seed, axes, keepDim }) => {
        checkGradients((t) => logsumexp(t, axes, { keepDim }), [distinct(shape, seed)]);
      }),
      { numRuns: 20 },
    );
  });
});
