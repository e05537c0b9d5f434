/**
 * TensorFlow.js as an independent oracle, wherever its update rule coincides with
 * PyTorch's (which convkit follows). Differences in tfjs 4.22, and how each test handles
 * them:
 *
 * - SGD, momentum (incl. Nesterov) and Adam: same rules. tfjs Adam puts ε outside the
 *   square root of the bias-corrected v, like PyTorch (TF/Keras in Python use "ε̂" outside
 *   the uncorrected √v instead); its momentum buffer accumulates raw gradients (v ← μv + g),
 *   as PyTorch with dampening 0.
 * - Adagrad: tfjs starts the accumulator at 0.1 (convkit/PyTorch: 0) and divides by
 *   √(s + 1e-7) (backend epsilon inside the root; convkit: √s + ε). Configured with
 *   initialAccumulatorValue 0.1 on both sides; the ε placement changes results by ~1e-7·s^-1/2.
 * - RMSprop: tfjs divides by √(v + ε) (centered: √(v − ḡ² − ε)) and folds γ into the momentum
 *   buffer; convkit/PyTorch divide by √v + ε and apply γ outside the buffer. Same for a
 *   constant lr; ε = 1e-10 on both sides makes the root placement negligible.
 * - Adamax: tfjs uses m/(max(β2·u, |g|) + ε); PyTorch m/max(β2·u, |g| + ε). Equal up to ε.
 * - Adadelta: tfjs computes the step with the squared-gradient average from *before* this
 *   step's update (√(u + ε)/√(v_{t−1} + ε)·g), PyTorch with the updated one (v_t). So the
 *   first tfjs step is exactly γg. Compared after accounting for the lag: tfjs must match the
 *   lagged rule, and convkit the PyTorch rule, on the same gradients.
 *
 * tfjs computes in float32; convkit updates float32 parameters computing in float64, so
 * the tolerance is a few float32 ulps per step.
 */
import { createRng, type Rng, type Tensor, tensor } from '@convkit/tensor';
import { expectClose } from '@convkit/testing';
import type * as TF from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Adadelta } from './adadelta';
import { Adagrad } from './adagrad';
import { Adam } from './adam';
import { Adamax } from './adamax';
import { RMSprop } from './rmsprop';
import { SGD } from './sgd';

let tf: typeof TF;

beforeAll(async () => {
  // tfjs prints a banner about tfjs-node on first use; keep test output clean.
  const warn = console.warn;
  console.warn = () => {};
  try {
    tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    tf.tidy(() => tf.zeros([1]).dataSync());
  } finally {
    console.warn = warn;
  }
});

afterEach(() => tf.disposeVariables());

const SHAPE = [2, 3];
const STEPS = 6;

function randomValues(rng: Rng, n: number, scale = 1): number[] {
  return Array.from({ length: n }, () => rng.uniform(-scale, scale));
}

/** Runs the same gradients through a convkit optimiser and a tfjs one; compares after every step. */
function compare(
  make: (params: Tensor[]) => { step(): unknown },
  makeTf: () => TF.Optimizer,
  tolerance = { atol: 1e-6, rtol: 2e-5 },
) {
  const rng = createRng(7);
  const init = randomValues(rng, 6);
  const w = tensor(init, { shape: SHAPE, dtype: 'float32', requiresGrad: true });
  const opt = make([w]);
  const v = tf.variable(tf.tensor(init, SHAPE, 'float32'), true, 'w');
  const tfOpt = makeTf();
  for (let s = 0; s < STEPS; s++) {
    const g = randomValues(rng, 6, 2);
    w.grad = tensor(g, { shape: SHAPE, dtype: 'float32' });
    opt.step();
    tf.tidy(() => tfOpt.applyGradients({ w: tf.tensor(g, SHAPE, 'float32') }));
    expectClose(
      w,
      tensor(v.dataSync() as Float32Array, { shape: SHAPE, dtype: 'float32' }),
      tolerance,
    );
  }
  tfOpt.dispose();
}

describe('agreement with TensorFlow.js', () => {
  it('SGD', () => {
    compare(
      (p) => new SGD(p, { lr: 0.1 }),
      () => tf.train.sgd(0.1),
    );
  });

  it('SGD with momentum, and Nesterov momentum', () => {
    compare(
      (p) => new SGD(p, { lr: 0.05, momentum: 0.9 }),
      () => tf.train.momentum(0.05, 0.9),
    );
    tf.disposeVariables();
    compare(
      (p) => new SGD(p, { lr: 0.05, momentum: 0.9, nesterov: true }),
      () => tf.train.momentum(0.05, 0.9, true),
    );
  });

  it('Adam', () => {
    compare(
      (p) => new Adam(p, { lr: 0.01, betas: [0.8, 0.99], eps: 1e-8 }),
      () => tf.train.adam(0.01, 0.8, 0.99, 1e-8),
    );
  });

  it('Adagrad, with the accumulator started at 0.1 on both sides', () => {
    compare(
      (p) => new Adagrad(p, { lr: 0.1, initialAccumulatorValue: 0.1 }),
      () => tf.train.adagrad(0.1, 0.1),
    );
  });

  it('RMSprop: plain, with momentum, and centered', () => {
    compare(
      (p) => new RMSprop(p, { lr: 0.01, alpha: 0.9, eps: 1e-10 }),
      () => tf.train.rmsprop(0.01, 0.9, 0, 1e-10),
    );
    tf.disposeVariables();
    compare(
      (p) => new RMSprop(p, { lr: 0.01, alpha: 0.9, eps: 1e-10, momentum: 0.5 }),
      () => tf.train.rmsprop(0.01, 0.9, 0.5, 1e-10),
    );
    tf.disposeVariables();
    compare(
      (p) => new RMSprop(p, { lr: 0.01, alpha: 0.9, eps: 1e-10, momentum: 0.5, centered: true }),
      () => tf.train.rmsprop(0.01, 0.9, 0.5, 1e-10, true),
    );
  });

  it('Adamax (ε placement differs by at most ε)', () => {
    compare(
      (p) => new Adamax(p, { lr: 0.02, eps: 1e-8 }),
      () => tf.train.adamax(0.02, 0.9, 0.999, 1e-8),
    );
  });

  it('Adadelta after accounting for tfjs using the previous squared-gradient average', () => {
    const rho = 0.9;
    const eps = 1e-6;
    const lr = 1;
    const rng = createRng(3);
    const init = randomValues(rng, 6);
    const grads = Array.from({ length: STEPS }, () => randomValues(rng, 6, 2));
    const v = tf.variable(tf.tensor(init, SHAPE, 'float32'), true, 'w');
    const tfOpt: TF.Optimizer = tf.train.adadelta(lr, rho, eps);
    const w = tensor(init, { shape: SHAPE, dtype: 'float64', requiresGrad: true });
    const opt = new Adadelta([w], { lr, rho, eps });
    // Reference rules in float64: `lagged` is tfjs's, `current` is PyTorch's.
    const ref = (lagged: boolean) => {
      const theta = [...init];
      const vAvg = new Array(6).fill(0);
      const u = new Array(6).fill(0);
      return grads.map((g) =>
        theta.map((_, i) => {
          const vNew = rho * vAvg[i] + (1 - rho) * g[i] * g[i];
          const delta = (Math.sqrt(u[i] + eps) / Math.sqrt((lagged ? vAvg[i] : vNew) + eps)) * g[i];
          vAvg[i] = vNew;
          u[i] = rho * u[i] + (1 - rho) * delta * delta;
          theta[i] -= lr * delta;
          return theta[i];
        }),
      );
    };
    const lagged = ref(true);
    const current = ref(false);
    grads.forEach((g, s) => {
      tf.tidy(() => tfOpt.applyGradients({ w: tf.tensor(g, SHAPE, 'float32') }));
      w.grad = tensor(g, { shape: SHAPE, dtype: 'float64' });
      opt.step();
      expectClose(
        tensor(v.dataSync() as Float32Array, { shape: [6], dtype: 'float32' }),
        lagged[s],
        { atol: 1e-6, rtol: 1e-5 },
      );
      expectClose(w.reshape([6]), current[s], { atol: 1e-14, rtol: 1e-12 });
    });
    // The first tfjs step is exactly γg; convkit's is damped by √(ε/(ε + (1 − ρ)g²)).
    expect(lagged[0][0]).toBeCloseTo(init[0] - lr * grads[0][0], 12);
    tfOpt.dispose();
  });
});
