import { matmul, Tensor } from '@convkit/tensor';
import { jaxOf, jaxPrepared, needKernels, ortPrepared, tfOf, tfPrepared } from '../engines/helpers';
import { toFloat64, uniform } from '../internal/data';
import type { BenchCase, Prepared, Variant } from './types';

export interface MatmulParams {
  n: number;
}

function inputs(p: MatmulParams): { a: Float32Array; b: Float32Array } {
  return { a: uniform(21, p.n * p.n), b: uniform(22, p.n * p.n) };
}

function variants(quick: boolean): Variant<MatmulParams>[] {
  return (quick ? [8, 16] : [256, 512, 1024]).map((n) => ({
    id: `matmul/${n}`,
    title: `matmul ${n}`,
    detail: `[${n}, ${n}] · [${n}, ${n}], float32`,
    params: { n },
    flops: 2 * n ** 3,
    // Sums of n products of values in [−1, 1): float32 round-off grows like √n.
    tolerance: 1e-4,
    family: 'matmul',
  }));
}

function convkitSetup(p: MatmulParams, dtype: 'float32' | 'float64'): Prepared {
  const { a, b } = inputs(p);
  const A = new Tensor(dtype === 'float64' ? toFloat64(a) : a, [p.n, p.n]);
  const B = new Tensor(dtype === 'float64' ? toFloat64(b) : b, [p.n, p.n]);
  let out: Tensor | null = null;
  return {
    run() {
      out = matmul(A, B);
    },
    output: () => [(out as Tensor).data as Float32Array],
  };
}

export const matmulCase: BenchCase<MatmulParams> = {
  name: 'matmul',
  description: 'Square float32 matrix product, n = 256, 512, 1024',
  variants,
  setups: {
    reference: (p) => convkitSetup(p, 'float64'),
    convkit: (p) => convkitSetup(p, 'float32'),
    tfjs(p, ctx) {
      const tf = tfOf(ctx);
      needKernels(tf, ['BatchMatMul']);
      const { a, b } = inputs(p);
      const A = tf.tensor2d(a, [p.n, p.n]);
      const B = tf.tensor2d(b, [p.n, p.n]);
      return tfPrepared(
        tf,
        () => tf.matMul(A, B),
        (d) => d,
        [A, B],
      );
    },
    ort(p, ctx) {
      const { a, b } = inputs(p);
      const shape = [p.n, p.n];
      return ortPrepared(
        ctx,
        {
          inputs: [
            { name: 'a', shape },
            { name: 'b', shape },
          ],
          outputs: [{ name: 'c', shape }],
          nodes: [{ op: 'MatMul', inputs: ['a', 'b'], outputs: ['c'] }],
        },
        { a: { data: a, shape }, b: { data: b, shape } },
      );
    },
    jax(p, ctx) {
      const jax = jaxOf(ctx);
      const { a, b } = inputs(p);
      const A = jax.numpy.array(a, { shape: [p.n, p.n] });
      const B = jax.numpy.array(b, { shape: [p.n, p.n] });
      return jaxPrepared(
        jax,
        jax.jit((x: typeof A, y: typeof A) => jax.numpy.matmul(x, y)),
        [A, B],
      );
    },
  },
  openblas(p) {
    const { a, b } = inputs(p);
    return {
      op: 'matmul',
      inputs: { a: { data: a, shape: [p.n, p.n] }, b: { data: b, shape: [p.n, p.n] } },
    };
  },
};
