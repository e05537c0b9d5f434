import { checkGradients, expectClose, shapeArb, tensorArb } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arange, ones, tensor, zeros } from '../creation';
import type { NestedArray, Tensor } from '../tensor';
import { mul } from './arithmetic';
import { concat, stack } from './concat';
import { narrow } from './slice';

/** Concatenates nested arrays along `axis`. */
function naiveConcat(parts: NestedArray[], axis: number): NestedArray {
  const lists = parts as NestedArray[][];
  if (axis === 0) return lists.flat(1);
  return lists[0].map((_, i) =>
    naiveConcat(
      lists.map((p) => p[i]),
      axis - 1,
    ),
  );
}

/** Wraps each element at depth `axis` in a one-element array (unsqueeze). */
function wrapAt(nested: NestedArray, axis: number): NestedArray {
  return axis === 0 ? [nested] : (nested as NestedArray[]).map((n) => wrapAt(n, axis - 1));
}

const concatCaseArb = shapeArb({ minRank: 1, maxRank: 4, minDim: 0, maxDim: 4 }).chain((shape) =>
  fc.integer({ min: -shape.length, max: shape.length - 1 }).chain((axis) => {
    const a = axis < 0 ? axis + shape.length : axis;
    const piece = fc
      .integer({ min: 0, max: 4 })
      .chain((n) => tensorArb(shape.map((d, i) => (i === a ? n : d))));
    return fc.record({
      tensors: fc.array(piece, { minLength: 1, maxLength: 4 }),
      axis: fc.constant(axis),
    });
  }),
);

const stackCaseArb = shapeArb({ minRank: 0, maxRank: 3, minDim: 0, maxDim: 4 }).chain((shape) =>
  fc.record({
    tensors: fc.array(tensorArb(shape), { minLength: 1, maxLength: 4 }),
    axis: fc.integer({ min: -shape.length - 1, max: shape.length }),
  }),
);

describe('concat: examples', () => {
  const a = tensor([[1, 2]]);
  const b = tensor([
    [3, 4],
    [5, 6],
  ]);

  it('joins along the first axis by default', () => {
    expect(concat([a, b]).toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
  });

  it('joins along an inner or negative axis', () => {
    const c = tensor([[7], [8]]);
    expect(concat([b, c], 1).toArray()).toEqual([
      [3, 4, 7],
      [5, 6, 8],
    ]);
    expect(concat([c, b, c], -1).toArray()).toEqual([
      [7, 3, 4, 7],
      [8, 5, 6, 8],
    ]);
  });

  it('accepts empty pieces and returns a lone tensor unchanged', () => {
    expect(concat([zeros([2, 0]), b, zeros([2, 0])], 1).toArray()).toEqual(b.toArray());
    expect(concat([zeros([0, 2]), zeros([0, 2])]).shape).toEqual([0, 2]);
    expect(concat([b])).toBe(b);
  });

  it('promotes int32 to the float dtype of the others', () => {
    const i = tensor([1, 2], { dtype: 'int32' });
    const y = concat([i, tensor([0.5], { dtype: 'float64' }), i]);
    expect(y.dtype).toBe('float64');
    expect(y.toArray()).toEqual([1, 2, 0.5, 1, 2]);
    expect(concat([i, i]).dtype).toBe('int32');
  });

  it('copies long rows correctly', () => {
    const x = arange(0, 2 * 70).reshape([2, 70]);
    const y = arange(100, 100 + 2 * 80).reshape([2, 80]);
    expect(concat([x, y], 1).toArray()).toEqual(naiveConcat([x.toArray(), y.toArray()], 1));
  });

  it('explains bad arguments', () => {
    expect(() => concat([])).toThrow(
      'concat: tensors must be a non-empty array of Tensors, got []',
    );
    expect(() => concat(a as never)).toThrow(
      'concat: tensors must be a non-empty array of Tensors, got tensor of shape [1, 2]',
    );
    expect(() => concat([a, 3 as never])).toThrow('concat: tensors[1] must be a Tensor, got 3');
    expect(() => concat([a, b], 1)).toThrow(
      'concat: tensors[1] must have shape [1, *] to match tensors[0] [1, 2] except along axis 1, got [2, 2]',
    );
    expect(() => concat([b, b, zeros([2, 2, 1])])).toThrow(
      'concat: tensors[2] must have shape [*, 2] to match tensors[0] [2, 2] except along axis 0, got [2, 2, 1]',
    );
    expect(() => concat([a, tensor([[1, 2]], { dtype: 'float64' })])).toThrow(
      "concat: tensors[1] must have dtype float32 like tensors[0], got float64; cast one with .to('float32') or .to('float64')",
    );
    expect(() => concat([tensor(1), tensor(2)])).toThrow(
      'concat: tensors[0] must have at least one dimension, got shape []; use stack for scalars',
    );
    expect(() => concat([a, a], 2)).toThrow(
      'concat: axis must be an integer in [-2, 1] for a tensor of rank 2, got 2',
    );
  });
});

describe('stack: examples', () => {
  const a = tensor([1, 2]);
  const b = tensor([3, 4]);

  it('adds a new axis at the front by default', () => {
    expect(stack([a, b]).toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('adds the new axis anywhere, negative counting from the end', () => {
    expect(stack([a, b], 1).toArray()).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(stack([a, b], -1).toArray()).toEqual(stack([a, b], 1).toArray());
    expect(stack([a], 0).shape).toEqual([1, 2]);
  });

  it('stacks scalars into a vector and promotes int32', () => {
    const y = stack([tensor(1, { dtype: 'int32' }), tensor(2.5)]);
    expect(y.shape).toEqual([2]);
    expect(y.dtype).toBe('float32');
    expect(y.toArray()).toEqual([1, 2.5]);
  });

  it('explains bad arguments', () => {
    expect(() => stack([])).toThrow('stack: tensors must be a non-empty array of Tensors, got []');
    expect(() => stack([a, tensor([1, 2, 3])])).toThrow(
      'stack: tensors[1] must have shape [2] like tensors[0], got [3]',
    );
    expect(() => stack([a, a], 2)).toThrow(
      'stack: axis must be an integer in [-2, 1] for a tensor of rank 2, got 2',
    );
    expect(() => stack([a, tensor([1, 2], { dtype: 'float64' })])).toThrow(
      'stack: tensors[1] must have dtype float32 like tensors[0], got float64',
    );
  });
});

describe('concat and stack: properties', () => {
  it('concat matches joining nested arrays along the axis', () => {
    fc.assert(
      fc.property(concatCaseArb, ({ tensors, axis }) => {
        const a = axis < 0 ? axis + tensors[0].rank : axis;
        const y = concat(tensors, axis);
        const total = tensors.reduce((s, t) => s + t.shape[a], 0);
        expect(y.shape).toEqual(tensors[0].shape.map((d, i) => (i === a ? total : d)));
        expect(y.toArray()).toEqual(
          naiveConcat(
            tensors.map((t) => t.toArray()),
            a,
          ),
        );
      }),
    );
  });

  it('narrow takes each piece back out of a concat', () => {
    fc.assert(
      fc.property(concatCaseArb, ({ tensors, axis }) => {
        const y = concat(tensors, axis);
        let start = 0;
        for (const t of tensors) {
          const length = t.shape[axis < 0 ? axis + t.rank : axis];
          expect(narrow(y, axis, start, length).toArray()).toEqual(t.toArray());
          start += length;
        }
      }),
    );
  });

  it('stack matches concatenating the inputs with a new size-1 axis', () => {
    fc.assert(
      fc.property(stackCaseArb, ({ tensors, axis }) => {
        const a = axis < 0 ? axis + tensors[0].rank + 1 : axis;
        const y = stack(tensors, axis);
        expect(y.shape).toEqual([
          ...tensors[0].shape.slice(0, a),
          tensors.length,
          ...tensors[0].shape.slice(a),
        ]);
        expect(y.toArray()).toEqual(
          naiveConcat(
            tensors.map((t) => wrapAt(t.toArray(), a)),
            a,
          ),
        );
      }),
    );
  });
});

describe('concat and stack: gradients', () => {
  it('splits the output gradient back into the pieces', () => {
    const x = tensor([[1, 2]], { dtype: 'float64', requiresGrad: true });
    const y = tensor([[3, 4]], { dtype: 'float64', requiresGrad: true });
    const w = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { dtype: 'float64' },
    );
    mul(concat([x, y]), w)
      .sum()
      .backward();
    expectClose(x.grad!, [[1, 2]]);
    expectClose(y.grad!, [[3, 4]]);
  });

  it('accumulates when the same tensor appears several times', () => {
    const x = ones([2], { dtype: 'float64', requiresGrad: true });
    mul(stack([x, x, x], 1), tensor([1, 2, 3], { dtype: 'float64' }))
      .sum()
      .backward();
    expectClose(x.grad!, [6, 6]);
  });

  it('leaves inputs that do not require grad alone', () => {
    const x = ones([2], { dtype: 'float64', requiresGrad: true });
    const c = zeros([3], { dtype: 'float64' });
    concat([c, x]).sum().backward();
    expectClose(x.grad!, [1, 1]);
    expect(c.grad).toBeNull();
  });

  // Both ops copy values (linear, 0/1 entries): finite differences are exact up to rounding,
  // so the default tolerances (atol 1e-6, rtol 1e-4) have a wide margin.
  it('concat matches finite differences in float64 for every input', () => {
    fc.assert(
      fc.property(concatCaseArb, ({ tensors, axis }) => {
        for (const t of tensors) t.requiresGrad = true;
        checkGradients((...ts: Tensor[]) => concat(ts, axis), tensors);
      }),
      { numRuns: 15 },
    );
  });

  it('stack matches finite differences in float64 for every input', () => {
    fc.assert(
      fc.property(stackCaseArb, ({ tensors, axis }) => {
        for (const t of tensors) t.requiresGrad = true;
        checkGradients((...ts: Tensor[]) => stack(ts, axis), tensors);
      }),
      { numRuns: 15 },
    );
  });
});
