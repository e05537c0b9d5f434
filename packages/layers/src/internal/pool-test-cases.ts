import { createRng, type DType, randn, type Tensor, tensor } from '@convkit/tensor';
import fc from 'fast-check';

// For the tests only: random valid window-pooling settings and naive references, written
// from the definitions (textbook loops, no shared helpers with the kernels).

/** One random pooling call. */
export interface PoolCase {
  n: number;
  c: number;
  h: number;
  w: number;
  kernelSize: [number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  ceilMode: boolean;
  seed: number;
}

export interface PoolCaseOptions {
  /** Allow dilation 2 (max pooling only). Default false. */
  dilation?: boolean;
}

const pair = (min: number, max: number) =>
  fc.tuple(fc.integer({ min, max }), fc.integer({ min, max }));

/**
 * Kernels 1–3, strides 1–3, padding up to half the kernel, optional dilation, either
 * rounding; H and W from the dilated kernel to 3 more, so there is always an output.
 */
export function poolCaseArb(options: PoolCaseOptions = {}): fc.Arbitrary<PoolCase> {
  return fc
    .record({
      n: fc.integer({ min: 1, max: 2 }),
      c: fc.integer({ min: 1, max: 2 }),
      kernelSize: pair(1, 3),
      stride: pair(1, 3),
      padFraction: pair(0, 1),
      dilation: options.dilation ? pair(1, 2) : fc.constant<[number, number]>([1, 1]),
      extra: pair(0, 3),
      ceilMode: fc.boolean(),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    })
    .map((r) => {
      const [kH, kW] = r.kernelSize;
      return {
        n: r.n,
        c: r.c,
        h: r.dilation[0] * (kH - 1) + 1 + r.extra[0],
        w: r.dilation[1] * (kW - 1) + 1 + r.extra[1],
        kernelSize: r.kernelSize,
        stride: r.stride,
        padding: [r.padFraction[0] * Math.floor(kH / 2), r.padFraction[1] * Math.floor(kW / 2)],
        dilation: r.dilation,
        ceilMode: r.ceilMode,
        seed: r.seed,
      };
    });
}

/** Random input of a case: normal values, or small integers (many ties) with `ties`. */
export function poolCaseInput(
  k: PoolCase,
  options: { ties?: boolean; dtype?: DType } = {},
): Tensor {
  const dtype = options.dtype ?? 'float64';
  const x = randn([k.n, k.c, k.h, k.w], { dtype, rng: createRng(k.seed) });
  if (options.ties) for (let i = 0; i < x.size; i++) x.data[i] = Math.round(x.data[i]);
  return x;
}

/** PyTorch's output length, ceil mode's last window starting inside input or left padding. */
export function refPoolSize(
  size: number,
  k: number,
  s: number,
  p: number,
  d: number,
  ceil: boolean,
): number {
  const span = size + 2 * p - d * (k - 1) - 1;
  let out = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  if (ceil && (out - 1) * s >= size + p) out -= 1;
  return out;
}

function outSizes(k: PoolCase): [number, number] {
  return [
    refPoolSize(k.h, k.kernelSize[0], k.stride[0], k.padding[0], k.dilation[0], k.ceilMode),
    refPoolSize(k.w, k.kernelSize[1], k.stride[1], k.padding[1], k.dilation[1], k.ceilMode),
  ];
}

/**
 * Max pooling by its definition: the largest tap of each window (padding never wins), and
 * the flat in-plane index of the first largest tap in row-major order (−1 if none).
 */
export function refMaxPool(x: Tensor, k: PoolCase): { out: Tensor; indices: number[] } {
  const [outH, outW] = outSizes(k);
  const out: number[] = [];
  const indices: number[] = [];
  for (let plane = 0; plane < k.n * k.c; plane++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        let best = Number.NEGATIVE_INFINITY;
        let at = -1;
        for (let i = 0; i < k.kernelSize[0]; i++) {
          for (let j = 0; j < k.kernelSize[1]; j++) {
            const y = oy * k.stride[0] - k.padding[0] + i * k.dilation[0];
            const xx = ox * k.stride[1] - k.padding[1] + j * k.dilation[1];
            if (y < 0 || y >= k.h || xx < 0 || xx >= k.w) continue;
            const v = x.data[plane * k.h * k.w + y * k.w + xx];
            if (at < 0 || v > best) {
              best = v;
              at = y * k.w + xx;
            }
          }
        }
        out.push(best);
        indices.push(at);
      }
    }
  }
  return { out: tensor(out, { shape: [k.n, k.c, outH, outW], dtype: 'float64' }), indices };
}

/**
 * Average pooling by PyTorch's definition: the window sum over the window's size clipped to
 * the padded input (`countIncludePad`) or over the number of real inputs in it.
 */
export function refAvgPool(x: Tensor, k: PoolCase, countIncludePad: boolean): Tensor {
  const [outH, outW] = outSizes(k);
  const out: number[] = [];
  for (let plane = 0; plane < k.n * k.c; plane++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        let sum = 0;
        let real = 0;
        let padded = 0;
        for (let i = 0; i < k.kernelSize[0]; i++) {
          for (let j = 0; j < k.kernelSize[1]; j++) {
            const y = oy * k.stride[0] - k.padding[0] + i;
            const xx = ox * k.stride[1] - k.padding[1] + j;
            if (y >= k.h + k.padding[0] || xx >= k.w + k.padding[1]) continue;
            padded++;
            if (y < 0 || y >= k.h || xx < 0 || xx >= k.w) continue;
            real++;
            sum += x.data[plane * k.h * k.w + y * k.w + xx];
          }
        }
        out.push(real === 0 ? 0 : sum / (countIncludePad ? padded : real));
      }
    }
  }
  return tensor(out, { shape: [k.n, k.c, outH, outW], dtype: 'float64' });
}

/** The pooling options of a case. */
export function poolCaseOptions(k: PoolCase) {
  return { kernelSize: k.kernelSize, stride: k.stride, padding: k.padding, ceilMode: k.ceilMode };
}
