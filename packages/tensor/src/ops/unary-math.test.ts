import { checkGradients, expectClose, shapeArb, tensorArb } from '@convkit/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noGrad, type Tensor, tensor } from '../index';
import { unaryKernel } from '../internal/unary-kernels';
import { abs, cos, exp, log, relu, sigmoid, sin, sqrt, square, tanh } from './unary-math';

interface UnaryCase {
  name: string;
  op: (x: Tensor) => Tensor;
  /** Naive scalar reference. */
  ref: (v: number) => number;
  /** Its derivative, for the gradient examples. */
  deriv: (v: number) => number;
  /** Values drawn for properties: a domain away from kinks and poles. */
  domain: fc.Arbitrary<number>;
  keepsInt32: boolean;
}

const real = (min: number, max: number) =>
  fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
// |x| in [0.1, 3] with either sign: away from the kinks of relu and abs at 0.
const awayFromZero = fc.tuple(real(0.1, 3), fc.boolean()).map(([v, neg]) => (neg ? -v : v));
const sig = (v: number) => 1 / (1 + Math.exp(-v));

const cases: UnaryCase[] = [
  { name: 'exp', op: exp, ref: Math.exp, deriv: Math.exp, domain: real(-3, 3), keepsInt32: false },
  {
    name: 'log',
    op: log,
    ref: Math.log,
    deriv: (v) => 1 / v,
    domain: real(0.1, 5),
    keepsInt32: false,
  },
  {
    name: 'sqrt',
    op: sqrt,
    ref: Math.sqrt,
    deriv: (v) => 0.5 / Math.sqrt(v),
    domain: real(0.1, 5),
    keepsInt32: false,
  },
  {
    name: 'square',
    op: square,
    ref: (v) => v * v,
    deriv: (v) => 2 * v,
    domain: real(-3, 3),
    keepsInt32: true,
  },
  { name: 'abs', op: abs, ref: Math.abs, deriv: Math.sign, domain: awayFromZero, keepsInt32: true },
  { name: 'sin', op: sin, ref: Math.sin, deriv: Math.cos, domain: real(-4, 4), keepsInt32: false },
  {
    name: 'cos',
    op: cos,
    ref: Math.cos,
    deriv: (v) => -Math.sin(v),
    domain: real(-4, 4),
    keepsInt32: false,
  },
  {
    name: 'tanh',
    op: tanh,
    ref: Math.tanh,
    deriv: (v) => 1 - Math.tanh(v) ** 2,
    domain: real(-3, 3),
    keepsInt32: false,
  },
  {
    name: 'sigmoid',
    op: sigmoid,
    ref: sig,
    deriv: (v) => sig(v) * (1 - sig(v)),
    domain: real(-6, 6),
    keepsInt32: false,
  },
  {
    name: 'relu',
    op: relu,
    ref: (v) => Math.max(v, 0),
    deriv: (v) => (v > 0 ? 1 : 0),
    domain: awayFromZero,
    keepsInt32: true,
  },
];

/** A float64 tensor of `shape` with values from `values`. */
function tensorFrom(shape: number[], values: fc.Arbitrary<number>): fc.Arbitrary<Tensor> {
  const size = shape.reduce((p, d) => p * d, 1);
  return fc
    .array(values, { minLength: size, maxLength: size })
    .map((data) => tensor(data, { shape, dtype: 'float64', requiresGrad: true }));
}

describe.each(cases)('$name', ({ name, op, ref, deriv, domain, keepsInt32 }) => {
  it('matches the scalar function on hand-picked values, float32 and float64', () => {
    const values = [-2, -0.5, 0.25, 1, 3];
    for (const dtype of ['float32', 'float64'] as const) {
      const y = op(tensor(values, { dtype }));
      expect(y.dtype).toBe(dtype);
      expectClose(y, values.map(ref), { atol: dtype === 'float32' ? 1e-6 : 1e-15, rtol: 1e-6 });
    }
  });

  it('keeps shape for scalars, size-1 dims and empty tensors', () => {
    expect(op(tensor(0.5)).shape).toEqual([]);
    expect(op(tensor([[[0.5]]])).shape).toEqual([1, 1, 1]);
    const empty = op(tensor([], { shape: [2, 0, 3] }));
    expect(empty.shape).toEqual([2, 0, 3]);
    expect(empty.size).toBe(0);
  });

  it('propagates NaN', () => {
    expect(Number.isNaN(op(tensor([Number.NaN])).item())).toBe(true);
  });

  it(`int32 input gives ${keepsInt32 ? 'int32' : 'float32'}`, () => {
    const x = tensor([1, 2, 4], { dtype: 'int32' });
    const y = op(x);
    expect(y.dtype).toBe(keepsInt32 ? 'int32' : 'float32');
    expectClose(y, [1, 2, 4].map(ref), { atol: 1e-6, rtol: 1e-6 });
    expect(y.requiresGrad).toBe(false);
  });

  it('does not modify its input', () => {
    const x = tensor([-1, 0.5, 2], { dtype: 'float64' });
    op(x);
    expect(x.toArray()).toEqual([-1, 0.5, 2]);
  });

  it('backward gives dOut times the derivative', () => {
    const values = [-1.5, -0.3, 0.4, 2];
    const inputs = name === 'log' || name === 'sqrt' ? values.map(Math.abs) : values;
    const x = tensor(inputs, { dtype: 'float64', requiresGrad: true });
    const g = tensor([1, -2, 0.5, 3], { dtype: 'float64' });
    op(x).backward(g);
    expectClose(
      x.grad!,
      inputs.map((v, i) => g.data[i] * deriv(v)),
      { atol: 1e-12, rtol: 1e-12 },
    );
  });

  it('rejects a non-tensor with a message naming the op', () => {
    expect(() => op([1, 2] as never)).toThrow(`${name}: x must be a Tensor, got [1, 2]`);
  });

  it('property: same shape as the input and equal to the scalar reference', () => {
    fc.assert(
      fc.property(
        shapeArb({ maxRank: 4 }).chain((shape) => tensorFrom(shape, domain)),
        (x) => {
          const y = noGrad(() => op(x));
          expect(y.shape).toEqual(x.shape);
          expect(y.dtype).toBe('float64');
          expectClose(y, tensor(Array.from(x.data, ref), { shape: x.shape, dtype: 'float64' }), {
            atol: 1e-15,
            rtol: 1e-14,
          });
        },
      ),
    );
  });

  it('property: backward agrees with finite differences (float64, away from kinks)', () => {
    // Central differences with h = 1e-6·max(1, |x|) have error O(h²·f''') ≈ 1e-12 on these
    // domains; atol/rtol 1e-7 leave room for rounding in (f(x+h) − f(x−h)) / 2h (~1e-10).
    fc.assert(
      fc.property(
        shapeArb({ maxRank: 3, maxDim: 4 }).chain((shape) => tensorFrom(shape, domain)),
        (x) => {
          checkGradients(op, [x], { atol: 1e-7, rtol: 1e-7 });
        },
      ),
      { numRuns: 20 },
    );
  });
});

describe('PyTorch conventions at kinks and extremes', () => {
  it('relu has gradient 0 at exactly 0 and passes -0 as 0', () => {
    const x = tensor([-1, 0, 2], { dtype: 'float64', requiresGrad: true });
    relu(x).sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 0, 1]);
    expect(Object.is(relu(tensor([-0])).item(), 0)).toBe(true);
  });

  it('abs has gradient 0 at exactly 0', () => {
    const x = tensor([-1, 0, 2], { dtype: 'float64', requiresGrad: true });
    abs(x).sum().backward();
    expect(Array.from(x.grad!.data, (v) => v + 0)).toEqual([-1, 0, 1]);
  });

  it('sigmoid is finite and exact in the tails', () => {
    const y = sigmoid(tensor([-1000, -745, -40, 0, 40, 745, 1000], { dtype: 'float64' }));
    expect(Array.from(y.data).every((v) => !Number.isNaN(v))).toBe(true);
    expect(y.data[0]).toBe(0);
    expect(y.data[2]).toBeCloseTo(Math.exp(-40), 30);
    expect(y.data[3]).toBe(0.5);
    expect(y.data[6]).toBe(1);
    const f32 = sigmoid(tensor([-1000, 1000]));
    expect(f32.toArray()).toEqual([0, 1]);
  });

  it('sigmoid gradient is finite (0) in the tails', () => {
    const x = tensor([-1000, 1000], { dtype: 'float64', requiresGrad: true });
    sigmoid(x).sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 0]);
  });

  it('tanh saturates without NaN', () => {
    expect(tanh(tensor([-1000, 1000])).toArray()).toEqual([-1, 1]);
  });

  it('log, sqrt and exp at the edges of their domains', () => {
    expect(log(tensor([0])).item()).toBe(Number.NEGATIVE_INFINITY);
    expect(Number.isNaN(log(tensor([-1])).item())).toBe(true);
    expect(Number.isNaN(sqrt(tensor([-1])).item())).toBe(true);
    expect(exp(tensor([1000])).item()).toBe(Number.POSITIVE_INFINITY);
    expect(exp(tensor([-1000])).item()).toBe(0);
  });

  it('sqrt gradient at 0 is infinite, as in PyTorch', () => {
    const x = tensor([0], { dtype: 'float64', requiresGrad: true });
    sqrt(x).sum().backward();
    expect(x.grad!.item()).toBe(Number.POSITIVE_INFINITY);
  });

  it('int32 square wraps around like int32 arithmetic', () => {
    expect(square(tensor([65536, -46341], { dtype: 'int32' })).toArray()).toEqual([
      0,
      Math.imul(46341, 46341),
    ]);
  });

  it('float32 results are rounded to float32', () => {
    const y = exp(tensor([1]));
    expect(y.item()).toBe(Math.fround(Math.E));
  });
});

describe('composition and graph', () => {
  it('chains through several unary ops', () => {
    const x = tensor([0.3, 1.2], { dtype: 'float64', requiresGrad: true });
    checkGradients((t) => sigmoid(tanh(exp(sin(t)))).mul(sqrt(square(t).add(1))), [x]);
  });

  it('the same input used twice accumulates both gradients', () => {
    const x = tensor([0.5, -0.7], { dtype: 'float64', requiresGrad: true });
    checkGradients((t) => cos(t).mul(sin(t)).add(abs(t)), [x]);
  });

  it('records a graph only when the input requires grad', () => {
    const withGrad = tanh(tensor([1], { requiresGrad: true }));
    expect(withGrad.requiresGrad).toBe(true);
    expect(withGrad.gradNode?.op).toBe('tanh');
    expect(tanh(tensor([1])).requiresGrad).toBe(false);
  });

  it('float32 gradients stay float32', () => {
    const x = tensor([0.5, 2], { requiresGrad: true });
    log(x).sum().backward();
    expect(x.grad!.dtype).toBe('float32');
    expectClose(x.grad!, [2, 0.5], { atol: 1e-7 });
  });
});

describe('identities', () => {
  it('exp(log(x)) ≈ x for positive x', () => {
    fc.assert(
      fc.property(
        shapeArb({ maxRank: 3 }).chain((shape) => tensorArb(shape, { min: 0.01, max: 100 })),
        (x) => {
          expectClose(exp(log(x)), x, { atol: 1e-12, rtol: 1e-12 });
        },
      ),
    );
  });

  it('sigmoid(−x) = 1 − sigmoid(x), sqrt(x²) = |x| and relu(x) − relu(−x) = x', () => {
    fc.assert(
      fc.property(
        shapeArb({ maxRank: 3 }).chain((shape) => tensorArb(shape, { min: -50, max: 50 })),
        (x) => {
          expectClose(sigmoid(x.neg()), sigmoid(x).neg().add(1), { atol: 1e-15 });
          // atol covers x² underflowing to 0 for subnormal x.
          expectClose(sqrt(square(x)), abs(x), { atol: 1e-150, rtol: 1e-15 });
          expectClose(relu(x).sub(relu(x.neg())), x, { atol: 0, rtol: 0 });
        },
      ),
    );
  });
});

describe('float32 relu (branch-free over bit patterns)', () => {
  // Every kind of float32: ±0, ±∞, NaNs of both signs (x86 makes negative ones), subnormals.
  const specialBits = [0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0xff800001];
  const float32Arb = fc.oneof(
    fc.constantFrom(...specialBits).map((b) => new Float32Array(new Uint32Array([b]).buffer)[0]),
    fc.float({ noNaN: false }),
  );

  it('matches max(x, 0) with NaN passed through and −0 made +0, and y <= 0 ? 0 : g', () => {
    fc.assert(
      fc.property(fc.array(float32Arb, { minLength: 1, maxLength: 40 }), (values) => {
        const x = tensor(values, { dtype: 'float32' }).requiresGrad_();
        const y = relu(x);
        const g = tensor(
          values.map((_, i) => i - 3.5),
          { dtype: 'float32' },
        );
        y.backward(g);
        values.forEach((v, i) => {
          const want = Math.fround(Math.max(v, 0));
          expect(
            Object.is(y.data[i], want) || (Number.isNaN(want) && Number.isNaN(y.data[i])),
          ).toBe(true);
          const yi = y.data[i];
          expect(x.grad?.data[i]).toBe(yi <= 0 ? 0 : g.data[i]);
        });
      }),
    );
  });

  it('reads and writes through views with a byte offset', () => {
    const big = new Float32Array([5, -1, 2, -0, Number.NaN, -3]);
    const view = big.subarray(1, 5);
    const out = new Float32Array(new ArrayBuffer(24), 4, 4);
    unaryKernel('relu', view, out);
    expect(Array.from(out)).toEqual([0, 2, 0, Number.NaN]);
    expect(Object.is(out[2], 0)).toBe(true);
  });
});
