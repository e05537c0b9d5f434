import { gemm, type MatrixView } from '@convkit/tensor';
import type { ConvGeometry } from './conv-geometry';
import { depthwiseForward, depthwiseInputGrad, depthwiseWeightGrad } from './depthwise';
import { allocLike, type FloatArray, scratchLike } from './float-array';
import { rowMajor, transposed } from './gemm';
import { col2im, im2col } from './im2col';

// Every GEMM here runs on one image at a time: the im2col matrix of one image,
// [Cg·kH·kW, outH·outW], stays small (it is reused from a scratch buffer), and each product
// reads from and writes to the NCHW tensors in place through strided views — the output
// rows of one image and group are contiguous, and transposes are swapped strides.

interface Plan {
  /** One input channel per group and several groups: the direct depthwise kernels. */
  depthwise: boolean;
  /** A 1×1, stride-1, unpadded kernel: the input planes already are the im2col matrix. */
  pointwise: boolean;
  cg: number;
  outCg: number;
  kg: number;
  p: number;
}

function plan(g: ConvGeometry): Plan {
  const cg = g.c / g.groups;
  const pointwise =
    g.kH === 1 &&
    g.kW === 1 &&
    g.strideH === 1 &&
    g.strideW === 1 &&
    g.outH === g.h &&
    g.outW === g.w;
  return {
    depthwise: cg === 1 && g.groups > 1,
    pointwise,
    cg,
    outCg: g.outC / g.groups,
    kg: cg * g.kH * g.kW,
    p: g.outH * g.outW,
  };
}

/**
 * The im2col matrix of `image` and `group`, [Kg, P], unfolded into `cols`; pointwise
 * convolutions pass no buffer and get a view of `x` itself.
 */
function columns(
  x: FloatArray,
  g: ConvGeometry,
  pl: Plan,
  group: number,
  image: number,
  cols: FloatArray | null,
): MatrixView {
  if (cols === null) return rowMajor(x, (image * g.c + group * pl.cg) * pl.p, pl.p);
  im2col(x, g, group, image, cols);
  return rowMajor(cols, 0, pl.p);
}

/**
 * The forward convolution (cross-correlation, as in every deep-learning library):
 * out[n, o, y, x] = bias[o] + Σ_{c, i, j} w[o, c, i, j] · in[n, g·Cg + c, y·s + i·d − pad, …].
 * Per image and group: im2col, then out_g [outCg, P] = W_g [outCg, Kg] · cols [Kg, P],
 * written straight into the output (on top of the bias, when there is one).
 */
export function convForward(
  x: FloatArray,
  weight: FloatArray,
  bias: FloatArray | null,
  g: ConvGeometry,
): FloatArray {
  const pl = plan(g);
  const { outCg, kg, p } = pl;
  const out = allocLike(x, g.n * g.outC * p);
  if (out.length === 0) return out;
  if (bias !== null) {
    for (let i = 0; i < g.n * g.outC; i++) out.fill(bias[i % g.outC], i * p, (i + 1) * p);
  }
  if (pl.depthwise) {
    depthwiseForward(x, weight, g, out);
    return out;
  }
  const cols = pl.pointwise ? null : scratchLike(x, 'cols', kg * p);
  for (let image = 0; image < g.n; image++) {
    for (let group = 0; group < g.groups; group++) {
      const colsView = columns(x, g, pl, group, image, cols);
      const wg = rowMajor(weight, group * outCg * kg, kg);
      const outG = rowMajor(out, (image * g.outC + group * outCg) * p, p);
      gemm(outCg, p, kg, wg, colsView, outG, bias !== null);
    }
  }
  return out;
}

/**
 * Gradients of `convForward` from the output gradient `dOut` [N, outC, outH, outW]:
 * `dx` (when `weight` is given) = col2im(W_gᵀ · dOut_g), and `dw` (when `x` is given) =
 * Σ_images dOut_g · colsᵀ, accumulated in place. Every transpose is a view with swapped
 * strides. im2col is recomputed here rather than saved by the forward: it costs one pass
 * over the input, about 1/outC of the GEMM, while saving it would keep kH·kW copies of
 * every conv input alive until backward.
 */
export function convBackward(
  dOut: FloatArray,
  g: ConvGeometry,
  weight: FloatArray | null,
  x: FloatArray | null,
): { dx: FloatArray | null; dw: FloatArray | null } {
  const pl = plan(g);
  const { outCg, kg, p } = pl;
  const dx = weight === null ? null : allocLike(dOut, g.n * g.c * g.h * g.w);
  const dw = x === null ? null : allocLike(dOut, g.outC * kg);
  if (g.n * g.outC * p === 0 || kg === 0) return { dx, dw };
  if (pl.depthwise) {
    if (dx !== null && weight !== null) depthwiseInputGrad(dOut, weight, g, dx);
    if (dw !== null && x !== null) depthwiseWeightGrad(dOut, x, g, dw);
    return { dx, dw };
  }
  const dCols = dx === null || pl.pointwise ? null : scratchLike(dOut, 'dCols', kg * p);
  const cols = dw === null || pl.pointwise ? null : scratchLike(dOut, 'cols', kg * p);
  for (let image = 0; image < g.n; image++) {
    for (let group = 0; group < g.groups; group++) {
      const dOutG = rowMajor(dOut, (image * g.outC + group * outCg) * p, p);
      if (dx !== null && weight !== null) {
        const wgT = transposed(weight, group * outCg * kg, kg);
        if (dCols === null) {
          // Pointwise: col2im is the identity, so the product lands in dx directly.
          gemm(kg, p, outCg, wgT, dOutG, rowMajor(dx, (image * g.c + group * pl.cg) * p, p), false);
        } else {
          gemm(kg, p, outCg, wgT, dOutG, rowMajor(dCols, 0, p), false);
          col2im(dCols, g, group, image, dx);
        }
      }
      if (dw !== null && x !== null) {
        // Computed as dw_gᵀ [Kg, outCg] += cols · dOut_gᵀ: the operand read across its rows
        // is then the dOut slice, usually much smaller than the im2col matrix.
        const colsView = columns(x, g, pl, group, image, cols);
        const dOutT = transposed(dOut, dOutG.offset, p);
        gemm(kg, outCg, p, colsView, dOutT, transposed(dw, group * outCg * kg, kg), image > 0);
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
