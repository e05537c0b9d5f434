import {
  broadcastableShapesArb,
  checkGradients,
  expectClose,
  shapeArb,
  tensorArb,
} from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type NestedArray, type Tensor, tensor } from '../index';
import { clamp, eq, ge, gt, le, lt, maximum, minimum, ne, where } from './compare';

/** Naive broadcasting: each output element found by index arithmetic from its coordinates. */
function broadcastRef(
  inputs: Tensor[],
  f: (...v: number[]) => number,
): { shape: number[]; values: number[] } {
  const rank = Math.max(...inputs.map((t) => t.rank));
  const shape = Array.from({ length: rank }, (_, d) =>
    Math.max(...inputs.map((t) => t.shape[d - rank + t.rank] ?? 1)),
  );
  const size = shape.reduce((p, d) => p * d, 1);
  const values: number[] = [];
  for (let flat = 0; flat < size; flat++) {
    const coords: number[] = [];
    let rest = flat;
    for (let d = rank - 1; d >= 0; d--) {
      coords[d] = rest % shape[d];
      rest = Math.floor(rest / shape[d]);
    }
    const picked = inputs.map((t) => {
      let index = 0;
      for (let d = 0; d < t.rank; d++) {
        const size = t.shape[d];
        index = index * size + (size === 1 ? 0 : coords[d + rank - t.rank]);
      }
      return t.data[index];
    });
    values.push(f(...picked));
  }
  return { shape, values };
}

const f64 = (data: NestedArray, requiresGrad = false) =>
  tensor(data, { dtype: 'float64', requiresGrad });
// Small integers make ties and equalities frequent, so every branch of a comparison is hit.
const smallInts = (shape: number[]) =>
  tensorArb(shape, { min: -2, max: 2, dtype: 'int32' }).map((t) => t.to('float64'));

describe('comparisons', () => {
  const table = [
    { name: 'eq', op: eq, ref: (a: number, b: number) => a === b },
    { name: 'ne', op: ne, ref: (a: number, b: number) => a !== b },
    { name: 'lt', op: lt, ref: (a: number, b: number) => a < b },
    { name: 'le', op: le, ref: (a: number, b: number) => a <= b },
    { name: 'gt', op: gt, ref: (a: number, b: number) => a > b },
    { name: 'ge', op: ge, ref: (a: number, b: number) => a >= b },
  ];

  it('give int32 0/1 on a hand-checked example with broadcasting', () => {
    const a = tensor([[1], [2], [3]]);
    const b = tensor([1, 2, 3]);
    expect(eq(a, b).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(ne(a, b).toArray()).toEqual([
      [0, 1, 1],
      [1, 0, 1],
      [1, 1, 0],
    ]);
    expect(lt(a, b).toArray()).toEqual([
      [0, 1, 1],
      [0, 0, 1],
      [0, 0, 0],
    ]);
    expect(le(a, b).toArray()).toEqual([
      [1, 1, 1],
      [0, 1, 1],
      [0, 0, 1],
    ]);
    expect(gt(a, b).toArray()).toEqual([
      [0, 0, 0],
      [1, 0, 0],
      [1, 1, 0],
    ]);
    expect(ge(a, b).toArray()).toEqual([
      [1, 0, 0],
      [1, 1, 0],
      [1, 1, 1],
    ]);
    expect(eq(a, b).dtype).toBe('int32');
  });

  it('take numbers on either side', () => {
    expect(gt(tensor([1, 2, 3]), 2).toArray()).toEqual([0, 0, 1]);
    expect(gt(2, tensor([1, 2, 3])).toArray()).toEqual([1, 0, 0]);
    expect(lt(tensor([0, 1], { dtype: 'int32' }), 0.5).toArray()).toEqual([1, 0]);
  });

  it('treat NaN as unequal to everything, itself included', () => {
    const x = tensor([Number.NaN, 1]);
    expect(eq(x, x).toArray()).toEqual([0, 1]);
    expect(ne(x, x).toArray()).toEqual([1, 0]);
    expect(lt(x, 2).toArray()).toEqual([0, 1]);
    expect(ge(x, 0).toArray()).toEqual([0, 1]);
  });

  it('are never differentiable', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    for (const { op } of table) {
      const y = op(x, 1.5);
      expect(y.requiresGrad).toBe(false);
      expect(y.gradNode).toBeNull();
    }
  });

  it('handle empty and scalar operands', () => {
    expect(eq(tensor([], { shape: [0, 3] }), tensor([1, 2, 3])).shape).toEqual([0, 3]);
    expect(lt(tensor(1), tensor(2)).toArray()).toBe(1);
  });

  it('report bad operands', () => {
    expect(() => eq(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(
      'eq: shapes [2] and [3] cannot be broadcast together (dimension -1 is 2 vs 3)',
    );
    expect(() => lt(1 as never, 2 as never)).toThrow(
      'lt: at least one operand must be a Tensor, got 1 and 2',
    );
    expect(() => ge(tensor([1]), tensor([1], { dtype: 'float64' }))).toThrow(
      "ge: cannot mix dtypes float32 and float64; cast one with .to('float32') or .to('float64')",
    );
    expect(() => gt(tensor([1]), 'x' as never)).toThrow(
      "gt: b must be a Tensor or a number, got 'x'",
    );
  });

  it.each(table)('property: $name matches a naive broadcasting reference', ({ op, ref }) => {
    fc.assert(
      fc.property(
        broadcastableShapesArb().chain(([sa, sb]) => fc.tuple(smallInts(sa), smallInts(sb))),
        ([a, b]) => {
          const expected = broadcastRef([a, b], (x, y) => (ref(x, y) ? 1 : 0));
          const y = op(a, b);
          expect(y.dtype).toBe('int32');
          expect(y.shape).toEqual(expected.shape);
          expect(Array.from(y.data)).toEqual(expected.values);
        },
      ),
    );
  });
});

describe('maximum and minimum', () => {
  it('pick the larger / smaller element with broadcasting', () => {
    expect(maximum(tensor([[1, 5]]), tensor([[3], [4]])).toArray()).toEqual([
      [3, 5],
      [4, 5],
    ]);
    expect(minimum(tensor([[1, 5]]), tensor([[3], [4]])).toArray()).toEqual([
      [1, 3],
      [1, 4],
    ]);
    expect(maximum(tensor([1, 5, 3]), 2).toArray()).toEqual([2, 5, 3]);
    expect(minimum(2, tensor([1, 5, 3])).toArray()).toEqual([1, 2, 2]);
  });

  it('propagate NaN from either side', () => {
    const y = maximum(tensor([Number.NaN, 1]), tensor([0, Number.NaN]));
    expect(Array.from(y.data, Number.isNaN)).toEqual([true, true]);
    const z = minimum(tensor([Number.NaN, 1]), tensor([0, Number.NaN]));
    expect(Array.from(z.data, Number.isNaN)).toEqual([true, true]);
  });

  it('keep int32 and promote int32 with a float', () => {
    const i = tensor([1, 4], { dtype: 'int32' });
    expect(maximum(i, tensor([2, 3], { dtype: 'int32' })).dtype).toBe('int32');
    const mixed = maximum(i, tensor([2.5, 3.5], { dtype: 'float64' }));
    expect(mixed.dtype).toBe('float64');
    expect(mixed.toArray()).toEqual([2.5, 4]);
  });

  it('send the gradient to the winner and split ties half and half', () => {
    const a = f64([1, 5, 3], true);
    const b = f64([4, 2, 3], true);
    maximum(a, b).backward(f64([10, 20, 30]));
    expect(a.grad!.toArray()).toEqual([0, 20, 15]);
    expect(b.grad!.toArray()).toEqual([10, 0, 15]);
    a.zeroGrad();
    b.zeroGrad();
    minimum(a, b).backward(f64([10, 20, 30]));
    expect(a.grad!.toArray()).toEqual([10, 0, 15]);
    expect(b.grad!.toArray()).toEqual([0, 20, 15]);
  });

  it('reduce the gradient of a broadcast operand (relu-like clamp by a scalar tensor)', () => {
    const x = f64(
      [
        [-1, 2],
        [3, 0],
      ],
      true,
    );
    const floor = f64([0], true);
    maximum(x, floor).sum().backward();
    expect(x.grad!.toArray()).toEqual([
      [0, 1],
      [1, 0.5],
    ]);
    // Three losses to x (one of them a tie worth 1/2): 1 + 0.5.
    expect(floor.grad!.toArray()).toEqual([1.5]);
  });

  it('give both sides the full gradient where one is NaN (as PyTorch)', () => {
    const a = f64([Number.NaN], true);
    const b = f64([1], true);
    maximum(a, b).sum().backward();
    expect(a.grad!.item()).toBe(1);
    expect(b.grad!.item()).toBe(1);
  });

  it('property: match a naive reference, ties included', () => {
    fc.assert(
      fc.property(
        broadcastableShapesArb().chain(([sa, sb]) => fc.tuple(smallInts(sa), smallInts(sb))),
        ([a, b]) => {
          const max = broadcastRef([a, b], Math.max);
          const min = broadcastRef([a, b], Math.min);
          expectClose(maximum(a, b), tensor(max.values, { shape: max.shape, dtype: 'float64' }), {
            atol: 0,
          });
          expectClose(minimum(a, b), tensor(min.values, { shape: min.shape, dtype: 'float64' }), {
            atol: 0,
          });
        },
      ),
    );
  });

  it('property: gradients match finite differences away from ties (float64)', () => {
    // Ties are kinks; pairs closer than 1e-3 are skipped so the ±h probes (h ≈ 1e-6) never
    // cross one. Max/min are piecewise linear, so tolerances are at rounding level.
    fc.assert(
      fc.property(
        broadcastableShapesArb({ maxRank: 3, maxDim: 3 }).chain(([sa, sb]) =>
          fc.tuple(tensorArb(sa, { requiresGrad: true }), tensorArb(sb, { requiresGrad: true })),
        ),
        ([a, b]) => {
          const gap = broadcastRef([a, b], (x, y) => Math.abs(x - y));
          fc.pre(gap.values.every((v) => v > 1e-3));
          checkGradients(maximum, [a, b], { atol: 1e-8, rtol: 1e-8 });
          checkGradients(minimum, [a, b], { atol: 1e-8, rtol: 1e-8 });
        },
      ),
      { numRuns: 25 },
    );
  });

  it('report mismatched operands', () => {
    expect(() => maximum(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(
      'maximum: shapes [2] and [3] cannot be broadcast',
    );
    expect(() => minimum(tensor([1]), tensor([1], { dtype: 'float64' }))).toThrow(
      'minimum: cannot mix dtypes',
    );
  });
});

describe('where', () => {
  it('picks from a where the condition is nonzero, broadcasting all three', () => {
    const condition = tensor([[1], [0]], { dtype: 'int32' });
    const y = where(condition, tensor([1, 2, 3]), tensor([[10], [20]]));
    expect(y.toArray()).toEqual([
      [1, 2, 3],
      [20, 20, 20],
    ]);
  });

  it('broadcasts the condition up to a larger shape than a and b', () => {
    const condition = tensor(
      [
        [1, 0],
        [0, 1],
      ],
      { dtype: 'int32' },
    );
    expect(where(condition, tensor(5), tensor([7])).toArray()).toEqual([
      [5, 7],
      [7, 5],
    ]);
  });

  it('treats any nonzero value of any dtype as true, NaN included', () => {
    const condition = tensor([0, -0.5, Number.NaN, 2], { dtype: 'float64' });
    expect(where(condition, 1, 0).toArray()).toEqual([0, 1, 1, 1]);
  });

  it('accepts numbers for a and b and picks the dtype', () => {
    const condition = tensor([1, 0], { dtype: 'int32' });
    expect(where(condition, 1, 2).dtype).toBe('int32');
    expect(where(condition, 1.5, 2).dtype).toBe('float32');
    expect(where(condition, 1.5, 2).toArray()).toEqual([1.5, 2]);
    expect(where(condition, f64([3, 4]), 0).dtype).toBe('float64');
    expect(where(condition, 0.5, tensor([3, 4], { dtype: 'int32' })).toArray()).toEqual([0.5, 4]);
  });

  it('routes the gradient to a where true and to b where false', () => {
    const condition = tensor([1, 0, 1], { dtype: 'int32' });
    const a = f64([1, 2, 3], true);
    const b = f64([4], true);
    where(condition, a, b).backward(f64([10, 20, 30]));
    expect(a.grad!.toArray()).toEqual([10, 0, 30]);
    expect(b.grad!.toArray()).toEqual([20]);
  });

  it('never sends a gradient to the condition', () => {
    const condition = f64([1, 0], true);
    const a = f64([1, 2], true);
    where(condition, a, 0).sum().backward();
    expect(condition.grad).toBeNull();
    expect(a.grad!.toArray()).toEqual([1, 0]);
  });

  it('handles empty tensors', () => {
    expect(where(tensor([], { dtype: 'int32' }), tensor([]), 1).shape).toEqual([0]);
  });

  it('reports bad arguments', () => {
    expect(() => where([1] as never, 1, 2)).toThrow('where: condition must be a Tensor, got [1]');
    expect(() => where(tensor([1, 0]), tensor([1, 2, 3]), 0)).toThrow(
      'where: shapes [2] and [3] cannot be broadcast together',
    );
    expect(() => where(tensor([1]), tensor([1]), f64([2]))).toThrow(
      'where: cannot mix dtypes float32 and float64',
    );
    expect(() => where(tensor([1]), 'a' as never, 1)).toThrow(
      "where: a must be a Tensor or a number, got 'a'",
    );
  });

  it('property: matches a naive three-way broadcasting reference', () => {
    const threeShapes = shapeArb({ maxRank: 3, maxDim: 3 }).chain((base) => {
      const side = fc
        .array(fc.boolean(), { minLength: base.length, maxLength: base.length })
        .map((ones) => base.map((d, i) => (ones[i] ? 1 : d)));
      return fc.tuple(side, side, side);
    });
    fc.assert(
      fc.property(
        threeShapes.chain(([sc, sa, sb]) =>
          fc.tuple(
            tensorArb(sc, { min: -1, max: 1, dtype: 'int32' }),
            tensorArb(sa),
            tensorArb(sb),
          ),
        ),
        ([c, a, b]) => {
          const expected = broadcastRef([c, a, b], (p, x, y) => (p !== 0 ? x : y));
          expectClose(
            where(c, a, b),
            tensor(expected.values, { shape: expected.shape, dtype: 'float64' }),
            {
              atol: 0,
            },
          );
        },
      ),
    );
  });

  it('property: gradients match finite differences (float64)', () => {
    // where is linear in a and b for a fixed condition: rounding-level tolerances.
    fc.assert(
      fc.property(
        broadcastableShapesArb({ maxRank: 3, maxDim: 3 }).chain(([sa, sb]) =>
          fc.tuple(
            tensorArb(sa, { min: 0, max: 1, dtype: 'int32' }),
            tensorArb(sa, { requiresGrad: true }),
            tensorArb(sb, { requiresGrad: true }),
          ),
        ),
        ([c, a, b]) => {
          checkGradients((x, y) => where(c, x, y), [a, b], { atol: 1e-8, rtol: 1e-8 });
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('clamp', () => {
  it('limits to [min, max], one-sided bounds and min == max', () => {
    expect(clamp(tensor([-2, 0.5, 3]), 0, 1).toArray()).toEqual([0, 0.5, 1]);
    expect(clamp(tensor([-2, 0.5, 3]), 0).toArray()).toEqual([0, 0.5, 3]);
    expect(clamp(tensor([-2, 0.5, 3]), undefined, 1).toArray()).toEqual([-2, 0.5, 1]);
    expect(clamp(tensor([-2, 0.5, 3]), 1, 1).toArray()).toEqual([1, 1, 1]);
  });

  it('keeps NaN, shape and dtype', () => {
    const y = clamp(tensor([[Number.NaN, 5]], { dtype: 'float64' }), 0, 1);
    expect(y.dtype).toBe('float64');
    expect(y.shape).toEqual([1, 2]);
    expect(Number.isNaN(y.data[0])).toBe(true);
    expect(clamp(tensor([], { shape: [0, 2] }), 0, 1).shape).toEqual([0, 2]);
  });

  it('keeps int32 for integer bounds and gives float32 for fractional ones', () => {
    const x = tensor([-3, 0, 3], { dtype: 'int32' });
    expect(clamp(x, -1, 2).dtype).toBe('int32');
    expect(clamp(x, -1, 2).toArray()).toEqual([-1, 0, 2]);
    expect(clamp(x, -0.5).dtype).toBe('float32');
    expect(clamp(x, -0.5).toArray()).toEqual([-0.5, 0, 3]);
  });

  it('passes the gradient inside the bounds, bounds included (PyTorch)', () => {
    const x = f64([-2, 0, 0.5, 1, 3], true);
    clamp(x, 0, 1).backward(f64([1, 2, 3, 4, 5]));
    expect(x.grad!.toArray()).toEqual([0, 2, 3, 4, 0]);
    const z = f64([Number.NaN, 2], true);
    clamp(z, 0).sum().backward();
    expect(z.grad!.toArray()).toEqual([0, 1]);
  });

  it('reports bad bounds', () => {
    expect(() => clamp(tensor([1]))).toThrow('clamp: min or max must be given, got neither');
    expect(() => clamp(tensor([1]), 2, 1)).toThrow(
      'clamp: min must be <= max, got min 2 and max 1',
    );
    expect(() => clamp(tensor([1]), Number.NaN)).toThrow(
      'clamp: min must be a number or undefined, got NaN',
    );
    expect(() => clamp(tensor([1]), 0, '1' as never)).toThrow(
      "clamp: max must be a number or undefined, got '1'",
    );
    expect(() => clamp(1 as never, 0)).toThrow('clamp: x must be a Tensor, got 1');
  });

  it('property: equals min(max(x, lo), hi) and never leaves the bounds', () => {
    fc.assert(
      fc.property(
        shapeArb().chain((shape) => tensorArb(shape, { min: -5, max: 5 })),
        fc.double({ min: -3, max: 0, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        (x, lo, hi) => {
          const y = clamp(x, lo, hi);
          expect(y.shape).toEqual(x.shape);
          expectClose(
            y,
            tensor(
              Array.from(x.data, (v) => Math.min(Math.max(v, lo), hi)),
              { shape: x.shape, dtype: 'float64' },
            ),
            {
              atol: 0,
            },
          );
          expect(Array.from(y.data).every((v) => v >= lo && v <= hi)).toBe(true);
        },
      ),
    );
  });

  it('property: gradient matches finite differences away from the bounds (float64)', () => {
    // Values are kept 1e-3 from both bounds so the ±h probes stay on one linear piece.
    fc.assert(
      fc.property(
        shapeArb({ maxRank: 3, maxDim: 4 }).chain((shape) =>
          tensorArb(shape, { min: -2, max: 2, requiresGrad: true }),
        ),
        (x) => {
          fc.pre(
            Array.from(x.data).every((v) => Math.abs(v + 1) > 1e-3 && Math.abs(v - 0.5) > 1e-3),
          );
          checkGradients((t) => clamp(t, -1, 0.5), [x], { atol: 1e-8, rtol: 1e-8 });
        },
      ),
      { numRuns: 25 },
    );
  });
});
