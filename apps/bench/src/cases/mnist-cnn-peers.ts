// The LeNet-5 workload of mnist-cnn.ts written for TF.js and jax-js: same initial
// parameters, same batch, same Adam, layouts converted outside the timed region.
import type * as Jax from '@jax-js/jax';
import type * as Tf from '@tensorflow/tfjs';
import { jaxOf, needKernels, tfOf, tfPrepared } from '../engines/helpers';
import { f32, hwioToOihw, nchwToNhwc, oihwToHwio, transpose2d } from '../internal/data';
import { ADAM, type LenetParam, lenetParams, type MnistParams, mnistBatch } from './mnist-cnn';
import type { EngineContext, Outputs, Prepared } from './types';

/** fc1 sees [C=16, H=5, W=5] flattened in convkit (NCHW) but [H, W, C] in TF.js (NHWC). */
const fc1Index = (o: number, inNchw: number): number => {
  const c = Math.floor(inNchw / 25);
  const hw = inNchw % 25;
  return (hw * 16 + c) * 120 + o;
};

function toTfLayout(q: LenetParam): Float32Array {
  const [o, i] = q.shape;
  if (q.shape.length === 4) return oihwToHwio(q.data, o, i, 5, 5);
  if (q.shape.length === 1) return q.data;
  if (q.name === 'fc1.weight') {
    const out = new Float32Array(q.data.length);
    for (let a = 0; a < o; a++) for (let b = 0; b < i; b++) out[fc1Index(a, b)] = q.data[a * i + b];
    return out;
  }
  return transpose2d(q.data, o, i);
}

function fromTfLayout(q: LenetParam, g: Float32Array): Float32Array {
  const [o, i] = q.shape;
  if (q.shape.length === 4) return hwioToOihw(g, o, i, 5, 5);
  if (q.shape.length === 1) return g;
  if (q.name === 'fc1.weight') {
    const out = new Float32Array(g.length);
    for (let a = 0; a < o; a++) for (let b = 0; b < i; b++) out[a * i + b] = g[fc1Index(a, b)];
    return out;
  }
  return transpose2d(g, i, o);
}

export function tfjsMnist(p: MnistParams, ctx: EngineContext): Prepared {
  const tf = tfOf(ctx);
  const init = lenetParams();
  const tfShape = (q: LenetParam) =>
    q.shape.length === 4
      ? [5, 5, q.shape[1], q.shape[0]]
      : q.shape.length === 2
        ? [q.shape[1], q.shape[0]]
        : q.shape;
  const vars = init.map((q) =>
    tf.variable(tf.tensor(toTfLayout(q), tfShape(q)), true, `${q.name}_${p.mode}`),
  );
  const batch = mnistBatch(p.batch);
  const x = tf.tensor4d(nchwToNhwc(batch.x, p.batch, 1, 28, 28), [p.batch, 28, 28, 1]);
  const onehot = tf.tidy(() => tf.oneHot(tf.tensor1d(batch.labels, 'int32'), 10).toFloat());
  const [w1, b1, w2, b2, k1, c1, k2, c2, k3, c3] = vars as Tf.Variable[];
  const forward = () => {
    let h: Tf.Tensor = tf.relu(tf.conv2d(x, w1 as Tf.Tensor4D, 1, 2).add(b1));
    h = tf.maxPool(h as Tf.Tensor4D, 2, 2, 'valid');
    h = tf.relu(tf.conv2d(h as Tf.Tensor4D, w2 as Tf.Tensor4D, 1, 'valid').add(b2));
    h = tf.maxPool(h as Tf.Tensor4D, 2, 2, 'valid').reshape([p.batch, 400]);
    h = tf.relu(h.matMul(k1).add(c1));
    h = tf.relu(h.matMul(k2).add(c2));
    return h.matMul(k3).add(c3);
  };
  if (p.mode === 'inference') {
    return tfPrepared(
      tf,
      () => tf.tidy(forward),
      ([logits]) => [logits],
      [x, onehot, ...vars],
    );
  }
  needKernels(tf, ['Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter', 'MaxPoolGrad']);
  const optimizer = tf.train.adam(ADAM.lr, ADAM.beta1, ADAM.beta2, ADAM.eps);
  let checked: Outputs | null = null;
  return {
    run() {
      const { value, grads } = optimizer.computeGradients(
        () => tf.losses.softmaxCrossEntropy(onehot, forward()) as Tf.Scalar,
        vars,
      );
      if (checked === null) {
        checked = [
          f32(value.dataSync() as Float32Array),
          ...init.map((q, i) =>
            fromTfLayout(q, f32(grads[vars[i].name].dataSync() as Float32Array)),
          ),
        ];
      }
      optimizer.applyGradients(grads as Tf.NamedTensorMap as never);
      tf.dispose([value, ...Object.values(grads)]);
    },
    output: () => checked as Outputs,
    dispose() {
      optimizer.dispose();
      tf.dispose([x, onehot, ...vars]);
    },
  };
}

type A = Jax.Array;

export function jaxMnist(p: MnistParams, ctx: EngineContext): Prepared {
  const jax = jaxOf(ctx);
  const { numpy: np, lax, nn } = jax;
  const init = lenetParams();
  let params: A[] = init.map((q) => np.array(q.data, { shape: q.shape }));
  const batch = mnistBatch(p.batch);
  const x = np.array(batch.x, { shape: [p.batch, 1, 28, 28] });
  const onehot = nn.oneHot(np.array(batch.labels, { shape: [p.batch], dtype: np.int32 }), 10);
  const pool = (a: A) => lax.reduceWindow(a, (w: A) => np.max(w), [1, 1, 2, 2], [1, 1, 2, 2]);
  const conv = (a: A, w: A, b: A, pad: number) =>
    lax
      .convGeneralDilated(
        a,
        w,
        [1, 1],
        [
          [pad, pad],
          [pad, pad],
        ],
      )
      .add(b.reshape([1, b.shape[0], 1, 1]));
  const dense = (a: A, w: A, b: A) => np.matmul(a, np.transpose(w)).add(b);
  // Each parameter is used once, so no `.ref` is needed inside (jax-js moves arrays into ops).
  const forward = (ps: A[], input: A) => {
    let h = pool(nn.relu(conv(input, ps[0], ps[1], 2)));
    h = pool(nn.relu(conv(h, ps[2], ps[3], 0))).reshape([p.batch, 400]);
    h = nn.relu(dense(h, ps[4], ps[5]));
    h = nn.relu(dense(h, ps[6], ps[7]));
    return dense(h, ps[8], ps[9]);
  };
  if (p.mode === 'inference') {
    const fn = jax.jit((ps: A[], input: A) => forward(ps, input));
    let out: A | null = null;
    return {
      before() {
        out?.dispose();
        out = null;
      },
      async run() {
        out = fn(
          params.map((q) => q.ref),
          x.ref,
        );
        await out.blockUntilReady();
      },
      output: async () => [f32((await (out as A).ref.data()) as Float32Array)],
      dispose() {
        out?.dispose();
        jax.tree.dispose([params, x, onehot]);
      },
    };
  }
  const loss = (ps: A[], input: A, t: A) =>
    np.mean(np.negative(np.sum(nn.logSoftmax(forward(ps, input), -1).mul(t), -1)));
  const { beta1: b1, beta2: b2, eps } = ADAM;
  // One Adam step in PyTorch's form: p −= a·m / (√v·b + ε), a = lr/(1 − β1ᵗ), b = 1/√(1 − β2ᵗ).
  const step = jax.jit((ps: A[], ms: A[], vs: A[], input: A, t: A, a: A, b: A) => {
    const [value, grads] = jax.valueAndGrad(loss)(
      ps.map((q) => q.ref),
      input,
      t,
    ) as [A, A[]];
    const newM = ms.map((m, i) => m.mul(b1).add(grads[i].ref.mul(1 - b1)));
    const newV = vs.map((v, i) => v.mul(b2).add(grads[i].ref.mul(grads[i].ref).mul(1 - b2)));
    const newP = ps.map((q, i) =>
      q.sub(newM[i].ref.mul(a.ref).div(np.sqrt(newV[i].ref).mul(b.ref).add(eps))),
    );
    a.dispose();
    b.dispose();
    return [value, grads, newP, newM, newV];
  });
  let ms: A[] = init.map((q) => np.zeros(q.shape));
  let vs: A[] = init.map((q) => np.zeros(q.shape));
  let t = 0;
  let checked: Outputs | null = null;
  return {
    async run() {
      t++;
      const a = np.array(ADAM.lr / (1 - b1 ** t));
      const b = np.array(1 / Math.sqrt(1 - b2 ** t));
      const [value, grads, newP, newM, newV] = step(params, ms, vs, x.ref, onehot.ref, a, b) as [
        A,
        A[],
        A[],
        A[],
        A[],
      ];
      params = newP;
      ms = newM;
      vs = newV;
      await jax.blockUntilReady([params, ms, vs]);
      if (checked === null)
        checked = [
          f32((await value.data()) as Float32Array),
          ...(await Promise.all(grads.map(async (g) => f32((await g.data()) as Float32Array)))),
        ];
      else jax.tree.dispose([value, grads]);
    },
    output: () => checked as Outputs,
    dispose() {
      jax.tree.dispose([params, ms, vs, x, onehot]);
    },
  };
}
