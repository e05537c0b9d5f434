import { type ConvGeometry, validRange } from './conv-geometry';
import type { FloatArray } from './float-array';

// Inner loops are short (one output row, often 10–30 values): padding is zeroed by plain
// loops (a `fill` call per row costs more than the values it writes), and every loop runs
// between precomputed bounds (V8 compiles `i < r + 28` bounds several times slower).

/**
 * Unfolds the receptive fields of `images` consecutive images from `image0`, in channel
 * group `group`, into `cols`, a `[Cg·kH·kW, images·outH·outW]` matrix with `ld` floats per
 * row: row `(ci·kH + i)·kW + j` holds, for every image and output position (image by image,
 * each a block of outH·outW columns), the input under kernel tap (i, j) of channel ci (zero
 * in the padding). Rows run along output columns, so each inner loop reads one input row
 * with the stride, and the padding is handled by the bounds of the loops rather than a test
 * per element.
 */
export function im2col(
  x: FloatArray,
  g: ConvGeometry,
  group: number,
  image0: number,
  images: number,
  cols: FloatArray,
  ld: number,
): void {
  const { c, h, w, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft, outH, outW } =
    g;
  const cg = c / g.groups;
  const plane = h * w;
  const p = outH * outW;
  const dense = strideH === 1 && strideW === 1 && outW === w;
  for (let ci = 0; ci < cg; ci++) {
    for (let i = 0; i < kH; i++) {
      const offH = i * dilationH - padTop;
      const [ohLo, ohHi] = validRange(offH, strideH, h, outH);
      for (let j = 0; j < kW; j++) {
        const offW = j * dilationW - padLeft;
        const [owLo, owHi] = validRange(offW, strideW, w, outW);
        const row = ((ci * kH + i) * kW + j) * ld;
        for (let b = 0; b < images; b++) {
          const src = ((image0 + b) * c + group * cg + ci) * plane;
          const dst = row + b * p;
          zero(cols, dst, dst + ohLo * outW);
          if (dense && owLo < owHi && ohLo < ohHi) {
            // Output rows as wide as input rows: the tap's whole window is one contiguous
            // run of the input, copied at once; the columns it drags in from neighbouring
            // rows (padding positions) are zeroed after.
            const d0 = dst + ohLo * outW + owLo;
            const d1 = dst + (ohHi - 1) * outW + owHi;
            const s0 = src + (ohLo + offH) * w + offW + owLo;
            cols.set(x.subarray(s0, s0 + d1 - d0), d0);
            for (let oh = ohLo; oh < ohHi; oh++) {
              const d = dst + oh * outW;
              for (let q = d; q < d + owLo; q++) cols[q] = 0;
              for (let q = d + owHi; q < d + outW; q++) cols[q] = 0;
            }
          } else {
            for (let oh = ohLo; oh < ohHi; oh++) {
              const d = dst + oh * outW;
              zero(cols, d, d + owLo);
              const s = src + (oh * strideH + offH) * w + offW + owLo * strideW;
              const e = d + owHi;
              if (strideW === 1) {
                for (let q = d + owLo, t = s; q < e; q++, t++) cols[q] = x[t];
              } else {
                for (let q = d + owLo, t = s; q < e; q++, t += strideW) cols[q] = x[t];
              }
              zero(cols, e, d + outW);
            }
          }
          zero(cols, dst + ohHi * outW, dst + p);
        }
      }
    }
  }
}

/** Zeroes `a[from:to]`; short spans by a loop (a `fill` call costs more). */
function zero(a: FloatArray, from: number, to: number): void {
  if (to - from > 64) a.fill(0, from, to);
  else for (let q = from; q < to; q++) a[q] = 0;
}

/**
 * The adjoint of `im2col` over the same images and layout: adds every entry of `cols` back
 * onto the input position it was read from (`dx` accumulates, so overlapping windows sum),
 * skipping padding.
 */
export function col2im(
  cols: FloatArray,
  g: ConvGeometry,
  group: number,
  image0: number,
  images: number,
  ld: number,
  dx: FloatArray,
): void {
  const { c, h, w, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft, outH, outW } =
    g;
  const cg = c / g.groups;
  const plane = h * w;
  const p = outH * outW;
  for (let ci = 0; ci < cg; ci++) {
    for (let i = 0; i < kH; i++) {
      const offH = i * dilationH - padTop;
      const [ohLo, ohHi] = validRange(offH, strideH, h, outH);
      for (let j = 0; j < kW; j++) {
        const offW = j * dilationW - padLeft;
        const [owLo, owHi] = validRange(offW, strideW, w, outW);
        const row = ((ci * kH + i) * kW + j) * ld;
        for (let b = 0; b < images; b++) {
          const base = ((image0 + b) * c + group * cg + ci) * plane;
          const src = row + b * p;
          for (let oh = ohLo; oh < ohHi; oh++) {
            const s = src + oh * outW + owLo;
            const e = src + oh * outW + owHi;
            const d = base + (oh * strideH + offH) * w + offW + owLo * strideW;
            if (strideW === 1) {
              for (let q = s, t = d; q < e; q++, t++) dx[t] += cols[q];
            } else {
              for (let q = s, t = d; q < e; q++, t += strideW) dx[t] += cols[q];
            }
          }
        }
      }
    }
  }
}
