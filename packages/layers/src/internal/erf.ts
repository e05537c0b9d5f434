// The error function to float64 accuracy (a few ulp), for the exact GELU. JavaScript has no
// Math.erf, and the usual 5-term Abramowitz–Stegun fit (error 1.5e-7) is too coarse for
// float64 gradient checks.
//
// |x| < 2: erf(x) = (2/√π)·e^(−x²)·Σ 2ⁿx^(2n+1)/(1·3·…·(2n+1)). Unlike the Taylor series every
//          term has the sign of x, so nothing cancels; ≤ 31 terms reach 1e-17.
// |x| ≥ 2: erfc(x) = e^(−x²) / (√π·K(x)) with the continued fraction
//          K = x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))), evaluated by the modified Lentz
//          method; ≤ 57 steps at x = 2 and fewer as x grows.

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const SQRT_PI = 1.772453850905516;
const SERIES_LIMIT = 2;
// erfc(6) ≈ 2.2e-17 < ε/2, so erf rounds to ±1 beyond it; e^(−x²) underflows past ~27.3.
const ERF_SATURATES = 6;
const ERFC_UNDERFLOWS = 27.3;
const TINY = 1e-300;

function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 64; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** erfc(x) for x ≥ SERIES_LIMIT by the continued fraction. */
function erfcFraction(x: number): number {
  if (x >= ERFC_UNDERFLOWS) return 0;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 200; n++) {
    const a = n / 2;
    d = x + a * d;
    d = 1 / (Math.abs(d) < TINY ? TINY : d);
    c = x + a / (Math.abs(c) < TINY ? TINY : c);
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (SQRT_PI * f);
}

/** The error function erf(x) = (2/√π)∫₀ˣ e^(−t²) dt. */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < SERIES_LIMIT) return erfSeries(x);
  if (Number.isNaN(ax)) return Number.NaN;
  const value = ax >= ERF_SATURATES ? 1 : 1 - erfcFraction(ax);
  return x < 0 ? -value : value;
}

/** The complementary error function 1 − erf(x), accurate in the tail where erf(x) ≈ 1. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x >= SERIES_LIMIT) return erfcFraction(x);
  if (x <= -SERIES_LIMIT) return 2 - erfcFraction(-x);
  return 1 - erfSeries(x);
}

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327;

/** The standard normal CDF Φ(x) = ½·erfc(−x/√2), accurate in both tails. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x * SQRT1_2);
}

/** The standard normal density φ(x) = e^(−x²/2)/√(2π). */
export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}
