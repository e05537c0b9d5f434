import { type ConvGeometry, validRange } from './conv-geometry';
import type { FloatArray } from './float-array';

// Direct kernels for grouped convolutions with one input channel per group (depthwise):
// im2col would copy every input kH·kW times to feed one GEMM per group with a single row,
// while a direct loop reads each input row once per tap. Each tap (i, j) touches the output
// rows [ohLo, ohHi) and columns [owLo, owHi) whose input lies inside the image, so the
// inner loops never test for padding.

interface Tap {
  /** Offset of the tap's input element from the output position's origin, in the plane. */
  shift: number;
  ohLo: number;
  ohHi: number;
  owLo: number;
  owHi: number;
}

function taps(g: ConvGeometry): Tap[] {
  const list: Tap[] = [];
  for (let i = 0; i < g.kH; i++) {
    const offH = i * g.dilationH - g.padTop;
    const [ohLo, ohHi] = validRange(offH, g.strideH, g.h, g.outH);
    for (let j = 0; j < g.kW; j++) {
      const offW = j * g.dilationW - g.padLeft;
      const [owLo, owHi] = validRange(offW, g.strideW, g.w, g.outW);
      list.push({ shift: offH * g.w + offW, ohLo, ohHi, owLo, owHi });
    }
  }
  return list;
}

/** Adds the depthwise convolution of `x` with `weight` into `out` ([N, outC, outH, outW]). */
export function depthwiseForward(
  x: FloatArray,
  weight: FloatArray,
  g: ConvGeometry,
  out: FloatArray,
): void {
  const { n, c, h, w, outC, strideH, strideW, outH, outW } = g;
  const list = taps(g);
  const kk = list.length;
  const multiplier = outC / c;
  const p = outH * outW;
  const rowStep = strideH * w;
  for (let b = 0; b < n; b++) {
    for (let oc = 0; oc < outC; oc++) {
      const xBase = (b * c + Math.floor(oc / multiplier)) * h * w;
      const oBase = (b * outC + oc) * p;
      for (let t = 0; t < kk; t++) {
        const { shift, ohLo, ohHi, owLo, owHi } = list[t];
        const wv = weight[oc * kk + t];
        let xr = xBase + ohLo * rowStep + shift;
        let or = oBase + ohLo * outW;
        if (strideW === 1) {
          for (let oh = ohLo; oh < ohHi; oh++, xr += rowStep, or += outW) {
            for (let ow = owLo; ow < owHi; ow++) out[or + ow] += wv * x[xr + ow];
          }
        } else {
          for (let oh = ohLo; oh < ohHi; oh++, xr += rowStep, or += outW) {
            for (let ow = owLo; ow < owHi; ow++) out[or + ow] += wv * x[xr + ow * strideW];
          }
        }
      }
    }
  }
}

/** Adds into `dx` the input gradient of the depthwise convolution, from `dOut`. */
export function depthwiseInputGrad(
  dOut: FloatArray,
  weight: FloatArray,
  g: ConvGeometry,
  dx: FloatArray,
): void {
  const { n, c, h, w, outC, strideH, strideW, outH, outW } = g;
  const list = taps(g);
  const kk = list.length;
  const multiplier = outC / c;
  const p = outH * outW;
  const rowStep = strideH * w;
  for (let b = 0; b < n; b++) {
    for (let oc = 0; oc < outC; oc++) {
      const xBase = (b * c + Math.floor(oc / multiplier)) * h * w;
      const oBase = (b * outC + oc) * p;
      for (let t = 0; t < kk; t++) {
        const { shift, ohLo, ohHi, owLo, owHi } = list[t];
        const wv = weight[oc * kk + t];
        let xr = xBase + ohLo * rowStep + shift;
        let or = oBase + ohLo * outW;
        for (let oh = ohLo; oh < ohHi; oh++, xr += rowStep, or += outW) {
          for (let ow = owLo; ow < owHi; ow++) dx[xr + ow * strideW] += wv * dOut[or + ow];
        }
      }
    }
  }
}

/** Adds into `dw` the weight gradient of the depthwise convolution: Σ dOut · input per tap. */
export function depthwiseWeightGrad(
  dOut: FloatArray,
  x: FloatArray,
  g: ConvGeometry,
  dw: FloatArray,
): void {
  const { n, c, h, w, outC, strideH, strideW, outH, outW } = g;
  const list = taps(g);
  const kk = list.length;
  const multiplier = outC / c;
  const p = outH * outW;
  const rowStep = strideH * w;
  for (let b = 0; b < n; b++) {
    for (let oc = 0; oc < outC; oc++) {
      const xBase = (b * c + Math.floor(oc / multiplier)) * h * w;
      const oBase = (b * outC + oc) * p;
      for (let t = 0; t < kk; t++) {
        const { shift, ohLo, ohHi, owLo, owHi } = list[t];
        let xr = xBase + ohLo * rowStep + shift;
        let or = oBase + ohLo * outW;
        let acc = 0;
        for (let oh = ohLo; oh < ohHi; oh++, xr += rowStep, or += outW) {
          for (let ow = owLo; ow < owHi; ow++) acc += dOut[or + ow] * x[xr + ow * strideW];
        }
        dw[oc * kk + t] += acc;
      }
    }
  }
}
