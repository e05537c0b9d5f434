import { defineOp, type Shape, Tensor } from '@convkit/tensor';
import { scatterToArgmax } from '../internal/argmax-scatter';
import { allocLike, type FloatArray } from '../internal/float-array';
import { resolveAdaptive } from '../internal/pool-options';

interface AdaptiveGeometry {
  planes: number;
  h: number;
  w: number;
  outH: number;
  outW: number;
}

/** PyTorch's adaptive bins: output o covers [⌊o·in/out⌋, ⌈(o+1)·in/out⌉). */
function bins(size: number, outSize: number): { start: Int32Array; end: Int32Array } {
  const start = new Int32Array(outSize);
  const end = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    start[o] = Math.floor((o * size) / outSize);
    end[o] = Math.ceil(((o + 1) * size) / outSize);
  }
  return { start, end };
}

/**
 * Mean over each adaptive bin (`forward`), or the backward: spreads `out[k]` (the output
 * gradient) evenly over the bin's inputs into `x`.
 */
function adaptiveAvgBins(
  x: FloatArray,
  out: FloatArray,
  g: AdaptiveGeometry,
  forward: boolean,
): void {
  const rows = bins(g.h, g.outH);
  const cols = bins(g.w, g.outW);
  let k = 0;
  for (let plane = 0; plane < g.planes; plane++) {
    const base = plane * g.h * g.w;
    for (let oh = 0; oh < g.outH; oh++) {
      const h0 = rows.start[oh];
      const h1 = rows.end[oh];
      for (let ow = 0; ow < g.outW; ow++, k++) {
        const w0 = cols.start[ow];
        const w1 = cols.end[ow];
        const count = (h1 - h0) * (w1 - w0);
        if (forward) {
          let acc = 0;
          for (let i = h0; i < h1; i++) for (let j = w0; j < w1; j++) acc += x[base + i * g.w + j];
          out[k] = acc / count;
        } else {
          const share = out[k] / count;
          for (let i = h0; i < h1; i++)
            for (let j = w0; j < w1; j++) x[base + i * g.w + j] += share;
        }
      }
    }
  }
}

/** Max over each adaptive bin with its flat in-plane index; first max on ties, NaN wins. */
function adaptiveMaxBins(
  x: FloatArray,
  g: AdaptiveGeometry,
): { out: FloatArray; argmax: Int32Array } {
  const rows = bins(g.h, g.outH);
  const cols = bins(g.w, g.outW);
  const out = allocLike(x, g.planes * g.outH * g.outW);
  const argmax = new Int32Array(out.length);
  let k = 0;
  for (let plane = 0; plane < g.planes; plane++) {
    const base = plane * g.h * g.w;
    for (let oh = 0; oh < g.outH; oh++) {
      for (let ow = 0; ow < g.outW; ow++, k++) {
        let best = Number.NEGATIVE_INFINITY;
        let index = rows.start[oh] * g.w + cols.start[ow];
        for (let i = rows.start[oh]; i < rows.end[oh]; i++) {
          for (let j = cols.start[ow]; j < cols.end[ow]; j++) {
            const v = x[base + i * g.w + j];
            if (v > best || Number.isNaN(v)) {
              best = v;
              index = i * g.w + j;
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

function makeAvgOp(name: string) {
  return defineOp({
    name,
    forward(x: Tensor, geometry: AdaptiveGeometry, outShape: Shape) {
      const out = allocLike(x.data as FloatArray, geometry.planes * geometry.outH * geometry.outW);
      adaptiveAvgBins(x.data as FloatArray, out, geometry, true);
      return { out: new Tensor(out, outShape), saved: { inputShape: x.shape, geometry } };
    },
    backward(dOut, { inputShape, geometry }) {
      const dx = allocLike(dOut.data as FloatArray, geometry.planes * geometry.h * geometry.w);
      adaptiveAvgBins(dx, dOut.data as FloatArray, geometry, false);
      return [new Tensor(dx, inputShape)];
    },
  });
}

function makeMaxOp(name: string) {
  return defineOp({
    name,
    forward(x: Tensor, geometry: AdaptiveGeometry, outShape: Shape) {
      const { out, argmax } = adaptiveMaxBins(x.data as FloatArray, geometry);
      const outPlane = geometry.outH * geometry.outW;
      const saved = { argmax, inputShape: x.shape, plane: geometry.h * geometry.w, outPlane };
      return { out: new Tensor(out, outShape), saved };
    },
    backward(dOut, { argmax, inputShape, plane, outPlane }) {
      return [scatterToArgmax(dOut, argmax, plane, outPlane, inputShape)];
    },
  });
}

const adaptiveAvgOp = makeAvgOp('adaptiveAvgPool2d');
const adaptiveMaxOp = makeMaxOp('adaptiveMaxPool2d');
const globalAvgOp = makeAvgOp('globalAvgPool2d');
const globalMaxOp = makeMaxOp('globalMaxPool2d');

/**
 * Average pooling to a fixed output size whatever the input size, as PyTorch's
 * AdaptiveAvgPool2d: [N, C, H, W] (or [C, H, W]) → [N, C, outH, outW]; output (y, x) averages
 * rows [⌊y·H/outH⌋, ⌈(y+1)·H/outH⌉) and the matching columns (bins may overlap). The
 * gradient spreads evenly over each bin.
 * @example
 * adaptiveAvgPool2d(randn([1, 64, 13, 13]), 7); // [1, 64, 7, 7]
 */
export function adaptiveAvgPool2d(x: Tensor, outputSize: number | [number, number]): Tensor {
  const { x: input, outShape, ...geometry } = resolveAdaptive('adaptiveAvgPool2d', x, outputSize);
  return adaptiveAvgOp(input, geometry, outShape);
}

/**
 * Max pooling to a fixed output size, with the bins of {@link adaptiveAvgPool2d}:
 * [N, C, H, W] (or [C, H, W]) → [N, C, outH, outW]. The gradient goes to each bin's
 * arg-max; on ties the first maximum in row-major order wins, and NaN wins (as PyTorch).
 * @example
 * adaptiveMaxPool2d(randn([1, 8, 10, 10]), [2, 3]); // [1, 8, 2, 3]
 */
export function adaptiveMaxPool2d(x: Tensor, outputSize: number | [number, number]): Tensor {
  const { x: input, outShape, ...geometry } = resolveAdaptive('adaptiveMaxPool2d', x, outputSize);
  return adaptiveMaxOp(input, geometry, outShape);
}

/**
 * Mean over each whole H×W plane: [N, C, H, W] → [N, C, 1, 1] (or [C, H, W] → [C, 1, 1]),
 * the usual head of a fully convolutional classifier. Each input gets dOut / (H·W).
 * @example
 * globalAvgPool2d(randn([2, 512, 7, 7])); // [2, 512, 1, 1]
 */
export function globalAvgPool2d(x: Tensor): Tensor {
  const { x: input, outShape, ...geometry } = resolveAdaptive('globalAvgPool2d', x, 1);
  return globalAvgOp(input, geometry, outShape);
}

/**
 * Maximum over each whole H×W plane: [N, C, H, W] → [N, C, 1, 1] (or [C, H, W] → [C, 1, 1]).
 * The gradient goes to the first maximum in row-major order; NaN wins.
 * @example
 * globalMaxPool2d(randn([2, 16, 5, 5])); // [2, 16, 1, 1]
 */
export function globalMaxPool2d(x: Tensor): Tensor {
  const { x: input, outShape, ...geometry } = resolveAdaptive('globalMaxPool2d', x, 1);
  return globalMaxOp(input, geometry, outShape);
}
