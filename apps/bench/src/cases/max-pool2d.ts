import { maxPool2d } from '@convkit/layers';
import { Tensor } from '@convkit/tensor';
import type * as Tf from '@tensorflow/tfjs';
import {
  inferenceOnly,
  jaxOf,
  jaxPrepared,
  needKernels,
  ortPrepared,
  tfOf,
  tfPrepared,
} from '../engines/helpers';
import { distinct, nchwToNhwc, nhwcToNchw, toFloat64, uniform } from '../internal/data';
import type { BenchCase, Prepared, Variant } from './types';

export interface PoolParams {
  n: number;
  c: number;
  h: number;
  mode: 'forward' | 'forward-backward';
}

function inputs(p: PoolParams): { x: Float32Array; dy: Float32Array } {
  const o = p.h / 2;
  // Distinct values: no ties, so every engine routes each gradient to the same element.
  return { x: distinct(31, p.n * p.c * p.h * p.h), dy: uniform(32, p.n * p.c * o * o) };
}

function variants(quick: boolean): Variant<PoolParams>[] {
  const [n, c, h] = quick ? [2, 2, 8] : [16, 32, 64];
  return (['forward', 'forward-backward'] as const).map((mode) => ({
    id: `max-pool2d/${mode}`,
    title: `maxPool2d 2×2 ${mode === 'forward' ? 'fwd' : 'fwd+bwd'}`,
    detail: `${n}×${c}×${h}×${h}, kernel 2, stride 2`,
    params: { n, c, h, mode },
    items: { count: (n * c * h * h) / 1e6, unit: 'Melem' },
    tolerance: 1e-6,
  }));
}

function convkitSetup(p: PoolParams, dtype: 'float32' | 'float64'): Prepared {
  const { x: xs, dy: dys } = inputs(p);
  const o = p.h / 2;
  const x = new Tensor(dtype === 'float64' ? toFloat64(xs) : xs, [p.n, p.c, p.h, p.h]);
  const dy = new Tensor(dtype === 'float64' ? toFloat64(dys) : dys, [p.n, p.c, o, o]);
  let y: Tensor | null = null;
  if (p.mode === 'forward') {
    return {
      run() {
        y = maxPool2d(x, { kernelSize: 2 });
      },
      output: () => [(y as Tensor).data as Float32Array],
    };
  }
  x.requiresGrad = true;
  return {
    before() {
      x.grad = null;
    },
    run() {
      maxPool2d(x, { kernelSize: 2 }).backward(dy);
    },
    output: () => [(x.grad as Tensor).data as Float32Array],
  };
}

export const maxPool2dCase: BenchCase<PoolParams> = {
  name: 'max-pool2d',
  description: 'maxPool2d 2×2, stride 2: forward, and forward+backward through autograd',
  variants,
  setups: {
    reference: (p) => convkitSetup(p, 'float64'),
    convkit: (p) => convkitSetup(p, 'float32'),
    tfjs(p, ctx) {
      const tf = tfOf(ctx);
      const o = p.h / 2;
      const { x: xs, dy: dys } = inputs(p);
      const x = tf.tensor4d(nchwToNhwc(xs, p.n, p.c, p.h, p.h), [p.n, p.h, p.h, p.c]);
      const dy = tf.tensor4d(nchwToNhwc(dys, p.n, p.c, o, o), [p.n, o, o, p.c]);
      const pool = (a: Tf.Tensor) => tf.maxPool(a as Tf.Tensor4D, 2, 2, 'valid');
      if (p.mode === 'forward') {
        needKernels(tf, ['MaxPool']);
        return tfPrepared(
          tf,
          () => pool(x),
          ([y]) => [nhwcToNchw(y, p.n, p.c, o, o)],
          [x, dy],
        );
      }
      needKernels(tf, ['MaxPool', 'MaxPoolGrad']);
      const grad = tf.grad(pool);
      return tfPrepared(
        tf,
        () => grad(x, dy),
        ([dx]) => [nhwcToNchw(dx, p.n, p.c, p.h, p.h)],
        [x, dy],
      );
    },
    ort(p, ctx) {
      if (p.mode !== 'forward') return inferenceOnly('onnxruntime-node');
      const o = p.h / 2;
      return ortPrepared(
        ctx,
        {
          inputs: [{ name: 'x', shape: [p.n, p.c, p.h, p.h] }],
          outputs: [{ name: 'y', shape: [p.n, p.c, o, o] }],
          nodes: [
            {
              op: 'MaxPool',
              inputs: ['x'],
              outputs: ['y'],
              attributes: { kernel_shape: [2, 2], strides: [2, 2] },
            },
          ],
        },
        { x: { data: inputs(p).x, shape: [p.n, p.c, p.h, p.h] } },
      );
    },
    jax(p, ctx) {
      const jax = jaxOf(ctx);
      const { numpy: np, lax } = jax;
      const o = p.h / 2;
      const { x: xs, dy: dys } = inputs(p);
      const x = np.array(xs, { shape: [p.n, p.c, p.h, p.h] });
      type A = typeof x;
      const pool = (a: A) => lax.reduceWindow(a, (w: A) => np.max(w), [1, 1, 2, 2], [1, 1, 2, 2]);
      if (p.mode === 'forward') return jaxPrepared(jax, jax.jit(pool), [x]);
      const dy = np.array(dys, { shape: [p.n, p.c, o, o] });
      return jaxPrepared(jax, jax.jit(jax.grad((a: A, d: A) => np.sum(pool(a).mul(d)))), [x, dy]);
    },
  },
};
