import { type Tensor, tensor } from '@convkit/tensor';

// Naive float64 references for the tests: the textbook loops, written independently of the
// fast kernels (no im2col, no shared index helpers), batched NCHW only.

/** Settings of a reference convolution, all explicit. */
export interface RefConvConfig {
  stride: [number, number];
  /** [top, bottom, left, right], zeros. */
  pad: [number, number, number, number];
  dilation: [number, number];
  groups: number;
}

/** out[n,o,y,x] = b[o] + Σ w[o,c,i,j]·in[n, g·Cg+c, y·sH+i·dH−top, x·sW+j·dW−left]. */
export function refConv2d(x: Tensor, w: Tensor, bias: Tensor | null, cfg: RefConvConfig): Tensor {
  const [n, c, h, wd] = x.shape;
  const [outC, cg, kH, kW] = w.shape;
  const [sH, sW] = cfg.stride;
  const [top, bottom, left, right] = cfg.pad;
  const [dH, dW] = cfg.dilation;
  const outH = Math.floor((h + top + bottom - dH * (kH - 1) - 1) / sH) + 1;
  const outW = Math.floor((wd + left + right - dW * (kW - 1) - 1) / sW) + 1;
  const outCg = outC / cfg.groups;
  const out = new Float64Array(n * outC * outH * outW);
  let k = 0;
  for (let b = 0; b < n; b++)
    for (let o = 0; o < outC; o++)
      for (let y = 0; y < outH; y++)
        for (let xx = 0; xx < outW; xx++) {
          let acc = bias === null ? 0 : bias.data[o];
          const g = Math.floor(o / outCg);
          for (let ci = 0; ci < cg; ci++)
            for (let i = 0; i < kH; i++)
              for (let j = 0; j < kW; j++) {
                const iy = y * sH + i * dH - top;
                const ix = xx * sW + j * dW - left;
                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                acc +=
                  w.data[((o * cg + ci) * kH + i) * kW + j] *
                  x.data[((b * c + g * cg + ci) * h + iy) * wd + ix];
              }
          out[k++] = acc;
        }
  return tensor(out, { shape: [n, outC, outH, outW] });
}

/**
 * Transposed convolution by its scatter definition: every input value adds
 * in·w[c, o, i, j] at output (y·sH + i·dH − pH, x·sW + j·dW − pW).
 */
export function refConvTranspose2d(
  x: Tensor,
  w: Tensor,
  bias: Tensor | null,
  cfg: {
    stride: [number, number];
    padding: [number, number];
    outputPadding: [number, number];
    dilation: [number, number];
    groups: number;
  },
): Tensor {
  const [n, c, h, wd] = x.shape;
  const [, outCg, kH, kW] = w.shape;
  const [sH, sW] = cfg.stride;
  const [pH, pW] = cfg.padding;
  const [dH, dW] = cfg.dilation;
  const outC = outCg * cfg.groups;
  const cg = c / cfg.groups;
  const outH = (h - 1) * sH - 2 * pH + dH * (kH - 1) + cfg.outputPadding[0] + 1;
  const outW = (wd - 1) * sW - 2 * pW + dW * (kW - 1) + cfg.outputPadding[1] + 1;
  const out = new Float64Array(n * outC * outH * outW);
  for (let b = 0; b < n; b++)
    for (let ci = 0; ci < c; ci++) {
      const g = Math.floor(ci / cg);
      for (let y = 0; y < h; y++)
        for (let xx = 0; xx < wd; xx++) {
          const v = x.data[((b * c + ci) * h + y) * wd + xx];
          for (let o = 0; o < outCg; o++)
            for (let i = 0; i < kH; i++)
              for (let j = 0; j < kW; j++) {
                const oy = y * sH + i * dH - pH;
                const ox = xx * sW + j * dW - pW;
                if (oy < 0 || oy >= outH || ox < 0 || ox >= outW) continue;
                out[((b * outC + g * outCg + o) * outH + oy) * outW + ox] +=
                  v * w.data[((ci * outCg + o) * kH + i) * kW + j];
              }
        }
    }
  if (bias !== null) {
    for (let i = 0; i < out.length; i++) out[i] += bias.data[Math.floor(i / (outH * outW)) % outC];
  }
  return tensor(out, { shape: [n, outC, outH, outW] });
}

/** Pads the last two dims as PyTorch's F.pad with mode reflect/replicate/circular. */
export function refPad(
  x: Tensor,
  pad: [number, number, number, number],
  mode: 'reflect' | 'replicate' | 'circular',
): Tensor {
  const [n, c, h, wd] = x.shape;
  const [top, bottom, left, right] = pad;
  const ph = h + top + bottom;
  const pw = wd + left + right;
  const src = (i: number, size: number) => {
    if (mode === 'replicate') return Math.min(Math.max(i, 0), size - 1);
    if (mode === 'circular') return (i + size * 4) % size;
    return i < 0 ? -i : i >= size ? 2 * size - 2 - i : i;
  };
  const out = new Float64Array(n * c * ph * pw);
  for (let p = 0; p < n * c; p++)
    for (let y = 0; y < ph; y++)
      for (let xx = 0; xx < pw; xx++)
        out[(p * ph + y) * pw + xx] = x.data[(p * h + src(y - top, h)) * wd + src(xx - left, wd)];
  return tensor(out, { shape: [n, c, ph, pw] });
}

/** Σ a·b over all elements, in float64. */
export function dot(a: Tensor, b: Tensor): number {
  let acc = 0;
  for (let i = 0; i < a.size; i++) acc += a.data[i] * b.data[i];
  return acc;
}
