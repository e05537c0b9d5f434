// Batch-norm kernels over x viewed as [N, C, S] (S = product of the spatial sizes). Statistics
// and gradient sums run in float64 whatever the tensor dtype.
import type { TypedArray } from '@convkit/tensor';

/**
 * Per-channel mean and biased variance, two-pass (subtracting the mean before squaring avoids
 * the cancellation of E[x²] − E[x]²).
 */
export function channelStats(
  x: TypedArray,
  N: number,
  C: number,
  S: number,
): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(C);
  const variance = new Float64Array(C);
  const count = N * S;
  for (let c = 0; c < C; c++) {
    let sum = 0;
    for (let n = 0; n < N; n++) {
      const base = (n * C + c) * S;
      for (let s = 0; s < S; s++) sum += x[base + s];
    }
    const m = sum / count;
    let sq = 0;
    for (let n = 0; n < N; n++) {
      const base = (n * C + c) * S;
      for (let s = 0; s < S; s++) {
        const d = x[base + s] - m;
        sq += d * d;
      }
    }
    mean[c] = m;
    variance[c] = sq / count;
  }
  return { mean, variance };
}

/** out = x̂·γ + β and x̂ = (x − mean)·invStd, per channel. */
export function batchNormForward(
  x: TypedArray,
  mean: Float64Array,
  invStd: Float64Array,
  weight: TypedArray | null,
  bias: TypedArray | null,
  out: TypedArray,
  xhat: TypedArray,
  N: number,
  C: number,
  S: number,
): void {
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const base = (n * C + c) * S;
      const m = mean[c];
      const k = invStd[c];
      const w = weight === null ? 1 : weight[c];
      const b = bias === null ? 0 : bias[c];
      for (let s = base; s < base + S; s++) {
        const h = (x[s] - m) * k;
        xhat[s] = h;
        out[s] = h * w + b;
      }
    }
  }
}

/** Σ g and Σ g·x̂ per channel: the bias and weight gradients, and the terms of dx. */
export function channelGradSums(
  g: TypedArray,
  xhat: TypedArray,
  N: number,
  C: number,
  S: number,
): { sumG: Float64Array; sumGX: Float64Array } {
  const sumG = new Float64Array(C);
  const sumGX = new Float64Array(C);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const base = (n * C + c) * S;
      let a = 0;
      let b = 0;
      for (let s = base; s < base + S; s++) {
        a += g[s];
        b += g[s] * xhat[s];
      }
      sumG[c] += a;
      sumGX[c] += b;
    }
  }
  return { sumG, sumGX };
}

/**
 * Input gradient. With batch statistics the mean and variance depend on x, which gives
 * dx = γ·invStd/M · (M·g − Σg − x̂·Σg·x̂) with M = N·S; with fixed (running) statistics the
 * map is affine and dx = γ·invStd·g.
 */
export function batchNormInputGrad(
  g: TypedArray,
  xhat: TypedArray,
  invStd: Float64Array,
  weight: TypedArray | null,
  sums: { sumG: Float64Array; sumGX: Float64Array } | null,
  dx: TypedArray,
  N: number,
  C: number,
  S: number,
): void {
  const M = N * S;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const base = (n * C + c) * S;
      const scale = (weight === null ? 1 : weight[c]) * invStd[c];
      if (sums === null) {
        for (let s = base; s < base + S; s++) dx[s] = scale * g[s];
      } else {
        const meanG = sums.sumG[c] / M;
        const meanGX = sums.sumGX[c] / M;
        for (let s = base; s < base + S; s++) dx[s] = scale * (g[s] - meanG - xhat[s] * meanGX);
      }
    }
  }
}
