// TensorFlow.js (CPU backend, float32) as an independent oracle for the tensor ops it also
// has: forward values and the gradients of every input, on fast-check generated shapes.
// Both sides run in float32, so agreement is to single-precision tolerance.
import { expectClose } from '@convkit/testing';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { afterEach, beforeAll, beforeEach, describe, it } from 'vitest';
import { randn, tensor } from './creation';
import { add, div, mul, pow, sub } from './ops/arithmetic';
import { clamp, maximum, minimum, where } from './ops/compare';
import { concat, stack } from './ops/concat';
import { matmul } from './ops/matmul';
import { pad } from './ops/pad';
import { logsumexp, max, mean, min, sum, variance } from './ops/reduce';
import { logSoftmax, softmax } from './ops/softmax';
import { permute } from './ops/transpose';
import { abs, cos, exp, log, relu, sigmoid, sin, sqrt, tanh } from './ops/unary-math';
import { createRng, type Rng } from './random';
import { broadcastShapes } from './shape';
import type { Tensor } from './tensor';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
// Each test's tfjs tensors are released together when it ends.
beforeEach(() => tf.engine().startScope());
afterEach(() => tf.engine().endScope());

const TOL = { atol: 3e-5, rtol: 3e-4 };
const RUNS = { numRuns: 12 };

const toTf = (t: Tensor) => tf.tensor(Array.from(t.data), [...t.shape], 'float32');
const fromTf = (t: tf.Tensor) => tensor(Array.from(t.dataSync()), { shape: t.shape });

/**
 * Checks `ours(...inputs)` against `theirs(...inputs)`, then the gradients of Σ out·r with
 * respect to every input (r random), so broadcasting reductions are compared too.
 */
function agree(
  rng: Rng,
  inputs: Tensor[],
  ours: (...xs: Tensor[]) => Tensor,
  theirs: (...xs: tf.Tensor[]) => tf.Tensor,
): void {
  const out = ours(...inputs);
  const expected = fromTf(theirs(...inputs.map(toTf)));
  expectClose(out, expected, TOL);
  const r = randn(out.shape, { rng });
  const leaves = inputs.map((x) => x.detach().requiresGrad_());
  ours(...leaves)
    .mul(r)
    .sum()
    .backward();
  const tfGrads = tf
    .grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(theirs(...xs), toTf(r))))(inputs.map(toTf))
    .map(fromTf);
  leaves.forEach((leaf, i) => {
    expectClose(leaf.grad as Tensor, tfGrads[i] as Tensor, TOL);
  });
}

/** A shape of rank 1–4 with sides 1–4, and a second shape broadcastable against it. */
const broadcastPair = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 })
  .chain((shape) =>
    fc.tuple(
      fc.constant(shape),
      fc
        .tuple(
          fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }),
          fc.integer({ min: 0, max: shape.length - 1 }),
        )
        // Drop some leading dimensions and set some sides to 1.
        .map(([ones, drop]) => shape.map((s, i) => (ones[i] ? 1 : s)).slice(drop)),
    ),
  );

/** Both tfjs tensors broadcast to their common shape; tf.broadcastTo's gradient sums. */
function broadcastBoth(a: tf.Tensor, b: tf.Tensor): [tf.Tensor, tf.Tensor] {
  const shape = broadcastShapes(a.shape, b.shape, 'test');
  return [tf.broadcastTo(a, shape), tf.broadcastTo(b, shape)];
}

/** Values bounded away from zero, for ops with a pole or a kink there. */
function awayFromZero(x: Tensor): Tensor {
  for (let i = 0; i < x.size; i++) {
    const v = x.data[i] as number;
    x.data[i] = v >= 0 ? v + 0.3 : v - 0.3;
  }
  return x;
}

describe('element-wise binary ops agree with TensorFlow.js, broadcasting included', () => {
  const cases: [
    string,
    (a: Tensor, b: Tensor) => Tensor,
    (a: tf.Tensor, b: tf.Tensor) => tf.Tensor,
  ][] = [
    ['add', add, tf.add],
    ['sub', sub, tf.sub],
    ['mul', mul, tf.mul],
    ['div', div, tf.div],
    // tfjs 4.22 does not reduce maximum/minimum gradients over broadcast dimensions
    // (it returns the broadcast shape), so its inputs are broadcast explicitly first.
    ['maximum', maximum, (a, b) => tf.maximum(...broadcastBoth(a, b))],
    ['minimum', minimum, (a, b) => tf.minimum(...broadcastBoth(a, b))],
  ];
  for (const [name, ours, theirs] of cases) {
    it(name, () => {
      fc.assert(
        fc.property(broadcastPair, fc.boolean(), fc.integer(), ([sa, sb], swap, seed) => {
          const rng = createRng(seed);
          const a = randn(swap ? sb : sa, { rng });
          // Denominators away from 0; maximum/minimum away from ties.
          const b = awayFromZero(randn(swap ? sa : sb, { rng }));
          agree(rng, [a, b], ours, theirs);
        }),
        RUNS,
      );
    });
  }

  it('pow with a positive base', () => {
    fc.assert(
      fc.property(broadcastPair, fc.integer(), ([sa, sb], seed) => {
        const rng = createRng(seed);
        const base = randn(sa, { rng }).abs().add(0.5);
        const exponent = randn(sb, { rng });
        agree(rng, [base, exponent], pow, tf.pow);
      }),
      RUNS,
    );
  });

  it('where with a broadcast condition', () => {
    fc.assert(
      fc.property(broadcastPair, fc.integer(), ([sa, sb], seed) => {
        const rng = createRng(seed);
        const condition = randn(sb, { rng }).gt(0);
        const a = randn(sa, { rng });
        const b = randn(sa, { rng });
        const tfCondition = tf.broadcastTo(toTf(condition).cast('bool'), sa);
        agree(
          rng,
          [a, b],
          (x, y) => where(condition, x, y),
          (x, y) => tf.where(tfCondition, x, y),
        );
      }),
      RUNS,
    );
  });
});

describe('element-wise unary ops agree with TensorFlow.js', () => {
  const cases: [string, (x: Tensor) => Tensor, (x: tf.Tensor) => tf.Tensor, 'any' | 'positive'][] =
    [
      ['exp', exp, tf.exp, 'any'],
      ['log', log, tf.log, 'positive'],
      ['sqrt', sqrt, tf.sqrt, 'positive'],
      ['abs', abs, tf.abs, 'any'],
      ['sin', sin, tf.sin, 'any'],
      ['cos', cos, tf.cos, 'any'],
      ['tanh', tanh, tf.tanh, 'any'],
      ['sigmoid', sigmoid, tf.sigmoid, 'any'],
      ['relu', relu, tf.relu, 'any'],
      ['clamp', (x) => clamp(x, -0.5, 0.7), (x) => tf.clipByValue(x, -0.5, 0.7), 'any'],
    ];
  for (const [name, ours, theirs, domain] of cases) {
    it(name, () => {
      fc.assert(
        fc.property(broadcastPair, fc.integer(), ([shape], seed) => {
          const rng = createRng(seed);
          // Off the kinks of abs/relu (0) and clamp (-0.5, 0.7).
          let x = awayFromZero(randn(shape, { rng }));
          for (let i = 0; i < x.size; i++) {
            const v = x.data[i] as number;
            if (Math.abs(v + 0.5) < 0.05 || Math.abs(v - 0.7) < 0.05) x.data[i] = v + 0.1;
          }
          if (domain === 'positive') x = x.abs();
          agree(rng, [x], ours, theirs);
        }),
        RUNS,
      );
    });
  }
});

/** A shape of rank 1–4 and a non-empty subset of its axes. */
const shapeAndAxes = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 })
  .chain((shape) =>
    fc.tuple(
      fc.constant(shape),
      fc.uniqueArray(fc.integer({ min: 0, max: shape.length - 1 }), {
        minLength: 1,
        maxLength: shape.length,
      }),
      fc.boolean(),
    ),
  );

describe('reductions agree with TensorFlow.js', () => {
  const cases: [
    string,
    (x: Tensor, axes: number[], keepDim: boolean) => Tensor,
    (x: tf.Tensor, axes: number[], keepDim: boolean) => tf.Tensor,
  ][] = [
    ['sum', (x, a, k) => sum(x, a, { keepDim: k }), (x, a, k) => tf.sum(x, a, k)],
    ['mean', (x, a, k) => mean(x, a, { keepDim: k }), (x, a, k) => tf.mean(x, a, k)],
    // randn values are distinct almost surely, so max/min have a unique winner.
    ['max', (x, a, k) => max(x, a, { keepDim: k }), (x, a, k) => tf.max(x, a, k)],
    ['min', (x, a, k) => min(x, a, { keepDim: k }), (x, a, k) => tf.min(x, a, k)],
    ['logsumexp', (x, a, k) => logsumexp(x, a, { keepDim: k }), (x, a, k) => tf.logSumExp(x, a, k)],
    [
      'variance (population)',
      (x, a, k) => variance(x, a, { keepDim: k, correction: 0 }),
      (x, a, k) => tf.moments(x, a, k).variance,
    ],
  ];
  for (const [name, ours, theirs] of cases) {
    it(name, () => {
      fc.assert(
        fc.property(shapeAndAxes, fc.integer(), ([shape, axes, keepDim], seed) => {
          const rng = createRng(seed);
          const x = randn(shape, { rng });
          agree(
            rng,
            [x],
            (t) => ours(t, axes, keepDim),
            (t) => theirs(t, axes, keepDim),
          );
        }),
        RUNS,
      );
    });
  }

  it('softmax and logSoftmax along the last axis', () => {
    fc.assert(
      fc.property(shapeAndAxes, fc.integer(), ([shape], seed) => {
        const rng = createRng(seed);
        const x = randn(shape, { rng }).mul(3);
        agree(
          rng,
          [x],
          (t) => softmax(t, -1),
          (t) => tf.softmax(t, -1),
        );
        agree(
          rng,
          [x],
          (t) => logSoftmax(t, -1),
          (t) => tf.logSoftmax(t, -1),
        );
      }),
      RUNS,
    );
  });
});

describe('shape ops and matmul agree with TensorFlow.js', () => {
  it('batched matmul with broadcast batch dimensions', () => {
    const dims = fc.record({
      m: fc.integer({ min: 1, max: 6 }),
      k: fc.integer({ min: 1, max: 6 }),
      n: fc.integer({ min: 1, max: 6 }),
      batch: fc.constantFrom<[number[], number[]]>(
        [[], []],
        [[3], [3]],
        [[2, 3], [3]],
        [
          [2, 1],
          [1, 4],
        ],
      ),
    });
    fc.assert(
      fc.property(dims, fc.integer(), ({ m, k, n, batch }, seed) => {
        const rng = createRng(seed);
        const a = randn([...batch[0], m, k], { rng });
        const b = randn([...batch[1], k, n], { rng });
        // tfjs 4.22's matMul gradient is not reduced over broadcast batch dimensions either.
        agree(rng, [a, b], matmul, (x, y) => {
          const batchShape = broadcastShapes(x.shape.slice(0, -2), y.shape.slice(0, -2), 'test');
          const x3 = tf.broadcastTo(x, [...batchShape, m, k]);
          const y3 = tf.broadcastTo(y, [...batchShape, k, n]);
          return tf.matMul(x3, y3);
        });
      }),
      RUNS,
    );
  });

  it('permute', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }).chain((shape) =>
          fc.tuple(
            fc.constant(shape),
            fc.shuffledSubarray(
              shape.map((_, i) => i),
              { minLength: shape.length, maxLength: shape.length },
            ),
          ),
        ),
        fc.integer(),
        ([shape, dims], seed) => {
          const rng = createRng(seed);
          agree(
            rng,
            [randn(shape, { rng })],
            (x) => permute(x, dims),
            (x) => tf.transpose(x, dims),
          );
        },
      ),
      RUNS,
    );
  });

  it('concat and stack', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
        fc.nat(),
        fc.integer(),
        (shape, axisSeed, seed) => {
          const rng = createRng(seed);
          const axis = axisSeed % shape.length;
          const other = shape.map((s, i) => (i === axis ? s + 1 : s));
          const a = randn(shape, { rng });
          const b = randn(other, { rng });
          agree(
            rng,
            [a, b],
            (x, y) => concat([x, y], axis),
            (x, y) => tf.concat([x, y], axis),
          );
          const c = randn(shape, { rng });
          agree(
            rng,
            [a, c],
            (x, y) => stack([x, y], axis),
            (x, y) => tf.stack([x, y], axis),
          );
        },
      ),
      RUNS,
    );
  });

  it('pad: constant (forward, gradient) and reflect (forward) on the last two dimensions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 2, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 4, maxLength: 4 }),
        fc.integer(),
        (h, w, [left, right, top, bottom], seed) => {
          const rng = createRng(seed);
          const x = randn([2, h, w], { rng });
          const paddings: [number, number][] = [
            [0, 0],
            [top as number, bottom as number],
            [left as number, right as number],
          ];
          const ours = [left, right, top, bottom] as number[];
          agree(
            rng,
            [x],
            (t) => pad(t, ours, { value: 0.5 }),
            (t) => tf.pad(t, paddings, 0.5),
          );
          // Forward only: tfjs 4.22's mirrorPad gradient slices the centre and drops what
          // the mirrored borders received (checkGradients covers our reflect backward).
          expectClose(
            pad(x, ours, { mode: 'reflect' }),
            fromTf(tf.mirrorPad(toTf(x), paddings, 'reflect')),
            TOL,
          );
        },
      ),
      RUNS,
    );
  });
});
