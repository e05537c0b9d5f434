// TensorFlow.js (CPU backend, float32) as an independent oracle for the activations and
// losses it also implements: forward values and input gradients on random data.
import { createRng, rand, randint, randn, type Tensor, tensor } from '@convkit/tensor';
import { expectClose } from '@convkit/testing';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { binaryCrossEntropy, binaryCrossEntropyWithLogits } from './losses/binary-cross-entropy';
import { crossEntropy } from './losses/cross-entropy';
import { huberLoss, l1Loss, mseLoss } from './losses/regression';
import { elu, hardtanh, leakyRelu, selu, sigmoid, softplus, tanh } from './ops/activations';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// float32 on both sides: agreement to ~1e-5 relative is what single precision allows.
const TOL = { atol: 2e-5, rtol: 2e-4 };

const toTf = (t: Tensor) => tf.tensor(Array.from(t.data), [...t.shape], 'float32');
const fromTf = (t: tf.Tensor) => tensor(Array.from(t.dataSync()), { shape: t.shape });

/** convkit's gradient of Σ f(x)·r with respect to x. */
function gradOf(f: (x: Tensor) => Tensor, x: Tensor, r: Tensor): Tensor {
  const leaf = x.detach().requiresGrad_();
  f(leaf).mul(r).sum().backward();
  return leaf.grad as Tensor;
}

describe('activations agree with TensorFlow.js', () => {
  const cases: [string, (x: Tensor) => Tensor, (x: tf.Tensor) => tf.Tensor][] = [
    ['elu', (x) => elu(x), (x) => tf.elu(x)],
    ['selu', selu, (x) => tf.selu(x)],
    ['leakyRelu', (x) => leakyRelu(x, { negativeSlope: 0.2 }), (x) => tf.leakyRelu(x, 0.2)],
    ['softplus', (x) => softplus(x), (x) => tf.softplus(x)],
    ['hardtanh as relu6', (x) => hardtanh(x, { minVal: 0, maxVal: 6 }), (x) => tf.relu6(x)],
    ['sigmoid', sigmoid, (x) => tf.sigmoid(x)],
    ['tanh', tanh, (x) => tf.tanh(x)],
  ];
  for (const [name, ours, theirs] of cases) {
    it(`${name}: forward and gradient`, () => {
      fc.assert(
        fc.property(fc.integer(), (seed) => {
          const rng = createRng(seed);
          // Keep inputs off the kinks at 0 and 6.
          const x = randn([3, 5], { rng }).mul(4);
          for (let i = 0; i < x.size; i++)
            if (Math.abs(x.data[i]) < 1e-2 || Math.abs(x.data[i] - 6) < 1e-2) x.data[i] += 0.05;
          const r = randn([3, 5], { rng });
          expectClose(ours(x), fromTf(theirs(toTf(x))), TOL);
          const tfGrad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(theirs(t), toTf(r))))(toTf(x));
          expectClose(gradOf(ours, x, r), fromTf(tfGrad), TOL);
        }),
        { numRuns: 10 },
      );
    });
  }
});

type Red = 'mean' | 'sum' | 'none';
const tfReduction = (r: Red) =>
  r === 'mean' ? tf.Reduction.MEAN : r === 'sum' ? tf.Reduction.SUM : tf.Reduction.NONE;
const reductionArb = fc.constantFrom<Red>('mean', 'sum', 'none');

/** Compares a loss and its input gradient with TF.js's for the same (input, target). */
function compareLoss(
  ours: (x: Tensor) => Tensor,
  theirs: (x: tf.Tensor) => tf.Tensor,
  x: Tensor,
): void {
  const y = ours(x);
  expectClose(y, fromTf(theirs(toTf(x))), TOL);
  const r = randn(y.shape, { rng: createRng(11) });
  const tfGrad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(theirs(t), toTf(r))))(toTf(x));
  expectClose(gradOf(ours, x, r), fromTf(tfGrad), TOL);
}

describe('losses agree with TensorFlow.js', () => {
  it('mseLoss, l1Loss, huberLoss', () => {
    fc.assert(
      fc.property(fc.integer(), reductionArb, (seed, reduction) => {
        const rng = createRng(seed);
        const x = randn([4, 3], { rng });
        const t = randn([4, 3], { rng });
        const tt = toTf(t);
        compareLoss(
          (a) => mseLoss(a, t, { reduction }),
          (a) => tf.losses.meanSquaredError(tt, a, undefined, tfReduction(reduction)),
          x,
        );
        compareLoss(
          (a) => l1Loss(a, t, { reduction }),
          (a) => tf.losses.absoluteDifference(tt, a, undefined, tfReduction(reduction)),
          x,
        );
        compareLoss(
          (a) => huberLoss(a, t, { reduction, delta: 0.8 }),
          (a) => tf.losses.huberLoss(tt, a, undefined, 0.8, tfReduction(reduction)),
          x,
        );
      }),
      { numRuns: 10 },
    );
  });

  it('crossEntropy with class indices, probabilities and label smoothing', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.constantFrom(0, 0.2),
        fc.constantFrom<Red>('mean', 'sum'),
        (seed, smoothing, reduction) => {
          const rng = createRng(seed);
          const z = randn([5, 4], { rng }).mul(3);
          const y = randint(0, 4, [5], { rng });
          const oneHot = tf.oneHot(tf.tensor1d(Array.from(y.data), 'int32'), 4);
          const theirs = (a: tf.Tensor) =>
            tf.losses.softmaxCrossEntropy(oneHot, a, undefined, smoothing, tfReduction(reduction));
          compareLoss(
            (a) => crossEntropy(a, y, { labelSmoothing: smoothing, reduction }),
            theirs,
            z,
          );
          const q = rand([5, 4], { rng });
          const qn = q.div(q.sum(1, { keepDim: true }));
          compareLoss(
            (a) => crossEntropy(a, qn, { labelSmoothing: smoothing, reduction }),
            (a) =>
              tf.losses.softmaxCrossEntropy(
                toTf(qn),
                a,
                undefined,
                smoothing,
                tfReduction(reduction),
              ),
            z,
          );
        },
      ),
      { numRuns: 10 },
    );
  });

  it('binaryCrossEntropyWithLogits and binaryCrossEntropy', () => {
    fc.assert(
      fc.property(fc.integer(), reductionArb, (seed, reduction) => {
        const rng = createRng(seed);
        const x = randn([3, 4], { rng }).mul(4);
        const t = rand([3, 4], { rng });
        compareLoss(
          (a) => binaryCrossEntropyWithLogits(a, t, { reduction }),
          (a) => tf.losses.sigmoidCrossEntropy(toTf(t), a, undefined, 0, tfReduction(reduction)),
          x,
        );
        const p = rand([3, 4], { rng }).mul(0.9).add(0.05);
        compareLoss(
          (a) => binaryCrossEntropy(a, t, { reduction }),
          // epsilon 0: TF.js's logLoss is then exactly −[t·log p + (1 − t)·log(1 − p)].
          (a) => tf.losses.logLoss(toTf(t), a, undefined, 0, tfReduction(reduction)),
          p,
        );
      }),
      { numRuns: 10 },
    );
  });
});
