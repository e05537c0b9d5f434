import { gemm, type MatrixView } from '@convkit/tensor';
import type { ConvGeometry } from './conv-geometry';
import { depthwiseForward, depthwiseInputGrad, depthwiseWeightGrad } from './depthwise';
import { allocLike, type FloatArray, scratchLike } from './float-array';
import { rowMajor, transposed } from './gemm';
import { col2im, im2col } from './im2col';

// The GEMMs run on chunks of images: the im2col matrices of several images side by side,
// [Cg·kH·kW, images·outH·outW], so even a small layer (LeNet's 6×25 weights, 10×10 outputs)
// gives the kernel wide enough operands to run near its peak, and each weight matrix is
// packed once per chunk rather than once per image (or per image of a chunk, for large
// planes, see DIRECT_OUTPUT_MIN_P). A chunk holds as many images as fit in the chunk
// budget; a chunk of one image reads from and writes to the NCHW tensors in place through
// strided views (the output rows of one image and group are contiguous, transposes are
// swapped strides), wider chunks gather and scatter rows of outH·outW values.

/** Most floats of an im2col chunk (16 MiB in float32); scratch buffers are reused. */
let chunkFloats = 1 << 22;

/**
 * Sets the chunk budget in floats and returns the previous one: for tests, which shrink it
 * to run the multi-chunk paths on small inputs.
 */
export function setConvChunkFloats(floats: number): number {
  const previous = chunkFloats;
  chunkFloats = floats;
  return previous;
}

/**
 * Output planes (outH·outW) from which the forward runs one GEMM per image of a chunk,
 * writing the output in place, rather than one over the chunk and a scatter: measured
 * about 10% faster for 28×28 planes, and the same at 10×10 the other way.
 */
const DIRECT_OUTPUT_MIN_P = 256;

/** Rows shorter than this are copied by a loop: `subarray` + `set` costs more. */
const SHORT_ROW = 32;

interface Plan {
  /** One input channel per group and several groups: the direct depthwise kernels. */
  depthwise: boolean;
  /** A 1×1, stride-1, unpadded kernel: the input planes already are the im2col matrix. */
  pointwise: boolean;
  cg: number;
  outCg: number;
  kg: number;
  p: number;
  /** Images per chunk. */
  chunk: number;
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
  const kg = cg * g.kH * g.kW;
  const p = g.outH * g.outW;
  const perImage = Math.max(kg, g.outC / g.groups) * p;
  return {
    depthwise: cg === 1 && g.groups > 1,
    pointwise,
    cg,
    outCg: g.outC / g.groups,
    kg,
    p,
    chunk: Math.max(1, Math.min(g.n, Math.floor(chunkFloats / Math.max(1, perImage)))),
  };
}

/**
 * The im2col matrix of `images` images from `image0` in `group`, [Kg, images·P], unfolded
 * into scratch; a pointwise convolution of one image gets a view of `x` itself.
 */
function unfold(
  x: FloatArray,
  g: ConvGeometry,
  pl: Plan,
  group: number,
  image0: number,
  images: number,
): MatrixView {
  if (pl.pointwise && images === 1) {
    return rowMajor(x, (image0 * g.c + group * pl.cg) * pl.p, pl.p);
  }
  const ld = images * pl.p;
  const cols = scratchLike(x, 'cols', pl.kg * ld);
  im2col(x, g, group, image0, images, cols, ld);
  return rowMajor(cols, 0, ld);
}

/** The im2col matrix of the whole batch (one group), [Kg, N·P], unfolded into `columns`. */
function unfoldAll(x: FloatArray, g: ConvGeometry, pl: Plan, columns: FloatArray): MatrixView {
  im2col(x, g, 0, 0, g.n, columns, g.n * pl.p);
  return rowMajor(columns, 0, g.n * pl.p);
}

/**
 * Most floats of a whole-batch im2col matrix the forward hands its backward (16 MiB in
 * float32): above it, the backward unfolds the input again (one pass over it, about 1/outC
 * of the GEMM) rather than keep kH·kW copies of a large input alive in the graph.
 */
const SAVED_COLUMNS_MAX = 1 << 22;

/**
 * Whether the forward can hand the backward its im2col matrix: one group, not pointwise
 * (whose matrix is the input itself), the whole batch in one chunk, and small enough.
 */
function columnsSavable(g: ConvGeometry, pl: Plan): boolean {
  return (
    g.groups === 1 && !pl.pointwise && pl.chunk >= g.n && pl.kg * g.n * pl.p <= SAVED_COLUMNS_MAX
  );
}

/**
 * The forward convolution (cross-correlation, as in every deep-learning library):
 * out[n, o, y, x] = bias[o] + Σ_{c, i, j} w[o, c, i, j] · in[n, g·Cg + c, y·s + i·d − pad, …].
 * Per chunk of images and group: im2col, then out_g [outCg, images·P] = W_g [outCg, Kg] ·
 * cols [Kg, images·P], added onto the output (which starts as the bias, or zero).
 * With `saveColumns` (a weight gradient will follow), the whole-batch im2col matrix comes
 * back as `columns` where it is small enough (see `columnsSavable`), for `convBackward`.
 */
export function convForward(
  x: FloatArray,
  weight: FloatArray,
  bias: FloatArray | null,
  g: ConvGeometry,
  saveColumns = false,
): { out: FloatArray; columns: FloatArray | null } {
  const p = g.outH * g.outW;
  const out = allocLike(x, g.n * g.outC * p);
  if (out.length === 0) return { out, columns: null };
  if (bias !== null) {
    for (let i = 0; i < g.n * g.outC; i++) out.fill(bias[i % g.outC], i * p, (i + 1) * p);
  }
  const pl = plan(g);
  const columns =
    saveColumns && !pl.depthwise && columnsSavable(g, pl) ? allocLike(x, pl.kg * g.n * p) : null;
  forwardInto(x, weight, g, out, bias !== null, columns);
  return { out, columns };
}

/**
 * Writes (or, with `add`, adds) the convolution of `x` by `weight` under `g` into `out`.
 * With `columns` (see `convForward`), the whole batch is unfolded into it, in one chunk.
 */
function forwardInto(
  x: FloatArray,
  weight: FloatArray,
  g: ConvGeometry,
  out: FloatArray,
  add: boolean,
  columns: FloatArray | null,
): void {
  const pl = plan(g);
  const { outCg, kg, p } = pl;
  if (out.length === 0) return;
  if (pl.depthwise) {
    depthwiseForward(x, weight, g, out);
    return;
  }
  for (let image0 = 0; image0 < g.n; image0 += pl.chunk) {
    const images = Math.min(pl.chunk, g.n - image0);
    for (let group = 0; group < g.groups; group++) {
      const colsView =
        columns === null ? unfold(x, g, pl, group, image0, images) : unfoldAll(x, g, pl, columns);
      const wg = rowMajor(weight, group * outCg * kg, kg);
      const channel0 = group * outCg;
      if (images === 1 || p >= DIRECT_OUTPUT_MIN_P) {
        // One product per image, each written straight into the output.
        for (let b = 0; b < images; b++) {
          const outG = rowMajor(out, ((image0 + b) * g.outC + channel0) * p, p);
          const colsB = { ...colsView, offset: colsView.offset + b * p };
          gemm(outCg, p, kg, wg, colsB, outG, add);
        }
      } else {
        const ld = images * p;
        const product = scratchLike(out, 'product', outCg * ld);
        gemm(outCg, ld, kg, wg, colsView, rowMajor(product, 0, ld), false);
        scatterRows(product, ld, out, g.outC, channel0, outCg, image0, images, p, add);
      }
    }
  }
}

// The input gradient of a stride-1 convolution is itself a stride-1 convolution: of dOut,
// by the weight with its taps flipped and its channel axes swapped, padded by
// dilation·(k − 1) − pad. Where the output is about as large as the input ('same'-like)
// that forward does the multiply-adds of W_gᵀ · dOut_g but with the deep operand (outCg·kH·kW)
// on the inside, and replaces col2im's scattered adds by an im2col of dOut and a copy. With
// few input channels per group the GEMM's rows are mostly padding, so it stays col2im there.

/** Fewest input channels per group for which the input gradient runs as a forward conv. */
const INPUT_GRAD_AS_FORWARD_MIN_CG = 8;

/** The forward geometry that computes the input gradient of `g`, or null where it doesn't pay. */
function inputGradGeometry(g: ConvGeometry, pl: Plan): ConvGeometry | null {
  if (g.strideH !== 1 || g.strideW !== 1 || pl.depthwise || pl.pointwise) return null;
  if (pl.cg < INPUT_GRAD_AS_FORWARD_MIN_CG) return null;
  const padTop = g.dilationH * (g.kH - 1) - g.padTop;
  const padLeft = g.dilationW * (g.kW - 1) - g.padLeft;
  if (padTop < 0 || padLeft < 0 || 5 * pl.p < 4 * g.h * g.w) return null;
  return {
    ...g,
    c: g.outC,
    h: g.outH,
    w: g.outW,
    outC: g.c,
    padTop,
    padLeft,
    outH: g.h,
    outW: g.w,
  };
}

/** The weight [outC, Cg, kH, kW] as [C, outCg, kH, kW] with every kernel flipped, per group. */
function flippedWeight(weight: FloatArray, g: ConvGeometry, pl: Plan): FloatArray {
  const { kH, kW } = g;
  const { cg, outCg } = pl;
  const taps = kH * kW;
  const flipped = scratchLike(weight, 'flipped', weight.length);
  for (let group = 0; group < g.groups; group++) {
    for (let o = 0; o < outCg; o++) {
      for (let c = 0; c < cg; c++) {
        const src = ((group * outCg + o) * cg + c) * taps;
        const dst = ((group * cg + c) * outCg + o) * taps;
        for (let t = 0; t < taps; t++) flipped[dst + taps - 1 - t] = weight[src + t];
      }
    }
  }
  return flipped;
}

/**
 * Gradients of `convForward` from the output gradient `dOut` [N, outC, outH, outW]:
 * `dx` (when `weight` is given) = col2im(W_gᵀ · dOut_g), or the forward convolution of
 * dOut by the flipped weight (see `inputGradGeometry`), and `dw` (when `x` is given) =
 * Σ_chunks dOut_g · colsᵀ, accumulated in place. Every transpose is a view with swapped
 * strides. The im2col matrix is the forward's `columns` when it saved them, else it is
 * unfolded again from `x`.
 */
export function convBackward(
  dOut: FloatArray,
  g: ConvGeometry,
  weight: FloatArray | null,
  x: FloatArray | null,
  columns: FloatArray | null = null,
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
  let needDx = dx !== null && weight !== null;
  const transposedG = needDx ? inputGradGeometry(g, pl) : null;
  if (transposedG !== null) {
    forwardInto(
      dOut,
      flippedWeight(weight as FloatArray, g, pl),
      transposedG,
      dx as FloatArray,
      false,
      null,
    );
    needDx = false;
  }
  for (let image0 = 0; image0 < g.n; image0 += pl.chunk) {
    const images = Math.min(pl.chunk, g.n - image0);
    const ld = images * p;
    for (let group = 0; group < g.groups; group++) {
      const channel0 = group * outCg;
      // dOut_g of the chunk, [outCg, images·P]: a view for one image, else gathered.
      let dOutG: MatrixView;
      if (!needDx && x === null) continue;
      if (images === 1) {
        dOutG = rowMajor(dOut, (image0 * g.outC + channel0) * p, p);
      } else {
        const gathered = scratchLike(dOut, 'dOutG', outCg * ld);
        gatherRows(dOut, g.outC, channel0, outCg, image0, images, p, gathered, ld);
        dOutG = rowMajor(gathered, 0, ld);
      }
      if (needDx && dx !== null && weight !== null) {
        const wgT = transposed(weight, group * outCg * kg, kg);
        if (pl.pointwise && images === 1) {
          // Pointwise: col2im is the identity, so the product lands in dx directly.
          const dxG = rowMajor(dx, (image0 * g.c + group * pl.cg) * p, p);
          gemm(kg, p, outCg, wgT, dOutG, dxG, false);
        } else {
          const dCols = scratchLike(dOut, 'dCols', kg * ld);
          gemm(kg, ld, outCg, wgT, dOutG, rowMajor(dCols, 0, ld), false);
          col2im(dCols, g, group, image0, images, ld, dx);
        }
      }
      if (dw !== null && x !== null) {
        // Computed as dw_gᵀ [Kg, outCg] += cols · dOut_gᵀ: the operand read across its rows
        // is then the dOut slice, usually much smaller than the im2col matrix.
        // Saved columns exist only for one group in one chunk: they are this chunk's.
        const colsView =
          columns === null
            ? unfold(x, g, pl, group, image0, images)
            : rowMajor(columns, 0, g.n * p);
        const dOutT = transposed(dOutG.data as FloatArray, dOutG.offset, dOutG.rowStride);
        gemm(kg, outCg, ld, colsView, dOutT, transposed(dw, group * outCg * kg, kg), image0 > 0);
      }
    }
  }
  return { dx, dw };
}

/**
 * Copies (or adds, with `add`) rows `[rows, images·P]` of `src` (`ld` per row) into channels
 * channel0… of images image0… of the NCHW tensor `out` with `channels` channels.
 */
function scatterRows(
  src: FloatArray,
  ld: number,
  out: FloatArray,
  channels: number,
  channel0: number,
  rows: number,
  image0: number,
  images: number,
  p: number,
  add: boolean,
): void {
  for (let r = 0; r < rows; r++) {
    for (let b = 0; b < images; b++) {
      const s = r * ld + b * p;
      const d = ((image0 + b) * channels + channel0 + r) * p;
      if (add) for (let q = 0; q < p; q++) out[d + q] += src[s + q];
      else if (p < SHORT_ROW) for (let q = 0; q < p; q++) out[d + q] = src[s + q];
      else out.set(src.subarray(s, s + p), d);
    }
  }
}

/** The inverse of `scatterRows` (without `add`): NCHW channels into rows of `dst`. */
function gatherRows(
  src: FloatArray,
  channels: number,
  channel0: number,
  rows: number,
  image0: number,
  images: number,
  p: number,
  dst: FloatArray,
  ld: number,
): void {
  for (let r = 0; r < rows; r++) {
    for (let b = 0; b < images; b++) {
      const s = ((image0 + b) * channels + channel0 + r) * p;
      const d = r * ld + b * p;
      if (p < SHORT_ROW) for (let q = 0; q < p; q++) dst[d + q] = src[s + q];
      else dst.set(src.subarray(s, s + p), d);
    }
  }
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
