import { type ConvGeometry, validRange } from './conv-geometry';
import type { FloatArray } from './float-array';

/**
 * Unfolds the receptive fields of one image in channel group `group` into `cols`, a
 * `[Cg·kH·kW, outH·outW]` matrix: row `(ci·kH + i)·kW + j` holds, for every output
 * position, the input under kernel tap (i, j) of channel ci (zero in the padding). Rows run
 * along output columns, so each inner loop reads one input row with the stride, and the
 * padding is handled by the bounds of the loops rather than a test per element.
 */
export function im2col(
  x: FloatArray,
  g: ConvGeometry,
  group: number,
  image: number,
  cols: FloatArray,
): void {
  const { c, h, w, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft, outH, outW } =
    g;
  const cg = c / g.groups;
  const plane = h * w;
  const p = outH * outW;
  for (let ci = 0; ci < cg; ci++) {
    const src = (image * c + group * cg + ci) * plane;
    for (let i = 0; i < kH; i++) {
      const offH = i * dilationH - padTop;
      const [ohLo, ohHi] = validRange(offH, strideH, h, outH);
      for (let j = 0; j < kW; j++) {
        const offW = j * dilationW - padLeft;
        const [owLo, owHi] = validRange(offW, strideW, w, outW);
        const dst = ((ci * kH + i) * kW + j) * p;
        cols.fill(0, dst, dst + ohLo * outW);
        for (let oh = ohLo; oh < ohHi; oh++) {
          const d = dst + oh * outW;
          const s = src + (oh * strideH + offH) * w + offW;
          cols.fill(0, d, d + owLo);
          if (strideW === 1) {
            for (let ow = owLo; ow < owHi; ow++) cols[d + ow] = x[s + ow];
          } else {
            for (let ow = owLo; ow < owHi; ow++) cols[d + ow] = x[s + ow * strideW];
          }
          cols.fill(0, d + owHi, d + outW);
        }
        cols.fill(0, dst + ohHi * outW, dst + p);
      }
    }
  }
}

/**
 * The adjoint of `im2col` for one image: adds every entry of `cols` back onto the input
 * position it was read from (`dx` accumulates, so overlapping windows sum), skipping padding.
 */
export function col2im(
  cols: FloatArray,
  g: ConvGeometry,
  group: number,
  image: number,
  dx: FloatArray,
): void {
  const { c, h, w, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft, outH, outW } =
    g;
  const cg = c / g.groups;
  const plane = h * w;
  const p = outH * outW;
  for (let ci = 0; ci < cg; ci++) {
    const base = (image * c + group * cg + ci) * plane;
    for (let i = 0; i < kH; i++) {
      const offH = i * dilationH - padTop;
      const [ohLo, ohHi] = validRange(offH, strideH, h, outH);
      for (let j = 0; j < kW; j++) {
        const offW = j * dilationW - padLeft;
        const [owLo, owHi] = validRange(offW, strideW, w, outW);
        const src = ((ci * kH + i) * kW + j) * p;
        for (let oh = ohLo; oh < ohHi; oh++) {
          const s = src + oh * outW;
          const d = base + (oh * strideH + offH) * w + offW;
          for (let ow = owLo; ow < owHi; ow++) dx[d + ow * strideW] += cols[s + ow];
        }
      }
    }
  }
}
