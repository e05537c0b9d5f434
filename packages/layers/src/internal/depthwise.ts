import { type ConvGeometry, validRange } from './conv-geometry';
import type { FloatArray } from './float-array';

// Direct kernels for convolutions with one input channel per group (depthwise, or any conv
// on a single-channel input): im2col would copy every input kH·kW times to feed a GEMM with
// one row, while a direct loop reads each input row once per tap.

interface Taps {
  offH: Int32Array;
  offW: Int32Array;
  ohLo: Int32Array;
  ohHi: Int32Array;
  owLo: Int32Array;
  owHi: Int32Array;
}

function taps(g: ConvGeometry): Taps {
  const t: Taps = {
    offH: new Int32Array(g.kH),
    ohLo: new Int32Array(g.kH),
    ohHi: new Int32Array(g.kH),
    offW: new Int32Array(g.kW),
    owLo: new Int32Array(g.kW),
    owHi: new Int32Array(g.kW),
  };
  for (let i = 0; i < g.kH; i++) {
    t.offH[i] = i * g.dilationH - g.padTop;
    [t.ohLo[i], t.ohHi[i]] = validRange(t.offH[i], g.strideH, g.h, g.outH);
  }
  for (let j = 0; j < g.kW; j++) {
    t.offW[j] = j * g.dilationW - g.padLeft;
    [t.owLo[j], t.owHi[j]] = validRange(t.offW[j], g.strideW, g.w, g.outW);
  }
  return t;
}

/** Adds the depthwise convolution of `x` with `weight` into `out` ([N, outC, outH, outW]). */
export function depthwiseForward(x: FloatArray, weight: FloatArray, g: ConvGeometry, out: FloatArray): void {
  const { n, c, h, w, outC, kH, kW, strideH, strideW, outH, outW } = g;
  const t = taps(g);
  const multiplier = outC / c;
  const p = outH * outW;
  for (let b = 0; b < n; b++) {
    for (let oc = 0; oc < outC; oc++) {
      const xBase = (b * c + Math.floor(oc / multiplier)) * h * w;
      const oBase = (b * outC + oc) * p;
      for (let i = 0; i < kH; i++) {
        for (let j = 0; j < kW; j++) {
          const wv = weight[(oc * kH + i) * kW + j];
          const owLo = t.owLo[j];
          const owHi = t.owHi[j];
          for (let oh = t.ohLo[i]; oh < t.ohHi[i]; oh++) {
            const xr = xBase + (oh * strideH + t.offH[i]) * w + t.offW[j];
            const or = oBase + oh * outW;
            for (let ow = owLo; ow < owHi; ow++) out[or + ow] += wv * x[xr + ow * strideW];
          }
        }
      }
    }
  }
}

/**
 * Gradients of the depthwise convolution: adds into `dx` (when given) the input gradient
 * and into `dw` (when given) the weight gradient, from the output gradient `dOut`.
 */
export function depthwiseBackward(
  dOut: FloatArray,
  g: ConvGeometry,
  weight: FloatArray | null,
  dx: FloatArray | null,
  x: FloatArray | null,
  dw: FloatArray | null,
): void {
  const { n, c, h, w, outC, kH, kW, strideH, strideW, outH, outW } = g;
  const t = taps(g);
  const multiplier = outC / c;
  const p = outH * outW;
  for (let b = 0; b < n; b++) {
    for (let oc = 0; oc < outC; oc++) {
      const xBase = (b * c + Math.floor(oc / multiplier)) * h * w;
      const oBase = (b * outC + oc) * p;
      for (let i = 0; i < kH; i++) {
        for (let j = 0; j < kW; j++) {
          const k = (oc * kH + i) * kW + j;
          const owLo = t.owLo[j];
          const owHi = t.owHi[j];
          let acc = 0;
          for (let oh = t.ohLo[i]; oh < t.ohHi[i]; oh++) {
            const xr = xBase + (oh * strideH + t.offH[i]) * w + t.offW[j];
            const or = oBase + oh * outW;
            if (dx !== null && weight !== null) {
              const wv = weight[k];
              for (let ow = owLo; ow < owHi; ow++) dx[xr + ow * strideW] += wv * dOut[or + ow];
            }
            if (dw !== null && x !== null) {
              for (let ow = owLo; ow < owHi; ow++) acc += dOut[or + ow] * x[xr + ow * strideW];
            }
          }
          if (dw !== null) dw[k] += acc;
        }
      }
    }
  }
}
