import { conv2d } from '@convkit/layers';
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
import {
  hwioToOihw,
  nchwToNhwc,
  nhwcToNchw,
  oihwToHwio,
  toFloat64,
  uniform,
} from '../internal/data';
import type { BenchCase, EngineContext, Outputs, Prepared, Variant } from './types';

export type ConvMode = 'forward' | 'backward-input' | 'backward-weight' | 'forward-backward';

export interface ConvParams {
  n: number;
  c: number;
  h: number;
  w: number;
  outC: number;
  k: number;
  stride: number;
  pad: number;
  groups: number;
  mode: ConvMode;
}

interface Shape {
  key: string;
  n: number;
  c: number;
  h: number;
  outC: number;
  k: number;
  stride?: number;
  groups?: number;
}

// The issue's workloads (a)–(d), a stride-2 case and a depthwise (MobileNet-style) case.
const FULL: Shape[] = [
  { key: 'a', n: 32, c: 1, h: 28, outC: 8, k: 5 },
  { key: 'b', n: 32, c: 8, h: 14, outC: 16, k: 3 },
  { key: 'c', n: 16, c: 16, h: 32, outC: 32, k: 3 },
  { key: 'd', n: 8, c: 32, h: 64, outC: 64, k: 3 },
  { key: 's2', n: 16, c: 16, h: 32, outC: 32, k: 3, stride: 2 },
  { key: 'dw', n: 16, c: 32, h: 32, outC: 32, k: 3, groups: 32 },
];

const QUICK: Shape[] = [
  { key: 'a', n: 2, c: 1, h: 8, outC: 2, k: 5 },
  { key: 'b', n: 2, c: 2, h: 6, outC: 3, k: 3 },
  { key: 's2', n: 2, c: 2, h: 8, outC: 3, k: 3, stride: 2 },
  { key: 'dw', n: 2, c: 3, h: 6, outC: 3, k: 3, groups: 3 },
];

const MODES: { mode: ConvMode; short: string; factor: number }[] = [
  { mode: 'forward', short: 'fwd', factor: 1 },
  { mode: 'backward-input', short: 'bwd-in', factor: 1 },
  { mode: 'backward-weight', short: 'bwd-w', factor: 1 },
  { mode: 'forward-backward', short: 'fwd+bwd', factor: 3 },
];

export function outSize(p: ConvParams): { oh: number; ow: number } {
  return {
    oh: Math.floor((p.h + 2 * p.pad - p.k) / p.stride) + 1,
    ow: Math.floor((p.w + 2 * p.pad - p.k) / p.stride) + 1,
  };
}

/** Forward FLOPs: 2 · N · outC · outH · outW · (C/groups) · kH · kW. */
export function convFlops(p: Omit<ConvParams, 'mode'>): number {
  const { oh, ow } = outSize({ ...p, mode: 'forward' });
  return 2 * p.n * p.outC * oh * ow * (p.c / p.groups) * p.k * p.k;
}

function variants(quick: boolean): Variant<ConvParams>[] {
  const out: Variant<ConvParams>[] = [];
  for (const s of quick ? QUICK : FULL) {
    const stride = s.stride ?? 1;
    const groups = s.groups ?? 1;
    const base = {
      n: s.n,
      c: s.c,
      h: s.h,
      w: s.h,
      outC: s.outC,
      k: s.k,
      stride,
      pad: (s.k - 1) >> 1,
      groups,
    };
    const shape = `${s.n}×${s.c}×${s.h}×${s.h} → ${s.outC}, ${s.k}×${s.k}${stride > 1 ? `, stride ${stride}` : " 'same'"}${groups > 1 ? ', depthwise' : ''}`;
    for (const m of MODES) {
      out.push({
        id: `conv2d/${s.key}/${m.mode}`,
        title: `conv2d (${s.key}) ${m.short}`,
        detail: shape,
        params: { ...base, mode: m.mode },
        flops: convFlops(base) * m.factor,
        tolerance: m.mode === 'forward' ? 2e-4 : 1e-3,
        family: `conv2d/${m.mode}${groups > 1 ? '/depthwise' : ''}`,
      });
    }
  }
  return out;
}

/** The inputs every engine starts from: x, weight and the output gradient, in NCHW/OIHW. */
export function convInputs(p: ConvParams): {
  x: Float32Array;
  weight: Float32Array;
  dy: Float32Array;
} {
  const { oh, ow } = outSize(p);
  return {
    x: uniform(11, p.n * p.c * p.h * p.w),
    weight: uniform(12, p.outC * (p.c / p.groups) * p.k * p.k),
    dy: uniform(13, p.n * p.outC * oh * ow),
  };
}

/**
 * convkit through its public API. conv2d has no separate backward functions, so the two
 * backward modes go through autograd with only x (or only the weight) requiring grad: the
 * forward runs untimed in `before`, and `backward(dy)` is the timed region; the fused conv
 * backward skips the gradient nobody asked for.
 */
function convkitSetup(p: ConvParams, dtype: 'float32' | 'float64'): Prepared {
  const inputs = convInputs(p);
  const make = (a: Float32Array, shape: number[]) =>
    new Tensor(dtype === 'float64' ? toFloat64(a) : a.slice(), shape);
  const { oh, ow } = outSize(p);
  const x = make(inputs.x, [p.n, p.c, p.h, p.w]);
  const weight = make(inputs.weight, [p.outC, p.c / p.groups, p.k, p.k]);
  const dy = make(inputs.dy, [p.n, p.outC, oh, ow]);
  const options = { stride: p.stride, padding: p.pad, groups: p.groups };
  x.requiresGrad = p.mode === 'backward-input' || p.mode === 'forward-backward';
  weight.requiresGrad = p.mode === 'backward-weight' || p.mode === 'forward-backward';
  let y: Tensor | null = null;
  const grads = (): Outputs => {
    const out: Outputs = [];
    if (x.requiresGrad) out.push((x.grad as Tensor).data as Float32Array);
    if (weight.requiresGrad) out.push((weight.grad as Tensor).data as Float32Array);
    return out;
  };
  switch (p.mode) {
    case 'forward':
      return {
        run() {
          y = conv2d(x, weight, options);
        },
        output: () => [(y as Tensor).data as Float32Array],
      };
    case 'forward-backward':
      return {
        before() {
          x.grad = null;
          weight.grad = null;
        },
        run() {
          conv2d(x, weight, options).backward(dy);
        },
        output: grads,
      };
    default:
      return {
        before() {
          x.grad = null;
          weight.grad = null;
          y = conv2d(x, weight, options);
        },
        run() {
          (y as Tensor).backward(dy);
        },
        output: grads,
      };
  }
}

/**
 * TF.js works in NHWC with [kH, kW, inC, outC] filters (depthwise: [kH, kW, C, 1]); inputs
 * are converted before and outputs after, outside the timed region. The backward modes call
 * the backprop kernels directly; forward+backward goes through `tf.grads`.
 */
function tfjsSetup(p: ConvParams, ctx: EngineContext): Prepared {
  const tf = tfOf(ctx);
  const { oh, ow } = outSize(p);
  const depthwise = p.groups > 1;
  if (depthwise && (p.groups !== p.c || p.outC !== p.c))
    throw new Error('conv2d: TF.js path supports groups 1 or depthwise only');
  const inputs = convInputs(p);
  const cin = p.c / p.groups;
  const x = tf.tensor4d(nchwToNhwc(inputs.x, p.n, p.c, p.h, p.w), [p.n, p.h, p.w, p.c]);
  const filterShape: [number, number, number, number] = depthwise
    ? [p.k, p.k, p.c, 1]
    : [p.k, p.k, p.c, p.outC];
  const filter = tf.tensor4d(oihwToHwio(inputs.weight, p.outC, cin, p.k, p.k), filterShape);
  const dy = tf.tensor4d(nchwToNhwc(inputs.dy, p.n, p.outC, oh, ow), [p.n, oh, ow, p.outC]);
  const names = depthwise
    ? {
        fwd: 'DepthwiseConv2dNative',
        bin: 'DepthwiseConv2dNativeBackpropInput',
        bw: 'DepthwiseConv2dNativeBackpropFilter',
      }
    : { fwd: 'Conv2D', bin: 'Conv2DBackpropInput', bw: 'Conv2DBackpropFilter' };
  const attrs = {
    strides: p.stride,
    pad: p.pad,
    dimRoundingMode: undefined,
    dilations: 1,
    dataFormat: 'NHWC',
  };
  const conv = (a: Tf.Tensor4D, b: Tf.Tensor4D): Tf.Tensor4D =>
    depthwise ? tf.depthwiseConv2d(a, b, p.stride, p.pad) : tf.conv2d(a, b, p.stride, p.pad);
  const toX = (d: Float32Array) => nhwcToNchw(d, p.n, p.c, p.h, p.w);
  const toW = (d: Float32Array) => hwioToOihw(d, p.outC, cin, p.k, p.k);
  const keep = [x, filter, dy];
  const run = (name: string, ins: Record<string, Tf.Tensor>, extra: object) =>
    tf
      .engine()
      .runKernel(
        name,
        ins as unknown as Tf.NamedTensorMap,
        { ...attrs, ...extra } as unknown as Tf.NamedAttrMap,
      ) as Tf.Tensor;
  switch (p.mode) {
    case 'forward':
      needKernels(tf, [names.fwd]);
      return tfPrepared(
        tf,
        () => conv(x, filter),
        ([y]) => [nhwcToNchw(y, p.n, p.outC, oh, ow)],
        keep,
      );
    case 'backward-input':
      needKernels(tf, [names.bin]);
      return tfPrepared(
        tf,
        () => run(names.bin, { dy, filter }, { inputShape: x.shape }),
        ([d]) => [toX(d)],
        keep,
      );
    case 'backward-weight':
      needKernels(tf, [names.bw]);
      return tfPrepared(
        tf,
        () => run(names.bw, { x, dy }, { filterShape }),
        ([d]) => [toW(d)],
        keep,
      );
    case 'forward-backward': {
      needKernels(tf, [names.fwd, names.bin, names.bw]);
      const grads = tf.grads((a: Tf.Tensor, b: Tf.Tensor) =>
        conv(a as Tf.Tensor4D, b as Tf.Tensor4D),
      );
      return tfPrepared(
        tf,
        () => grads([x, filter], dy),
        ([dx, dw]) => [toX(dx), toW(dw)],
        keep,
      );
    }
  }
}

/** jax-js (NCHW/OIHW like convkit) through `jit`; the backward modes are `jit(grad(⟨conv, dy⟩))`. */
function jaxSetup(p: ConvParams, ctx: EngineContext): Prepared {
  const jax = jaxOf(ctx);
  const { numpy: np, lax } = jax;
  const { oh, ow } = outSize(p);
  const inputs = convInputs(p);
  const x = np.array(inputs.x, { shape: [p.n, p.c, p.h, p.w] });
  const weight = np.array(inputs.weight, { shape: [p.outC, p.c / p.groups, p.k, p.k] });
  const dy = np.array(inputs.dy, { shape: [p.n, p.outC, oh, ow] });
  const pads: [number, number][] = [
    [p.pad, p.pad],
    [p.pad, p.pad],
  ];
  type A = typeof x;
  const conv = (a: A, b: A) =>
    lax.convGeneralDilated(a, b, [p.stride, p.stride], pads, { featureGroupCount: p.groups });
  const inner = (a: A, b: A, d: A) => np.sum(conv(a, b).mul(d));
  switch (p.mode) {
    case 'forward':
      dy.dispose();
      return jaxPrepared(jax, jax.jit(conv), [x, weight]);
    case 'backward-input':
      return jaxPrepared(jax, jax.jit(jax.grad(inner)), [x, weight, dy]);
    case 'backward-weight':
      return jaxPrepared(jax, jax.jit(jax.grad((b: A, a: A, d: A) => inner(a, b, d))), [
        weight,
        x,
        dy,
      ]);
    case 'forward-backward':
      return jaxPrepared(jax, jax.jit(jax.grad(inner, { argnums: [0, 1] })), [x, weight, dy]);
  }
}

export const conv2dCase: BenchCase<ConvParams> = {
  name: 'conv2d',
  description:
    'conv2d forward, backward-input, backward-weight and forward+backward (autograd) on workloads (a)–(d), stride 2 and depthwise',
  variants,
  setups: {
    reference: (p) => convkitSetup(p, 'float64'),
    convkit: (p) => convkitSetup(p, 'float32'),
    tfjs: tfjsSetup,
    jax: jaxSetup,
    ort: (p, ctx) => {
      if (p.mode !== 'forward') return inferenceOnly('onnxruntime-node');
      const { oh, ow } = outSize(p);
      const { x, weight } = convInputs(p);
      return ortPrepared(
        ctx,
        {
          inputs: [{ name: 'x', shape: [p.n, p.c, p.h, p.w] }],
          outputs: [{ name: 'y', shape: [p.n, p.outC, oh, ow] }],
          initializers: [{ name: 'w', dims: [p.outC, p.c / p.groups, p.k, p.k], data: weight }],
          nodes: [
            {
              op: 'Conv',
              inputs: ['x', 'w'],
              outputs: ['y'],
              attributes: {
                kernel_shape: [p.k, p.k],
                pads: [p.pad, p.pad, p.pad, p.pad],
                strides: [p.stride, p.stride],
                group: p.groups,
              },
            },
          ],
        },
        { x: { data: x, shape: [p.n, p.c, p.h, p.w] } },
      );
    },
  },
};
