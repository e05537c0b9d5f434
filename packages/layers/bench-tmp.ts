import { randn, createRng, noGrad } from '@convkit/tensor';
import { conv2d } from './src/ops/conv2d';
import { maxPool2d } from './src/ops/max-pool2d';
import * as tf from '@tensorflow/tfjs';

const rng = createRng(1);
const cases: [string, number, number, number, number, number, number][] = [
  // name, N, C, H, outC, k, groups
  ['8x14x14->16 3x3 same', 32, 8, 14, 16, 3, 1],
  ['32x28x28->64 3x3 same', 16, 32, 28, 64, 3, 1],
  ['depthwise 32x28x28 3x3', 16, 32, 28, 32, 3, 32],
  ['1x28x28->32 5x5', 32, 1, 28, 32, 5, 1],
];
function time(fn: () => void, reps = 20): number {
  for (let i = 0; i < 3; i++) fn();
  const t = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return (performance.now() - t) / reps;
}
await tf.setBackend('cpu');
for (const [name, n, c, h, outC, k, groups] of cases) {
  const x = randn([n, c, h, h], { rng }).requiresGrad_();
  const w = randn([outC, c / groups, k, k], { rng }).requiresGrad_();
  const b = randn([outC], { rng }).requiresGrad_();
  const flops = 2 * n * outC * h * h * (c / groups) * k * k;
  const fwd = time(() => noGrad(() => conv2d(x, w, { bias: b, padding: 'same', groups })));
  const y = conv2d(x, w, { bias: b, padding: 'same', groups });
  const dy = randn(y.shape, { rng });
  const fb = time(() => { const out = conv2d(x, w, { bias: b, padding: 'same', groups }); out.backward(dy); });
  const bwd = fb - fwd;
  // tfjs
  const tx = tf.randomNormal([n, h, h, c]);
  const tw = groups === 1 ? tf.randomNormal([k, k, c, outC]) : tf.randomNormal([k, k, c, outC / c]);
  const f = (a: tf.Tensor4D, ww: tf.Tensor4D) => groups === 1 ? tf.conv2d(a, ww, 1, 'same') : tf.depthwiseConv2d(a, ww, 1, 'same');
  const tfF = time(() => tf.tidy(() => { f(tx as tf.Tensor4D, tw as tf.Tensor4D).dataSync(); }), 10);
  const g = tf.grads((a: tf.Tensor, ww: tf.Tensor) => f(a as tf.Tensor4D, ww as tf.Tensor4D));
  const tdy = tf.randomNormal([n, h, h, outC]);
  const tfB = time(() => tf.tidy(() => { const [da, dw] = g([tx, tw], tdy); da.dataSync(); dw.dataSync(); }), 10);
  console.log(`${name}: fwd ${fwd.toFixed(2)} ms (${(flops / fwd / 1e6).toFixed(2)} GFLOP/s), bwd ${bwd.toFixed(2)} ms (${(2 * flops / bwd / 1e6).toFixed(2)} GFLOP/s) | tfjs fwd ${tfF.toFixed(2)} ms, fwd+bwd ${tfB.toFixed(2)} ms`);
}
const xp = randn([32, 16, 28, 28], { rng }).requiresGrad_();
console.log('maxpool 32x16x28x28 k2', time(() => { maxPool2d(xp, { kernelSize: 2 }).sum().backward(); }).toFixed(2), 'ms');
