import { gaborKernel } from '@convkit/gabor';
import { conv2d } from '@convkit/layers';
import { Tensor } from '@convkit/tensor';
import type * as Tf from '@tensorflow/tfjs';
import { jaxOf, jaxPrepared, needKernels, tfOf, tfPrepared } from '../engines/helpers';
import { nchwToNhwc, toFloat64, uniform } from '../internal/data';
import { type BenchCase, NotSupported, type Prepared, type Variant } from './types';

export interface GaborParams {
  n: number;
  h: number;
  filters: number;
  k: number;
  mode: 'synthesis' | 'layer';
}

const NAMES = ['theta', 'sigma', 'lambda', 'psi', 'gamma'] as const;

/** A bank-like spread of orientations, scales and phases (well away from σ, λ → 0). */
function bank(f: number): number[][] {
  const cols = NAMES.map(() => new Array<number>(f));
  for (let i = 0; i < f; i++) {
    cols[0][i] = ((i % 8) * Math.PI) / 8;
    cols[1][i] = 2 + 0.5 * ((i >> 3) % 4);
    cols[2][i] = 4 + ((i >> 3) % 4);
    cols[3][i] = (i % 2) * (Math.PI / 2);
    cols[4][i] = 0.5 + 0.1 * (i % 4);
  }
  return cols;
}

function inputs(p: GaborParams): { x: Float32Array; dy: Float32Array; params: Float32Array[] } {
  return {
    x: uniform(51, p.n * p.h * p.h),
    dy: uniform(52, p.n * p.filters * p.h * p.h),
    params: bank(p.filters).map((c) => Float32Array.from(c)),
  };
}

function variants(quick: boolean): Variant<GaborParams>[] {
  const base = quick ? { n: 2, h: 8, filters: 4, k: 5 } : { n: 32, h: 28, filters: 32, k: 11 };
  const convFlops = 2 * base.n * base.filters * base.h * base.h * base.k * base.k;
  const bankText = `${base.filters} filters ${base.k}×${base.k}`;
  return [
    {
      id: 'gabor/synthesis',
      title: 'Gabor synthesis',
      detail: `gaborKernel forward: ${bankText} from θ, σ, λ, ψ, γ`,
      params: { ...base, mode: 'synthesis' },
      tolerance: 1e-5,
    },
    {
      id: 'gabor/layer',
      title: 'Gabor layer fwd+bwd',
      detail: `synthesis + conv2d ${base.n}×1×${base.h}×${base.h} → ${bankText} 'same', backward to the five parameters`,
      params: { ...base, mode: 'layer' },
      // Forward conv plus the weight-gradient conv (the input needs no gradient).
      flops: 2 * convFlops,
      tolerance: 1e-3,
    },
  ];
}

function convkitSetup(p: GaborParams, dtype: 'float32' | 'float64'): Prepared {
  const data = inputs(p);
  const f = (a: Float32Array) => (dtype === 'float64' ? toFloat64(a) : a);
  const params = data.params.map((a) => new Tensor(f(a), [p.filters]));
  const [theta, sigma, lambda, psi, gamma] = params;
  const x = new Tensor(f(data.x), [p.n, 1, p.h, p.h]);
  const dy = new Tensor(f(data.dy), [p.n, p.filters, p.h, p.h]);
  const synth = () => gaborKernel({ theta, sigma, lambda, psi, gamma }, p.k);
  if (p.mode === 'synthesis') {
    let w: Tensor | null = null;
    return {
      run() {
        w = synth();
      },
      output: () => [(w as Tensor).data as Float32Array],
    };
  }
  for (const t of params) t.requiresGrad = true;
  return {
    before() {
      for (const t of params) t.grad = null;
    },
    run() {
      const w = synth().reshape([p.filters, 1, p.k, p.k]);
      conv2d(x, w, { padding: (p.k - 1) / 2 }).backward(dy);
    },
    output: () => params.map((t) => (t.grad as Tensor).data as Float32Array),
  };
}

export const gaborCase: BenchCase<GaborParams> = {
  name: 'gabor',
  description:
    'Gabor layer: kernel synthesis from (θ, σ, λ, ψ, γ), then conv2d forward and backward to the parameters',
  variants,
  setups: {
    reference: (p) => convkitSetup(p, 'float64'),
    convkit: (p) => convkitSetup(p, 'float32'),
    tfjs(p, ctx) {
      const tf = tfOf(ctx);
      const data = inputs(p);
      const c = (p.k - 1) / 2;
      const grid = (fn: (i: number, j: number) => number) =>
        tf.tensor3d(
          Float32Array.from({ length: p.k * p.k }, (_, t) => fn(Math.floor(t / p.k), t % p.k)),
          [1, p.k, p.k],
        );
      const gx = grid((_, j) => j - c);
      const gy = grid((i) => i - c);
      const params = data.params.map((a) => tf.tensor1d(a));
      const x = tf.tensor4d(nchwToNhwc(data.x, p.n, 1, p.h, p.h), [p.n, p.h, p.h, 1]);
      const dy = tf.tensor4d(nchwToNhwc(data.dy, p.n, p.filters, p.h, p.h), [
        p.n,
        p.h,
        p.h,
        p.filters,
      ]);
      const keep = [gx, gy, x, dy, ...params];
      // g = exp(−(x′² + γ²y′²)/(2σ²)) · cos(2πx′/λ + ψ), x′ = x cosθ + y sinθ, y′ = −x sinθ + y cosθ
      const synth = (...ps: Tf.Tensor[]) => {
        const [th, sg, lb, ps_, gm] = ps.map((t) => t.reshape([p.filters, 1, 1]));
        const cos = tf.cos(th);
        const sin = tf.sin(th);
        const xr = gx.mul(cos).add(gy.mul(sin));
        const yr = gy.mul(cos).sub(gx.mul(sin));
        const r2 = xr.square().add(gm.square().mul(yr.square()));
        const env = tf.exp(r2.neg().div(sg.square().mul(2)));
        return env.mul(
          tf.cos(
            xr
              .mul(2 * Math.PI)
              .div(lb)
              .add(ps_),
          ),
        );
      };
      if (p.mode === 'synthesis')
        return tfPrepared(
          tf,
          () => tf.tidy(() => synth(...params)),
          (d) => d,
          keep,
        );
      needKernels(tf, ['Conv2D', 'Conv2DBackpropFilter']);
      const layer = (...ps: Tf.Tensor[]) => {
        const filter = synth(...ps)
          .transpose([1, 2, 0])
          .reshape([p.k, p.k, 1, p.filters]) as Tf.Tensor4D;
        return tf.conv2d(x, filter, 1, (p.k - 1) / 2);
      };
      const grads = tf.grads(layer);
      return tfPrepared(
        tf,
        () => grads(params, dy),
        (d) => d,
        keep,
      );
    },
    jax(p, ctx) {
      const jax = jaxOf(ctx);
      const { numpy: np, lax } = jax;
      const data = inputs(p);
      const c = (p.k - 1) / 2;
      const gx = np.array(
        Float32Array.from({ length: p.k * p.k }, (_, t) => (t % p.k) - c),
        { shape: [1, p.k, p.k] },
      );
      const gy = np.array(
        Float32Array.from({ length: p.k * p.k }, (_, t) => Math.floor(t / p.k) - c),
        { shape: [1, p.k, p.k] },
      );
      const params = data.params.map((a) => np.array(a, { shape: [p.filters] }));
      type A = typeof gx;
      // jax-js moves arrays into ops: every use but the last takes a `.ref`.
      const synth = (th0: A, sg0: A, lb0: A, ps0: A, gm0: A, X: A, Y: A) => {
        const r = (t: A) => t.reshape([p.filters, 1, 1]);
        const th = r(th0);
        const cos = np.cos(th.ref);
        const sin = np.sin(th);
        const xr = X.ref.mul(cos.ref).add(Y.ref.mul(sin.ref));
        const yr = Y.mul(cos).sub(X.mul(sin));
        const gm = r(gm0);
        const r2 = xr.ref.mul(xr.ref).add(gm.ref.mul(gm).mul(yr.ref.mul(yr)));
        const sg = r(sg0);
        const env = np.exp(np.negative(r2).div(sg.ref.mul(sg).mul(2)));
        return env.mul(
          np.cos(
            xr
              .mul(2 * Math.PI)
              .div(r(lb0))
              .add(r(ps0)),
          ),
        );
      };
      if (p.mode === 'synthesis') return jaxPrepared(jax, jax.jit(synth), [...params, gx, gy]);
      const x = np.array(data.x, { shape: [p.n, 1, p.h, p.h] });
      const dy = np.array(data.dy, { shape: [p.n, p.filters, p.h, p.h] });
      const pad: [number, number][] = [
        [c, c],
        [c, c],
      ];
      const layer = (th: A, sg: A, lb: A, ps: A, gm: A, X: A, Y: A, xin: A, d: A) => {
        const w = synth(th, sg, lb, ps, gm, X, Y).reshape([p.filters, 1, p.k, p.k]);
        return np.sum(lax.convGeneralDilated(xin, w, [1, 1], pad).mul(d));
      };
      const fn = jax.jit(jax.grad(layer, { argnums: [0, 1, 2, 3, 4] }));
      return jaxPrepared(jax, fn, [...params, gx, gy, x, dy]);
    },
    ort: () => {
      throw new NotSupported(
        'n/a',
        'not expressed as an ONNX graph here: the Gabor workload is about training its parameters',
      );
    },
  },
};
