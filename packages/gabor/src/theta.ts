import type { GaborScalars } from './internal/gabor-sample';

const TWO_PI = 2 * Math.PI;

/** x mod m in [0, m). */
function mod(x: number, m: number): number {
  return ((x % m) + m) % m;
}

/**
 * The period of a Gabor filter in θ: π when ψ ≡ 0 or π (mod 2π, within `tolerance`), for then
 * rotating by π maps the filter onto itself; 2π otherwise.
 */
export function thetaPeriod(psi: number, tolerance = 1e-6): number {
  const p = mod(psi, Math.PI);
  return p < tolerance || Math.PI - p < tolerance ? Math.PI : TWO_PI;
}

/**
 * θ wrapped into [−period/2, period/2) for its ψ (see `thetaPeriod`), so that learned
 * orientations can be compared and reported.
 * @example
 * wrapTheta(3 * Math.PI / 4 + Math.PI, 0); // 3π/4 − π = −π/4
 */
export function wrapTheta(theta: number, psi: number): number {
  const period = thetaPeriod(psi);
  return mod(theta + period / 2, period) - period / 2;
}

/**
 * The canonical form of a Gabor filter times an amplitude: since g(θ + π, ψ) = g(θ, −ψ) and
 * −g(ψ) = g(ψ + π), every filter has exactly one form with θ ∈ [0, π), ψ ∈ (−π, π] and a
 * positive amplitude.
 */
export function canonicalGabor(
  p: GaborScalars,
  amplitude: number,
): { params: GaborScalars; amplitude: number } {
  let { theta, psi } = p;
  let a = amplitude;
  if (a < 0) {
    a = -a;
    psi += Math.PI;
  }
  theta = mod(theta, TWO_PI);
  if (theta >= Math.PI) {
    theta -= Math.PI;
    psi = -psi;
  }
  psi = Math.PI - mod(Math.PI - psi, TWO_PI);
  return { params: { ...p, theta, psi, gamma: Math.abs(p.gamma) }, amplitude: a };
}
