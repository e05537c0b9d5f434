import type { ConvGeometry } from './conv-geometry';
import { depthwiseForward, depthwiseInputGrad, depthwiseWeightGrad } from './depthwise';
import { allocLike, type FloatArray, scratchLike } from './float-array';
import { gemm } from './gemm';
import { col2im, im2col } from './im2col';

// The im2col matrix of a chunk of images is [Cg·kH·kW, images·outH·outW]; chunks keep it
// under this many elements (16 MiB of float32) however large the batch, while still
// batching small images into one wide GEMM.
const COLS_BUDGET = 1 << 22;

interface Plan {
  /** One input channel per group and several groups: the direct depthwise kernels. */
  direct: boolean;
  cg: number;
  outCg: number;
  kg: number;
  p: number;
  chunk: number;
}

function plan(g: ConvGeometry): Plan {
  const cg = g.c / g.groups;
  const kg = cg * g.kH * g.kW;
  const p = g.outH * g.outW;
  const chunk = Math.max(1, Math.min(g.n, Math.floor(COLS_BUDGET / Math.max(1, kg * p))));
  return { direct: cg === 1 && g.groups > 1, cg, outCg: g.outC / g.groups, kg, p, chunk };
}

/**
 * The forward convolution (cross-correlation, as in every deep-learning library):
 * out[n, o, y, x] = bias[o] + Σ_{c, i, j} w[o, c, i, j] · in[n, g·Cg + c, y·s + i·d − pad, …].
 * Per chunk of images and group: im2col, then W_g [outCg, Kg] · cols [Kg, images·P].
 */
export function convForward(
  x: FloatArray,
  weight: FloatArray,
  bias: FloatArray | null,
  g: ConvGeometry,
): FloatArray {
  const { direct, outCg, kg, p, chunk } = plan(g);
  const out = allocLike(x, g.n * g.outC * p);
  if (out.length === 0) return out;
  if (direct) {
    depthwiseForward(x, weight, g, out);
  } else {
    const cols = scratchLike(x, 'cols', kg * chunk * p);
    for (let n0 = 0; n0 < g.n; n0 += chunk) {
      const count = Math.min(chunk, g.n - n0);
      const bp = count * p;
      const colsView = cols.subarray(0, kg * bp);
      for (let group = 0; group < g.groups; group++) {
        im2col(x, g, group, n0, count, colsView);
        const wg = weight.subarray(group * outCg * kg, (group + 1) * outCg * kg);
        const y = gemm(wg, outCg, kg, colsView, bp);
        for (let o = 0; o < outCg; o++) {
          for (let b = 0; b < count; b++) {
            const src = o * bp + b * p;
            out.set(y.subarray(src, src + p), ((n0 + b) * g.outC + group * outCg + o) * p);
          }
        }
      }
    }
  }
  if (bias !== null) {
    for (let i = 0; i < g.n * g.outC; i++) {
      const v = bias[i % g.outC];
      for (let k = i * p; k < (i + 1) * p; k++) out[k] += v;
    }
  }
  return out;
}

/**
 * Gradients of `convForward` from the output gradient `dOut` [N, outC, outH, outW]:
 * `dx` (when `weight` is given) = col2im(W_gᵀ · dOut_g), and `dw` (when `x` is given) =
 * dOut_g · colsᵀ, computed as cols · dOut_gᵀ so that only the small dOut slice is transposed.
 * im2col is recomputed here rather than saved by the forward: it costs one pass over the
 * input, about 1/outC of the GEMM, while saving it would keep kH·kW copies of every
 * conv input alive until backward.
 */
export function convBackward(
  dOut: FloatArray,
  g: ConvGeometry,
  weight: FloatArray | null,
  x: FloatArray | null,
): { dx: FloatArray | null; dw: FloatArray | null } {
  const { direct, outCg, kg, p, chunk } = plan(g);
  const dx = weight === null ? null : allocLike(dOut, g.n * g.c * g.h * g.w);
  const dw = x === null ? null : allocLike(dOut, g.outC * kg);
  if (g.n * g.outC * p === 0 || kg === 0) return { dx, dw };
  if (direct) {
    if (dx !== null && weight !== null) depthwiseInputGrad(dOut, weight, g, dx);
    if (dw !== null && x !== null) depthwiseWeightGrad(dOut, x, g, dw);
    return { dx, dw };
  }
  const wT = weight === null ? null : transposeGroups(weight, g.groups, outCg, kg);
  const dY = dx === null ? null : scratchLike(dOut, 'dY', outCg * chunk * p);
  const dYT = dw === null ? null : scratchLike(dOut, 'dYT', chunk * p * outCg);
  const cols = dw === null ? null : scratchLike(dOut, 'cols', kg * chunk * p);
  for (let n0 = 0; n0 < g.n; n0 += chunk) {
    const count = Math.min(chunk, g.n - n0);
    const bp = count * p;
    for (let group = 0; group < g.groups; group++) {
      const channel0 = group * outCg;
      if (dx !== null && dY !== null && wT !== null) {
        for (let o = 0; o < outCg; o++) {
          for (let b = 0; b < count; b++) {
            const src = ((n0 + b) * g.outC + channel0 + o) * p;
            dY.set(dOut.subarray(src, src + p), o * bp + b * p);
          }
        }
        const wgT = wT.subarray(group * kg * outCg, (group + 1) * kg * outCg);
        const dCols = gemm(wgT, kg, outCg, dY.subarray(0, outCg * bp), bp);
        col2im(dCols, g, group, n0, count, dx);
      }
      if (dw !== null && dYT !== null && cols !== null && x !== null) {
        const colsView = cols.subarray(0, kg * bp);
        im2col(x, g, group, n0, count, colsView);
        for (let b = 0; b < count; b++) {
          for (let o = 0; o < outCg; o++) {
            const src = ((n0 + b) * g.outC + channel0 + o) * p;
            const dst = b * p * outCg + o;
            for (let q = 0; q < p; q++) dYT[dst + q * outCg] = dOut[src + q];
          }
        }
        const dwT = gemm(colsView, kg, bp, dYT.subarray(0, bp * outCg), outCg);
        const base = channel0 * kg;
        for (let k = 0; k < kg; k++) {
          for (let o = 0; o < outCg; o++) dw[base + o * kg + k] += dwT[k * outCg + o];
        }
      }
    }
  }
  return { dx, dw };
}

/** Σ over images and positions of dOut, per output channel: the bias gradient. */
export function biasGrad(dOut: FloatArray, n: number, outC: number, p: number): FloatArray {
  const db = allocLike(dOut, outC);
  for (let b = 0; b < n; b++) {
    for (let o = 0; o < outC; o++) {
      let acc = 0;
      const base = (b * outC + o) * p;
      for (let q = base; q < base + p; q++) acc += dOut[q];
      db[o] += acc;
    }
  }
  return db;
}

/** Each group's weight block [outCg, Kg] transposed to [Kg, outCg], groups kept in order. */
function transposeGroups(weight: FloatArray, groups: number, outCg: number, kg: number): FloatArray {
  const t = allocLike(weight, weight.length);
  for (let group = 0; group < groups; group++) {
    const base = group * outCg * kg;
    for (let o = 0; o < outCg; o++) {
      for (let k = 0; k < kg; k++) t[base + k * outCg + o] = weight[base + o * kg + k];
    }
  }
  return t;
}
