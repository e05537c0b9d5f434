// The standard normal's density and distribution in float64, accurate to ~1e-13 relative,
// for describing truncated normals (expected mean and std) and for the tests. Sampling never
// needs these: the truncated sampler is a pure rejection method.

const SQRT_PI = Math.sqrt(Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** The standard normal density φ(z). */
export function normalPdf(z: number): number {
  return Number.isFinite(z) ? INV_SQRT_2PI * Math.exp(-0.5 * z * z) : 0;
}

/** The complementary error function, relative error ~1e-13 for every finite x. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2.5) return 1 - erfSeries(x);
  if (x > 27) return 0;
  // Continued fraction erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))),
  // evaluated bottom-up; 60 terms are far more than enough for x ≥ 2.5.
  let f = x;
  for (let n = 60; n >= 1; n--) f = x + n / 2 / f;
  return Math.exp(-x * x) / SQRT_PI / f;
}

// erf(x) = 2/√π · e^{-x²} · Σ 2ⁿ x^{2n+1} / (1·3·…·(2n+1)): positive terms, no cancellation.
function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return (2 / SQRT_PI) * Math.exp(-x * x) * sum;
}

/** P(Z ≤ z) for a standard normal Z. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** P(a ≤ Z ≤ b), computed in the tail where that avoids cancellation. */
export function normalMass(a: number, b: number): number {
  if (a > 0) return normalCdf(-a) - normalCdf(-b);
  return normalCdf(b) - normalCdf(a);
}

/**
 * Mean and std of N(mean, std²) restricted to [low, high].
 * @example
 * truncatedNormalMoments(0, 1, -2, 2).std; // 0.8796256610342398
 */
export function truncatedNormalMoments(
  mean: number,
  std: number,
  low: number,
  high: number,
): { mean: number; std: number } {
  if (std === 0) return { mean, std: 0 };
  const a = (low - mean) / std;
  const b = (high - mean) / std;
  const mass = normalMass(a, b);
  const pa = normalPdf(a);
  const pb = normalPdf(b);
  const shift = (pa - pb) / mass;
  const aTerm = Number.isFinite(a) ? a * pa : 0;
  const bTerm = Number.isFinite(b) ? b * pb : 0;
  const variance = 1 + (aTerm - bTerm) / mass - shift * shift;
  return { mean: mean + std * shift, std: std * Math.sqrt(Math.max(variance, 0)) };
}
