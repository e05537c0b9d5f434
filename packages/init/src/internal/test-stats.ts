// Helpers for the statistical tests (not exported). Tolerances are Z standard errors of the
// estimate for the sample size n: with Z = 5 a correct sampler fails a given check with
// probability < 1e-6, and the seeds are fixed, so a failure means a real bias.

/** Standard errors allowed by every statistical check. */
export const Z = 5;

export interface SampleStats {
  n: number;
  mean: number;
  /** Population variance (divide by n). */
  variance: number;
  /** Mean of x². */
  meanSquare: number;
  min: number;
  max: number;
}

export function sampleStats(data: ArrayLike<number>): SampleStats {
  const n = data.length;
  let sum = 0;
  let sumSq = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const x = data[i];
    sum += x;
    sumSq += x * x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const mean = sum / n;
  return { n, mean, variance: sumSq / n - mean * mean, meanSquare: sumSq / n, min, max };
}

/** Allowed |sample mean − μ|: Z·σ/√n. */
export function meanTolerance(std: number, n: number): number {
  return (Z * std) / Math.sqrt(n);
}

/**
 * Allowed |sample variance − σ²|: Z·σ²·√((κ − 1)/n), κ the kurtosis E[(x−μ)⁴]/σ⁴ (3 for a
 * normal, 1.8 for a uniform, 2.37 for a normal truncated at ±2σ: 3 is a safe bound for all).
 */
export function varianceTolerance(variance: number, n: number, kurtosis = 3): number {
  return Z * variance * Math.sqrt((kurtosis - 1) / n);
}
