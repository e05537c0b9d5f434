import { defineOp, type Shape, Tensor } from '@convkit/tensor';
import { scatterToArgmax } from '../internal/argmax-scatter';
import { describe } from '../internal/conv-geometry';
import { allocLike, type FloatArray } from '../internal/float-array';
import { type PoolGeometry, resolvePool } from '../internal/pool-options';

/** Options of {@link maxPool2d}. */
export interface MaxPool2dOptions {
  /** Window size, one for both axes or [kH, kW]. */
  kernelSize: number | [number, number];
  /** Step between windows. Default: the kernel size. */
  stride?: number | [number, number];
  /** Implicit −∞ padding on both sides, at most half the kernel size. Default 0. */
  padding?: number | [number, number];
  /** Spacing between window taps. Default 1. */
  dilation?: number | [number, number];
  /**
   * Round the output size up instead of down, so a partial window at the end still counts;
   * a window that would start in the right padding is dropped (PyTorch's rule). Default false.
   */
  ceilMode?: boolean;
}

/**
 * Per output: the window maximum and its flat index h·W + w in the input plane. Ties keep
 * the first maximum in row-major window order (strict `>`); NaN always wins, so a NaN in
 * the window gives NaN (PyTorch's `val > max || isnan(val)`).
 */
function maxPoolForward(x: FloatArray, g: PoolGeometry): { out: FloatArray; argmax: Int32Array } {
  const { planes, h, w, kH, kW, strideH, strideW, padH, padW, dilationH, dilationW, outH, outW } =
    g;
  const out = allocLike(x, planes * outH * outW);
  const argmax = new Int32Array(out.length);
  if (
    kH === 2 &&
    kW === 2 &&
    strideH === 2 &&
    strideW === 2 &&
    padH === 0 &&
    padW === 0 &&
    dilationH === 1 &&
    dilationW === 1 &&
    2 * outH <= h &&
    2 * outW <= w
  ) {
    maxPool2x2(x, planes, h, w, outH, outW, out, argmax);
    return { out, argmax };
  }
  // First and past-the-last window tap inside the input, per output column.
  const jLo = new Int32Array(outW);
  const jHi = new Int32Array(outW);
  for (let ow = 0; ow < outW; ow++) {
    const ws = ow * strideW - padW;
    jLo[ow] = ws < 0 ? Math.ceil(-ws / dilationW) : 0;
    jHi[ow] = Math.min(kW, Math.floor((w - 1 - ws) / dilationW) + 1);
  }
  let k = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * h * w;
    for (let oh = 0; oh < outH; oh++) {
      const hs = oh * strideH - padH;
      const iLo = hs < 0 ? Math.ceil(-hs / dilationH) : 0;
      const iHi = Math.min(kH, Math.floor((h - 1 - hs) / dilationH) + 1);
      for (let ow = 0; ow < outW; ow++, k++) {
        const ws = ow * strideW - padW;
        let best = Number.NEGATIVE_INFINITY;
        let index =
          iLo < iHi && jLo[ow] < jHi[ow]
            ? (hs + iLo * dilationH) * w + ws + jLo[ow] * dilationW
            : -1;
        for (let i = iLo; i < iHi; i++) {
          const row = (hs + i * dilationH) * w + ws;
          for (let j = jLo[ow]; j < jHi[ow]; j++) {
            const at = row + j * dilationW;
            const v = x[base + at];
            if (v > best || Number.isNaN(v)) {
              best = v;
              index = at;
            }
          }
        }
        out[k] = best;
        argmax[k] = index;
      }
    }
  }
  return { out, argmax };
}

/**
 * The common 2×2, stride-2, unpadded window (every tap inside the input) unrolled: the same
 * taps in the same order and the same comparison as the general loop, so the same argmax.
 */
function maxPool2x2(
  x: FloatArray,
  planes: number,
  h: number,
  w: number,
  outH: number,
  outW: number,
  out: FloatArray,
  argmax: Int32Array,
): void {
  let k = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * h * w;
    for (let oh = 0; oh < outH; oh++) {
      const rowEnd = k + outW;
      for (let at = 2 * oh * w; k < rowEnd; k++, at += 2) {
        let best = x[base + at];
        let index = at;
        // A NaN wins, as in the general loop (which keeps the last NaN tap).
        let v = x[base + at + 1];
        if (v > best || Number.isNaN(v)) {
          best = v;
          index = at + 1;
        }
        v = x[base + at + w];
        if (v > best || Number.isNaN(v)) {
          best = v;
          index = at + w;
        }
        v = x[base + at + w + 1];
        if (v > best || Number.isNaN(v)) {
          best = v;
          index = at + w + 1;
        }
        out[k] = best;
        argmax[k] = index;
      }
    }
  }
}

const maxPoolOp = defineOp({
  name: 'maxPool2d',
  forward(x: Tensor, geometry: PoolGeometry, outShape: Shape) {
    const { out, argmax } = maxPoolForward(x.data as FloatArray, geometry);
    const saved = {
      argmax,
      inputShape: x.shape,
      plane: geometry.h * geometry.w,
      outPlane: geometry.outH * geometry.outW,
    };
    return { out: new Tensor(out, outShape), saved };
  },
  backward(dOut, { argmax, inputShape, plane, outPlane }) {
    return [scatterToArgmax(dOut, argmax, plane, outPlane, inputShape)];
  },
});

/** What {@link maxPool2d} returns with `returnIndices: true`. */
export interface MaxPool2dResult {
  /** The pooled output, differentiable. */
  out: Tensor;
  /**
   * int32, the output's shape: the flat index h·W + w into the input's H×W plane that each
   * maximum came from (the first maximum on ties). Not differentiable.
   */
  indices: Tensor;
}

/**
 * 2-D max pooling over NCHW input: [N, C, H, W] (or [C, H, W]) → [N, C, outH, outW] with
 * outH = ⌊(H + 2·pH − dH·(kH − 1) − 1)/sH⌋ + 1 (rounded up with `ceilMode`).
 *
 * The gradient of each output goes entirely to the arg-max of its window (the derivative of
 * max is the indicator of the winner). On ties the first maximum in row-major window order
 * wins, as in PyTorch; a NaN in a window wins (the output is NaN and takes the gradient).
 * With `returnIndices: true` it returns `{ out, indices }` instead (PyTorch's
 * `return_indices=True`).
 * @example
 * const x = tensor([[[[1, 2], [3, 4]]]]);
 * maxPool2d(x, { kernelSize: 2 }); // [[[[4]]]]
 * maxPool2d(x, { kernelSize: 2, returnIndices: true }).indices; // [[[[3]]]]
 */
export function maxPool2d(
  x: Tensor,
  options: MaxPool2dOptions & { returnIndices: true },
): MaxPool2dResult;
export function maxPool2d(x: Tensor, options: MaxPool2dOptions & { returnIndices?: false }): Tensor;
export function maxPool2d(
  x: Tensor,
  options: MaxPool2dOptions & { returnIndices?: boolean },
): Tensor | MaxPool2dResult;
export function maxPool2d(
  x: Tensor,
  options: MaxPool2dOptions & { returnIndices?: boolean },
): Tensor | MaxPool2dResult {
  const r = resolvePool('maxPool2d', x, options);
  const returnIndices = options.returnIndices ?? false;
  if (typeof returnIndices !== 'boolean') {
    throw new TypeError(
      `maxPool2d: returnIndices must be a boolean, got ${describe(returnIndices)}`,
    );
  }
  return returnIndices ? poolWithIndices(r) : maxPoolOp(r.x, r.geom, r.outShape);
}

/**
 * {@link maxPool2d} with `returnIndices: true`, under its own name: the output and, as int32
 * with the output's shape, the flat index h·W + w into the input's H×W plane of each maximum.
 * @example
 * const { out, indices } = maxPool2dWithIndices(tensor([[[[1, 5], [5, 2]]]]), { kernelSize: 2 });
 * // out [[[[5]]]], indices [[[[1]]]] (the first of the tied fives)
 */
export function maxPool2dWithIndices(x: Tensor, options: MaxPool2dOptions): MaxPool2dResult {
  return poolWithIndices(resolvePool('maxPool2dWithIndices', x, options));
}

function poolWithIndices(r: ReturnType<typeof resolvePool>): MaxPool2dResult {
  const { out, saved } = maxPoolOp.run(r.x, r.geom, r.outShape);
  // A copy, so that editing the indices cannot change what backward routes to.
  const indices = new Tensor((saved as { argmax: Int32Array }).argmax.slice(), r.outShape);
  return { out, indices };
}
