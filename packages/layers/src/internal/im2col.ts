import { type ConvGeometry, validRange } from './conv-geometry';
import type { FloatArray } from './float-array';

/**
 * Unfolds the receptive fields of images `[n0, n0 + count)` in channel group `group` into
 * `cols`, a `[Cg·kH·kW, count·outH·outW]` matrix: row `(ci·kH + i)·kW + j` holds, for every
 * output position, the input under kernel tap (i, j) of channel ci (zero in the padding).
 * Rows run along output columns, so each inner loop reads one input row with the stride.
 */
export function im2col(
  x: FloatArray,
  g: ConvGeometry,
  group: number,
  n0: number,
  count: number,
  cols: FloatArray,
): void {
  const { c, h, w, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft, outH, outW } = g;
  const cg = c / g.groups;
  const plane = h * w;
  const p = outH * outW;
  const bp = count * p;
  for (let ci = 0; ci < cg; ci++) {
    const channel = group * cg + ci;
    for (let i = 0; i < kH; i++) {
      const offH = i * dilationH - padTop;
      const [ohLo, ohHi] = validRange(offH, strideH, h, outH);
      for (let j = 0; j < kW; j++) {
        const offW = j * dilationW - padLeft;
        const [owLo, owHi] = validRange(offW, strideW, w, outW);
        const row = ((ci * kH + i) * kW + j) * bp;
        for (let b = 0; b < count; b++) {
          const src = ((n0 + b) * c + channel) * plane;
          const dst = row + b * p;
          cols.fill(0, dst, dst + ohLo * outW);
          for (let oh = ohLo; oh < ohHi; oh++) {
            const d = dst + oh * outW;
            const s = src + (oh * strideH + offH) * w + offW;
            for (let ow = 0; ow < owLo; ow++) cols[d + ow] = 0;
            for (let ow = owLo; ow < owHi; ow++) cols[d + ow] = x[s + ow * strideW];
            for (let ow = owHi; ow < outW; ow++) cols[d + ow] = 0;
          }
          cols.fill(0, dst + ohHi * outW, dst + p);
        }
      }
    }
  }
}

/**
 * The adjoint of `im2col`: adds every entry of `cols` back onto the input position it was
 * read from (`dx` accumulates, so overlapping windows sum), skipping padding.
 */
export function col2im(
  cols: FloatArray,
  g: ConvGeometry,
  group: number,
  n0: number,
  count: number,
  dx: FloatArray,
): void {
  const { c, h, w, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft, outH, outW } = g;
  const cg = c / g.groups;
  const plane = h * w;
  const p = outH * outW;
  const bp = count * p;
  for (let ci = 0; ci < cg; ci++) {
    const channel = group * cg + ci;
    for (let i = 0; i < kH; i++) {
      const offH = i * dilationH - padTop;
      const [ohLo, ohHi] = validRange(offH, strideH, h, outH);
      for (let j = 0; j < kW; j++) {
        const offW = j * dilationW - padLeft;
        const [owLo, owHi] = validRange(offW, strideW, w, outW);
        const row = ((ci * kH + i) * kW + j) * bp;
        for (let b = 0; b < count; b++) {
          const base = ((n0 + b) * c + channel) * plane;
          const src = row + b * p;
          for (let oh = ohLo; oh < ohHi; oh++) {
            const s = src + oh * outW;
            const d = base + (oh * strideH + offH) * w + offW;
            for (let ow = owLo; ow < owHi; ow++) dx[d + ow * strideW] += cols[s + ow];
          }
        }
      }
    }
  }
}
