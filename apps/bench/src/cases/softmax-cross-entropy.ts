import { crossEntropy } from '@convkit/layers';
import { Tensor } from '@convkit/tensor';
import type * as Tf from '@tensorflow/tfjs';
import {
  inferenceOnly,
  jaxOf,
  jaxPrepared,
  ortPrepared,
  tfOf,
  tfPrepared,
} from '../engines/helpers';
import { integers, toFloat64, uniform } from '../internal/data';
import type { BenchCase, Prepared, Variant } from './types';

export interface CrossEntropyParams {
  n: number;
  classes: number;
  mode: 'forward' | 'forward-backward';
}

function inputs(p: CrossEntropyParams): { logits: Float32Array; labels: Int32Array } {
  return { logits: uniform(41, p.n * p.classes, -4, 4), labels: integers(42, p.n, p.classes) };
}

function variants(quick: boolean): Variant<CrossEntropyParams>[] {
  const [n, classes] = quick ? [4, 5] : [1024, 1000];
  return (['forward', 'forward-backward'] as const).map((mode) => ({
    id: `softmax-cross-entropy/${mode}`,
    title: `softmax CE ${mode === 'forward' ? 'fwd' : 'fwd+bwd'}`,
    detail: `logits [${n}, ${classes}], class-index targets, mean over the batch`,
    params: { n, classes, mode },
    items: { count: n / 1000, unit: 'krows' },
    tolerance: 1e-5,
  }));
}

function convkitSetup(p: CrossEntropyParams, dtype: 'float32' | 'float64'): Prepared {
  const { logits: z, labels } = inputs(p);
  const logits = new Tensor(dtype === 'float64' ? toFloat64(z) : z, [p.n, p.classes]);
  const target = new Tensor(labels, [p.n]);
  let loss: Tensor | null = null;
  if (p.mode === 'forward') {
    return {
      run() {
        loss = crossEntropy(logits, target);
      },
      output: () => [(loss as Tensor).data as Float32Array],
    };
  }
  logits.requiresGrad = true;
  return {
    before() {
      logits.grad = null;
    },
    run() {
      crossEntropy(logits, target).backward();
    },
    output: () => [(logits.grad as Tensor).data as Float32Array],
  };
}

export const softmaxCrossEntropyCase: BenchCase<CrossEntropyParams> = {
  name: 'softmax-cross-entropy',
  description:
    'Softmax cross-entropy with class-index targets: loss, and loss + gradient of the logits',
  variants,
  setups: {
    reference: (p) => convkitSetup(p, 'float64'),
    convkit: (p) => convkitSetup(p, 'float32'),
    tfjs(p, ctx) {
      const tf = tfOf(ctx);
      const { logits: z, labels } = inputs(p);
      const logits = tf.tensor2d(z, [p.n, p.classes]);
      // One-hot targets are built once, outside the timed region.
      const onehot = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), p.classes).toFloat());
      const loss = (x: Tf.Tensor) => tf.losses.softmaxCrossEntropy(onehot, x);
      if (p.mode === 'forward')
        return tfPrepared(
          tf,
          () => loss(logits),
          (d) => d,
          [logits, onehot],
        );
      const grad = tf.grad(loss);
      return tfPrepared(
        tf,
        () => grad(logits),
        (d) => d,
        [logits, onehot],
      );
    },
    ort(p, ctx) {
      if (p.mode !== 'forward') return inferenceOnly('onnxruntime-node');
      const { logits, labels } = inputs(p);
      return ortPrepared(
        ctx,
        {
          inputs: [
            { name: 'scores', shape: [p.n, p.classes] },
            { name: 'labels', shape: [p.n], elemType: 7 },
          ],
          outputs: [{ name: 'loss', shape: [] }],
          nodes: [
            { op: 'SoftmaxCrossEntropyLoss', inputs: ['scores', 'labels'], outputs: ['loss'] },
          ],
        },
        {
          scores: { data: logits, shape: [p.n, p.classes] },
          labels: { data: BigInt64Array.from(labels, (v) => BigInt(v)), shape: [p.n] },
        },
      );
    },
    jax(p, ctx) {
      const jax = jaxOf(ctx);
      const { numpy: np, nn } = jax;
      const { logits: z, labels } = inputs(p);
      const logits = np.array(z, { shape: [p.n, p.classes] });
      const onehot = nn.oneHot(np.array(labels, { shape: [p.n], dtype: np.int32 }), p.classes);
      type A = typeof logits;
      const loss = (x: A, t: A) => np.mean(np.negative(np.sum(nn.logSoftmax(x, -1).mul(t), -1)));
      const fn = p.mode === 'forward' ? jax.jit(loss) : jax.jit(jax.grad(loss));
      return jaxPrepared(jax, fn, [logits, onehot]);
    },
  },
};
