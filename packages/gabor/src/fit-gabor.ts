import { formatShape, Tensor } from '@convkit/tensor';
import { type GaborScalars, gaborSample, PARTIAL } from './internal/gabor-sample';
import { solveSpd } from './internal/solve';
import { canonicalGabor } from './theta';

/** The result of fitting a Gabor filter to a 2-D kernel. */
export interface GaborFit {
  /** Canonical parameters: θ ∈ [0, π), ψ ∈ (−π, π], σ, λ, γ > 0. */
  params: GaborScalars;
  /** Scale a ≥ 0 of the best fit a·g(x, y). */
  amplitude: number;
  /** Coefficient of determination 1 − SSE/SST of the fit (1 is perfect; ≤ 0 is no better than the mean). */
  r2: number;
  /** The fitted kernel a·g, shape `[kH, kW]`, float64. */
  fitted: Tensor;
}

export interface FitGaborOptions {
  /** Orientations tried as starting points, evenly spaced over [0, π). Default 8. */
  orientations?: number;
  /** Starting wavelengths in pixels. Default: 4 values from 2.5 to the kernel size. */
  wavelengths?: readonly number[];
  /** Levenberg–Marquardt iterations for the final refinement. Default 200. */
  iterations?: number;
}

// Fitted parameter vector: amplitude, θ, log σ, log λ, ψ, log γ. Logs keep σ, λ, γ positive.
const N_PARAMS = 6;

interface Problem {
  target: Float64Array;
  kH: number;
  kW: number;
}

function unpack(v: Float64Array): GaborScalars {
  return {
    theta: v[1],
    sigma: Math.exp(v[2]),
    lambda: Math.exp(v[3]),
    psi: v[4],
    gamma: Math.exp(v[5]),
  };
}

/** Sum of squared residuals of a·g − target; fills the Jacobian when `jacobian` is given. */
function residual(
  problem: Problem,
  v: Float64Array,
  jacobian: Float64Array | null,
  residuals: Float64Array | null,
): number {
  const p = unpack(v);
  const partials = new Float64Array(5);
  const cy = (problem.kH - 1) / 2;
  const cx = (problem.kW - 1) / 2;
  let sse = 0;
  let o = 0;
  for (let i = 0; i < problem.kH; i++) {
    for (let j = 0; j < problem.kW; j++, o++) {
      const g = gaborSample(p, j - cx, i - cy, jacobian ? partials : null);
      const r = v[0] * g - problem.target[o];
      sse += r * r;
      if (residuals) residuals[o] = r;
      if (jacobian) {
        const row = o * N_PARAMS;
        jacobian[row] = g;
        jacobian[row + 1] = v[0] * partials[PARTIAL.theta];
        // Chain rule through the log parameterisation: ∂/∂log s = s·∂/∂s.
        jacobian[row + 2] = v[0] * p.sigma * partials[PARTIAL.sigma];
        jacobian[row + 3] = v[0] * p.lambda * partials[PARTIAL.lambda];
        jacobian[row + 4] = v[0] * partials[PARTIAL.psi];
        jacobian[row + 5] = v[0] * p.gamma * partials[PARTIAL.gamma];
      }
    }
  }
  return sse;
}

/** Levenberg–Marquardt from `start`; returns the refined vector and its SSE. */
function levenbergMarquardt(
  problem: Problem,
  start: Float64Array,
  iterations: number,
): { v: Float64Array; sse: number } {
  const n = problem.target.length;
  const jacobian = new Float64Array(n * N_PARAMS);
  const residuals = new Float64Array(n);
  const normal = new Float64Array(N_PARAMS * N_PARAMS);
  const gradient = new Float64Array(N_PARAMS);
  let v = start.slice();
  let sse = residual(problem, v, jacobian, residuals);
  let damping = 1e-3;
  for (let it = 0; it < iterations; it++) {
    normal.fill(0);
    gradient.fill(0);
    for (let r = 0; r < n; r++) {
      const row = r * N_PARAMS;
      for (let a = 0; a < N_PARAMS; a++) {
        gradient[a] += jacobian[row + a] * residuals[r];
        for (let b = 0; b <= a; b++)
          normal[a * N_PARAMS + b] += jacobian[row + a] * jacobian[row + b];
      }
    }
    let improved = false;
    while (damping < 1e12) {
      const system = new Float64Array(N_PARAMS * N_PARAMS);
      for (let a = 0; a < N_PARAMS; a++) {
        for (let b = 0; b <= a; b++) {
          system[a * N_PARAMS + b] = system[b * N_PARAMS + a] = normal[a * N_PARAMS + b];
        }
        // Marquardt's scaling of the diagonal, plus a floor for flat directions.
        system[a * N_PARAMS + a] += damping * (normal[a * N_PARAMS + a] + 1e-12);
      }
      const step = solveSpd(
        system,
        gradient.map((g) => -g),
        N_PARAMS,
      );
      if (step !== null) {
        const candidate = v.map((x, i) => x + step[i]);
        const candidateSse = residual(problem, candidate, null, null);
        if (candidateSse < sse) {
          const relative = (sse - candidateSse) / Math.max(sse, 1e-300);
          v = candidate;
          sse = residual(problem, v, jacobian, residuals);
          damping = Math.max(damping / 3, 1e-12);
          improved = relative > 1e-12;
          break;
        }
      }
      damping *= 4;
    }
    if (!improved) break;
  }
  return { v, sse };
}

function checkKernel(kernel: Tensor, op: string): { kH: number; kW: number } {
  if (!(kernel instanceof Tensor) || kernel.rank !== 2 || kernel.dtype === 'int32') {
    throw new TypeError(
      `${op}: kernel must be a float tensor of shape [kH, kW], got ${kernel instanceof Tensor ? `${kernel.dtype} ${formatShape(kernel.shape)}` : String(kernel)}`,
    );
  }
  const [kH, kW] = kernel.shape;
  if (kH < 3 || kW < 3)
    throw new RangeError(`${op}: kernel must be at least 3×3, got ${formatShape(kernel.shape)}`);
  if (!kernel.data.every(Number.isFinite))
    throw new RangeError(`${op}: kernel must be finite, got NaN or Infinity`);
  return { kH, kW };
}

/**
 * Fits a·g(x, y; θ, σ, λ, ψ, γ) to a 2-D kernel by least squares: Levenberg–Marquardt on
 * (a, θ, log σ, log λ, ψ, log γ), started from a grid of orientations × wavelengths × two
 * phases (the loss has many local minima in θ and λ), the best few starts refined further.
 * Returns canonical parameters and the fit quality R².
 * @example
 * const fit = fitGabor(trainedConv.weight.narrow(0, 0, 1).reshape([5, 5]));
 * if (fit.r2 > 0.8) console.log('Gabor-like, θ =', fit.params.theta);
 */
export function fitGabor(kernel: Tensor, options: FitGaborOptions = {}): GaborFit {
  const { kH, kW } = checkKernel(kernel, 'fitGabor');
  const target = Float64Array.from(kernel.data);
  const problem: Problem = { target, kH, kW };
  const mean = target.reduce((s, v) => s + v, 0) / target.length;
  const sst = target.reduce((s, v) => s + (v - mean) ** 2, 0);
  const orientations = options.orientations ?? 8;
  const size = Math.max(kH, kW);
  const wavelengths = options.wavelengths ?? [
    2.5,
    2.5 + (size - 2.5) / 3,
    2.5 + (2 * (size - 2.5)) / 3,
    size,
  ];

  const starts: { v: Float64Array; sse: number }[] = [];
  for (let o = 0; o < orientations; o++) {
    for (const lambda of wavelengths) {
      for (const psi of [0, Math.PI / 2]) {
        // σ ≈ 0.56·λ is a one-octave bandwidth, a typical receptive field.
        const v = Float64Array.from([
          0,
          (o * Math.PI) / orientations,
          Math.log(Math.min(0.56 * lambda, size / 2)),
          Math.log(lambda),
          psi,
          Math.log(0.8),
        ]);
        v[0] = bestAmplitude(problem, v);
        starts.push(levenbergMarquardt(problem, v, 15));
      }
    }
  }
  starts.sort((a, b) => a.sse - b.sse);
  let best = starts[0];
  for (const start of starts.slice(0, 3)) {
    const refined = levenbergMarquardt(problem, start.v, options.iterations ?? 200);
    if (refined.sse < best.sse) best = refined;
  }
  const fitted = new Float64Array(target.length);
  residual(problem, best.v, null, fitted);
  for (let i = 0; i < fitted.length; i++) fitted[i] += target[i];
  const canonical = canonicalGabor(unpack(best.v), best.v[0]);
  return {
    params: canonical.params,
    amplitude: canonical.amplitude,
    r2: sst > 0 ? 1 - best.sse / sst : best.sse === 0 ? 1 : 0,
    fitted: new Tensor(fitted, [kH, kW]),
  };
}

/** The least-squares amplitude for the shape in `v`: a = ⟨K, g⟩ / ⟨g, g⟩. */
function bestAmplitude(problem: Problem, v: Float64Array): number {
  const probe = v.slice();
  probe[0] = 1;
  const g = new Float64Array(problem.target.length);
  residual(problem, probe, null, g);
  let kg = 0;
  let gg = 0;
  for (let i = 0; i < g.length; i++) {
    const gi = g[i] + problem.target[i];
    kg += problem.target[i] * gi;
    gg += gi * gi;
  }
  return gg > 0 ? kg / gg : 0;
}

export interface GaborLikenessOptions extends FitGaborOptions {
  /** R² at or above which a filter counts as Gabor-like. Default 0.8. */
  threshold?: number;
}

/**
 * How Gabor-like the filters of a conv weight `[outC, inC, kH, kW]` are: fits a Gabor to
 * every 2-D slice and reports the fraction with R² ≥ `threshold`, with each fit. Olah et al.
 * (Distill, 2020) found about 44% of early-layer filters of image models Gabor-like; this
 * measures it on any model.
 * @example
 * const { fraction } = gaborLikeness(model.conv1.weight);
 */
export function gaborLikeness(
  weight: Tensor,
  options: GaborLikenessOptions = {},
): {
  fraction: number;
  fits: GaborFit[];
  threshold: number;
} {
  if (!(weight instanceof Tensor) || weight.rank !== 4) {
    throw new TypeError(
      `gaborLikeness: weight must be a conv weight [outC, inC, kH, kW], got ${weight instanceof Tensor ? formatShape(weight.shape) : String(weight)}`,
    );
  }
  const threshold = options.threshold ?? 0.8;
  const [outC, inC, kH, kW] = weight.shape;
  const plane = kH * kW;
  const fits: GaborFit[] = [];
  for (let s = 0; s < outC * inC; s++) {
    const slice = new Tensor(Float64Array.from(weight.data.subarray(s * plane, (s + 1) * plane)), [
      kH,
      kW,
    ]);
    fits.push(fitGabor(slice, options));
  }
  const good = fits.filter((f) => f.r2 >= threshold).length;
  return { fraction: fits.length > 0 ? good / fits.length : 0, fits, threshold };
}
