import { expectClose } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arange,
  eye,
  full,
  linspace,
  ones,
  rand,
  randint,
  randn,
  tensor,
  zeros,
  zerosLike,
} from './creation';
import { createRng, manualSeed } from './random';

describe('tensor()', () => {
  it('infers shape from nesting and copies the data', () => {
    const source = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    const t = tensor(source);
    source[0][0] = 99;
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('takes a typed array with a shape, keeping its dtype', () => {
    const t = tensor(new Int32Array([1, 2, 3, 4]), { shape: [2, 2] });
    expect(t.dtype).toBe('int32');
    expect(t.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('makes scalars and empty tensors', () => {
    expect(tensor(3).shape).toEqual([]);
    expect(tensor(3).item()).toBe(3);
    expect(tensor([]).shape).toEqual([0]);
  });

  it('rejects ragged arrays, naming where', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(
      'tensor: ragged nested array: expected 2 elements at [1], got 1',
    );
  });

  it('rejects a shape that does not match the data', () => {
    expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow(
      'tensor: data has 3 elements but shape [2, 2] needs 4',
    );
  });

  it('rejects NaN when asked to validate', () => {
    expect(() => tensor([1, Number.NaN], { validate: true })).toThrow(
      'tensor: data must be finite (validate: true), got NaN at flat index 1',
    );
    expect(() =>
      tensor(
        [
          [1, 2],
          [3, Number.POSITIVE_INFINITY],
        ],
        { validate: true },
      ),
    ).toThrow(
      'tensor: data must be finite (validate: true), got Infinity at index [1, 1] (flat 3)',
    );
    expect(() =>
      tensor(new Float64Array([0, Number.NaN]), { validate: true, requiresGrad: true }),
    ).toThrow('got NaN at flat index 1');
    expect(Number.isNaN(tensor([1, Number.NaN]).data[1])).toBe(true);
  });

  it('rejects an unknown dtype', () => {
    expect(() => tensor([1], { dtype: 'float16' as never })).toThrow(
      "tensor: dtype must be one of 'float32', 'float64', 'int32', got float16",
    );
  });

  it('round-trips nested arrays of any shape (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 4 }), (shape) => {
        const size = shape.reduce((p, d) => p * d, 1);
        const flat = Array.from({ length: size }, (_, i) => i);
        const t = tensor(flat, { shape });
        expect(tensor(t.toArray()).data).toEqual(t.data);
      }),
    );
  });
});

describe('filled and ranged tensors', () => {
  it('zeros, ones, full, zerosLike', () => {
    expect(zeros([2]).toArray()).toEqual([0, 0]);
    expect(ones([1, 2], { dtype: 'float64' }).dtype).toBe('float64');
    expect(full([2], 7).toArray()).toEqual([7, 7]);
    expect(zerosLike(tensor([[1, 2]], { dtype: 'int32' })).dtype).toBe('int32');
    expect(() => zeros([2, -1])).toThrow(
      'zeros: shape must be an array of non-negative integers, got [2, -1]',
    );
  });

  it('errors name the function that was called, the argument and what was given', () => {
    expect(() => ones(3 as never)).toThrow(
      'ones: shape must be an array of non-negative integers, got 3',
    );
    expect(() => full([2], 'a' as never)).toThrow("full: value must be a number, got 'a'");
    expect(() => zerosLike([1, 2] as never)).toThrow(
      'zerosLike: like must be a Tensor, got [1, 2]',
    );
    expect(() => eye(-1)).toThrow('eye: n must be a non-negative integer, got -1');
    expect(() => eye(2, 1.5)).toThrow('eye: m must be a non-negative integer, got 1.5');
    expect(() => linspace(Number.NaN, 1, 3)).toThrow(
      'linspace: start and end must be finite numbers, got NaN and 1',
    );
    expect(() => arange(3, undefined, 1, { dtype: 'int8' as never })).toThrow(
      "arange: dtype must be one of 'float32', 'float64', 'int32', got int8",
    );
    expect(() => linspace(0, 1, 2, { dtype: 'x' as never })).toThrow('linspace: dtype must be');
    expect(() => randint(0, 2, [2], { dtype: 'x' as never })).toThrow('randint: dtype must be');
    expect(() => rand([2], { dtype: 'x' as never })).toThrow('rand: dtype must be one of');
  });

  it('reject options that are not an object, e.g. a bare dtype', () => {
    expect(() => zeros([2], 'float64' as never)).toThrow(
      "zeros: options must be an object such as { dtype, requiresGrad }, got 'float64' (for a dtype write { dtype: 'float64' })",
    );
    expect(() => tensor([1], 'int32' as never)).toThrow('tensor: options must be an object');
    expect(() => randn([2], null as never)).toThrow('randn: options must be an object');
    expect(() => arange(3, undefined, 1, true as never)).toThrow(
      'arange: options must be an object',
    );
    expect(zeros([1], undefined).dtype).toBe('float32');
  });

  it('arange and linspace', () => {
    expect(arange(4).toArray()).toEqual([0, 1, 2, 3]);
    expect(arange(0, 1, 0.25).toArray()).toEqual([0, 0.25, 0.5, 0.75]);
    expect(arange(3, 0, -1).toArray()).toEqual([3, 2, 1]);
    expect(() => arange(0, 1, 0)).toThrow(
      'arange: start, end and step must be finite with step ≠ 0',
    );
    expectClose(linspace(0, 1, 5, { dtype: 'float64' }), [0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(2, 3, 1).toArray()).toEqual([2]);
  });

  it('eye', () => {
    expect(eye(2, 3).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
  });
});

describe('random tensors', () => {
  it('same seed, same bits; float32 rounds the same float64 draws', () => {
    const a = randn([100], { rng: createRng(5), dtype: 'float64' });
    const b = randn([100], { rng: createRng(5), dtype: 'float64' });
    const c = randn([100], { rng: createRng(5), dtype: 'float32' });
    expect(a.data).toEqual(b.data);
    expect(c.data).toEqual(Float32Array.from(a.data));
  });

  it('manualSeed resets the default generator', () => {
    manualSeed(11);
    const a = rand([5]);
    manualSeed(11);
    expect(rand([5]).data).toEqual(a.data);
  });

  it('rand is in [0, 1) with mean ≈ 1/2; randn has mean ≈ 0 and std ≈ 1', () => {
    const n = 20_000;
    const u = rand([n], { rng: createRng(1), dtype: 'float64' });
    const z = randn([n], { rng: createRng(2), dtype: 'float64' });
    expect(Math.min(...u.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u.data)).toBeLessThan(1);
    // 5 standard errors: std(U) = 0.2887, std(mean) = 0.2887/√n ≈ 0.002.
    expect(Math.abs(u.mean().item() - 0.5)).toBeLessThan((5 * 0.2887) / Math.sqrt(n));
    expect(Math.abs(z.mean().item())).toBeLessThan(5 / Math.sqrt(n));
    // std of the sample variance of a normal ≈ √(2/n).
    const variance = Array.from(z.data).reduce((s, v) => s + v * v, 0) / n;
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
  });

  it('randint covers [low, high) and only that', () => {
    const t = randint(-2, 3, [2000], { rng: createRng(9) });
    expect(t.dtype).toBe('int32');
    expect(new Set(t.data)).toEqual(new Set([-2, -1, 0, 1, 2]));
    expect(() => randint(3, 3, [1])).toThrow(
      'randint: need integers low < high, got low=3, high=3',
    );
  });

  it('rejects int32 for float sampling', () => {
    expect(() => randn([2], { dtype: 'int32' })).toThrow(
      'randn: dtype must be float32 or float64, got int32',
    );
  });
});
