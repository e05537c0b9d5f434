// The main job until apps/demo exists (`pnpm demo`): a small training run in Node that uses
// only @convkit/tensor. A two-layer perceptron (2 → 16 tanh → 1) learns which points of the
// square [-1, 1]² lie inside a circle, by full-batch gradient descent with momentum written
// out by hand: forward with tensor ops, `loss.backward()`, update under `noGrad`.
//
// Runs from source through tsx (see scripts/tsconfig.json), so it needs no build.
// Options: --steps N (default 300), --seed N (default 7).
import { createRng, noGrad, randn, tensor, zeros } from '@convkit/tensor';

const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(
      `example: --${name} must be a non-negative integer, got ${process.argv[i + 1]}`,
    );
  }
  return value;
};
const STEPS = option('steps', 300);
const SEED = option('seed', 7);
const HIDDEN = 16;
const LEARNING_RATE = 0.1;
const MOMENTUM = 0.9;
const LOG_EVERY = 25;

/** `n` points uniform in [-1, 1]², labelled +1 inside the circle x² + y² < 0.5, else -1. */
function makeData(n, rng) {
  const points = new Float32Array(n * 2);
  const labels = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.uniform(-1, 1);
    const b = rng.uniform(-1, 1);
    points[2 * i] = a;
    points[2 * i + 1] = b;
    labels[i] = a * a + b * b < 0.5 ? 1 : -1;
  }
  return { x: tensor(points, { shape: [n, 2] }), y: tensor(labels, { shape: [n, 1] }) };
}

/** The network: tanh hidden layer, linear output read as a score (sign = class). */
function forward({ w1, b1, w2, b2 }, x) {
  return x.matmul(w1).add(b1).tanh().matmul(w2).add(b2);
}

/** Mean squared error against the ±1 labels. */
function mseLoss(score, y) {
  const error = score.sub(y);
  return error.mul(error).mean();
}

function accuracy(score, y) {
  let correct = 0;
  for (let i = 0; i < y.size; i++) if (score.data[i] > 0 === y.data[i] > 0) correct++;
  return correct / y.size;
}

const rng = createRng(SEED);
const train = makeData(256, rng);
const test = makeData(256, rng);

// Scaled normal initialisation; `requiresGrad_()` turns the scaled tensors into leaves that
// collect gradients.
let params = {
  w1: randn([2, HIDDEN], { rng }).mul(1.5).requiresGrad_(),
  b1: zeros([HIDDEN]).requiresGrad_(),
  w2: randn([HIDDEN, 1], { rng })
    .mul(1 / Math.sqrt(HIDDEN))
    .requiresGrad_(),
  b2: zeros([1]).requiresGrad_(),
};
let velocity = Object.fromEntries(Object.entries(params).map(([k, p]) => [k, zeros(p.shape)]));

console.log(
  `convkit example: 2-${HIDDEN}-1 tanh MLP, circle vs. corners, ${train.y.size} training points, seed ${SEED}`,
);
const started = performance.now();
let loss = mseLoss(forward(params, train.x), train.y);
for (let step = 1; step <= STEPS; step++) {
  loss.backward();
  // The update is not part of any graph. Each new parameter is a fresh leaf, so gradients
  // never accumulate across steps.
  const next = noGrad(() => {
    const v = {};
    const p = {};
    for (const [name, param] of Object.entries(params)) {
      v[name] = velocity[name].mul(MOMENTUM).add(param.grad);
      p[name] = param.sub(v[name].mul(LEARNING_RATE));
    }
    return { v, p };
  });
  velocity = next.v;
  params = Object.fromEntries(Object.entries(next.p).map(([k, p]) => [k, p.requiresGrad_()]));

  loss = mseLoss(forward(params, train.x), train.y);
  if (step % LOG_EVERY === 0 || step === STEPS) {
    const trainAccuracy = accuracy(
      noGrad(() => forward(params, train.x)),
      train.y,
    );
    console.log(
      `step ${String(step).padStart(4)}  loss ${loss.item().toFixed(4)}  train accuracy ${(100 * trainAccuracy).toFixed(1)}%`,
    );
  }
}

const testScore = noGrad(() => forward(params, test.x));
const testLoss = mseLoss(testScore, test.y).item();
const testAccuracy = accuracy(testScore, test.y);
const seconds = ((performance.now() - started) / 1000).toFixed(2);
console.log(
  `done: ${STEPS} steps in ${seconds} s; held-out loss ${testLoss.toFixed(4)}, accuracy ${(100 * testAccuracy).toFixed(1)}% on ${test.y.size} points`,
);
if (!Number.isFinite(testLoss)) process.exit(1);
