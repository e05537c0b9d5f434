import { defineOp, type Shape, Tensor } from '@convkit/tensor';
import { describe } from '../internal/conv-geometry';
import { allocLike, type FloatArray } from '../internal/float-array';
import { type PoolGeometry, resolvePool } from '../internal/pool-options';

/** Options of {@link avgPool2d}. */
export interface AvgPool2dOptions {
  /** Window size, one for both axes or [kH, kW]. */
  kernelSize: number | [number, number];
  /** Step between windows. Default: the kernel size. */
  stride?: number | [number, number];
  /** Implicit zero padding on both sides, at most half the kernel size. Default 0. */
  padding?: number | [number, number];
  /** Round the output size up instead of down (PyTorch's rule). Default false. */
  ceilMode?: boolean;
  /** Count padded zeros in the divisor (they never count beyond the padding). Default true. */
  countIncludePad?: boolean;
  /** Divide every window sum by this instead of the window size. */
  divisorOverride?: number;
}

interface AvgSettings {
  countIncludePad: boolean;
  divisor: number | null;
}

/**
 * Visits every window as PyTorch's avg_pool2d does: the divisor counts the window clipped
 * to the padded input (or to the input alone without `countIncludePad`); a window wholly in
 * the padding averages nothing and gives 0. `forward` true writes means into `out` from
 * `x`; false adds `dOut / divisor` back over each window into `x` (the backward).
 */
function avgPoolWindows(
  x: FloatArray,
  out: FloatArray,
  g: PoolGeometry,
  s: AvgSettings,
  forward: boolean,
): void {
  const { planes, h, w, kH, kW, strideH, strideW, padH, padW, outH, outW } = g;
  let k = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * h * w;
    for (let oh = 0; oh < outH; oh++) {
      const hs = oh * strideH - padH;
      const hePad = Math.min(hs + kH, h + padH);
      const h0 = Math.max(hs, 0);
      const h1 = Math.min(hePad, h);
      for (let ow = 0; ow < outW; ow++, k++) {
        const ws = ow * strideW - padW;
        const wePad = Math.min(ws + kW, w + padW);
        const w0 = Math.max(ws, 0);
        const w1 = Math.min(wePad, w);
        if (h0 >= h1 || w0 >= w1) {
          if (forward) out[k] = 0;
          continue;
        }
        const divisor =
          s.divisor ?? (s.countIncludePad ? (hePad - hs) * (wePad - ws) : (h1 - h0) * (w1 - w0));
        if (forward) {
          let acc = 0;
          for (let i = h0; i < h1; i++) for (let j = w0; j < w1; j++) acc += x[base + i * w + j];
          out[k] = acc / divisor;
        } else {
          const share = out[k] / divisor;
          for (let i = h0; i < h1; i++) for (let j = w0; j < w1; j++) x[base + i * w + j] += share;
        }
      }
    }
  }
}

const avgPoolOp = defineOp({
  name: 'avgPool2d',
  forward(x: Tensor, geometry: PoolGeometry, settings: AvgSettings, outShape: Shape) {
    const out = allocLike(x.data as FloatArray, geometry.planes * geometry.outH * geometry.outW);
    avgPoolWindows(x.data as FloatArray, out, geometry, settings, true);
    return { out: new Tensor(out, outShape), saved: { inputShape: x.shape, geometry, settings } };
  },
  backward(dOut, { inputShape, geometry, settings }) {
    const d = dOut.data as FloatArray;
    const dx = allocLike(d, geometry.planes * geometry.h * geometry.w);
    avgPoolWindows(dx, d, geometry, settings, false);
    return [new Tensor(dx, inputShape)];
  },
});

/**
 * 2-D average pooling over NCHW input: [N, C, H, W] (or [C, H, W]) → [N, C, outH, outW] with
 * outH = ⌊(H + 2·pH − kH)/sH⌋ + 1 (rounded up with `ceilMode`). Each output is the window
 * sum over its divisor: the window size including padding (`countIncludePad`, default), the
 * count of real inputs, or `divisorOverride`. The gradient spreads evenly: every input in a
 * window receives dOut / divisor.
 * @example
 * avgPool2d(tensor([[[[1, 2], [3, 4]]]]), { kernelSize: 2 }); // [[[[2.5]]]]
 */
export function avgPool2d(x: Tensor, options: AvgPool2dOptions): Tensor {
  const r = resolvePool('avgPool2d', x, { ...options, dilation: 1 });
  const countIncludePad = options.countIncludePad ?? true;
  if (typeof countIncludePad !== 'boolean') {
    throw new TypeError(
      `avgPool2d: countIncludePad must be a boolean, got ${describe(countIncludePad)}`,
    );
  }
  const divisor = options.divisorOverride ?? null;
  if (divisor !== null && !(Number.isInteger(divisor) && divisor !== 0)) {
    throw new RangeError(
      `avgPool2d: divisorOverride must be a non-zero integer, got ${describe(divisor)}`,
    );
  }
  return avgPoolOp(r.x, r.geom, { countIncludePad, divisor }, r.outShape);
}
