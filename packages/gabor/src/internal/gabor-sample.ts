/** One Gabor filter's parameters as plain numbers. */
export interface GaborScalars {
  theta: number;
  sigma: number;
  lambda: number;
  psi: number;
  gamma: number;
}

/** σ and λ below this are treated as this (with zero gradient), so the kernel is never NaN. */
export const MIN_GABOR_SCALE = 1e-6;

/** Index of each parameter's partial derivative in the `partials` array of `gaborSample`. */
export const PARTIAL = { theta: 0, sigma: 1, lambda: 2, psi: 3, gamma: 4 } as const;

/**
 * The Gabor function at pixel offset (x, y) from the kernel centre, and optionally its five
 * partial derivatives (written to `partials` in `PARTIAL` order). The single place where the
 * formula lives: the kernel op's forward and backward and the fitter all call it.
 */
export function gaborSample(
  p: GaborScalars,
  x: number,
  y: number,
  partials: Float64Array | null,
): number {
  const cos = Math.cos(p.theta);
  const sin = Math.sin(p.theta);
  const sigmaClamped = !(p.sigma >= MIN_GABOR_SCALE);
  const lambdaClamped = !(p.lambda >= MIN_GABOR_SCALE);
  const s = sigmaClamped ? MIN_GABOR_SCALE : p.sigma;
  const l = lambdaClamped ? MIN_GABOR_SCALE : p.lambda;
  const g2 = p.gamma * p.gamma;
  const s2 = s * s;
  const k = (2 * Math.PI) / l;
  const xr = x * cos + y * sin;
  const yr = -x * sin + y * cos;
  const r2 = xr * xr + g2 * yr * yr;
  const envelope = Math.exp(-r2 / (2 * s2));
  const phase = k * xr + p.psi;
  const value = envelope * Math.cos(phase);
  if (partials !== null) {
    // envelope·sin(phase) is the carrier's derivative, shared by θ, λ and ψ;
    // ∂x′/∂θ = y′ and ∂y′/∂θ = −x′.
    const es = envelope * Math.sin(phase);
    partials[PARTIAL.theta] = (-value * (1 - g2) * xr * yr) / s2 - es * k * yr;
    partials[PARTIAL.sigma] = sigmaClamped ? 0 : (value * r2) / (s2 * s);
    partials[PARTIAL.lambda] = lambdaClamped ? 0 : (es * k * xr) / l;
    partials[PARTIAL.psi] = -es;
    partials[PARTIAL.gamma] = (-value * p.gamma * yr * yr) / s2;
  }
  return value;
}
