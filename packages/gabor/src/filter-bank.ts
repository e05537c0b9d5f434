import type { Rng } from '@convkit/tensor';
import type { GaborScalars } from './internal/gabor-sample';

export interface GaborBankOptions {
  /** Number of filters. */
  count: number;
  /** Kernel side; wavelengths are chosen to fit it. */
  kernelSize: number;
  /** Orientations evenly spaced over [0, π). Default 8. */
  orientations?: number;
  /** Phases cycled through after orientations and scales (default [0]: even filters). */
  phases?: readonly number[];
  /** Envelope aspect ratio γ. Default 0.5. */
  gamma?: number;
}

/** σ/λ ≈ 0.56 gives a bandwidth of one octave, typical of V1 simple cells. */
export const ONE_OCTAVE_SIGMA_PER_LAMBDA = 0.56;

/**
 * An orientation × scale filter bank, the classic hand-designed first layer: orientations
 * evenly spaced over [0, π), wavelengths half an octave apart from 2.5 px up to about the
 * kernel size, σ = 0.56·λ (one-octave bandwidth), then phases. Filter i takes orientation
 * i mod `orientations`, scale ⌊i / orientations⌋ mod scales, and so on.
 * @example
 * const bank = gaborBank({ count: 16, kernelSize: 11 }); // 8 orientations × 2 scales
 */
export function gaborBank(options: GaborBankOptions): GaborScalars[] {
  const { count, kernelSize } = options;
  const orientations = options.orientations ?? 8;
  const phases = options.phases ?? [0];
  const gamma = options.gamma ?? 0.5;
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`gaborBank: count must be a positive integer, got ${count}`);
  if (!Number.isInteger(orientations) || orientations < 1) {
    throw new RangeError(`gaborBank: orientations must be a positive integer, got ${orientations}`);
  }
  if (phases.length === 0) throw new RangeError('gaborBank: phases must not be empty');
  const scales = wavelengthsFor(kernelSize);
  return Array.from({ length: count }, (_, i) => {
    const lambda = scales[Math.floor(i / orientations) % scales.length];
    return {
      theta: ((i % orientations) * Math.PI) / orientations,
      sigma: ONE_OCTAVE_SIGMA_PER_LAMBDA * lambda,
      lambda,
      psi: phases[Math.floor(i / (orientations * scales.length)) % phases.length],
      gamma,
    };
  });
}

/** Half-octave wavelengths from 2.5 px while the envelope (±2σ) still fits the kernel. */
function wavelengthsFor(kernelSize: number): number[] {
  const scales: number[] = [];
  for (
    let lambda = 2.5;
    scales.length === 0 || 4 * ONE_OCTAVE_SIGMA_PER_LAMBDA * lambda <= kernelSize + 1;
    lambda *= Math.SQRT2
  ) {
    scales.push(lambda);
  }
  return scales;
}

/**
 * Random Gabor parameters for `count` filters: θ uniform over [0, π), λ log-uniform over
 * [2.5, kernelSize], σ = 0.56·λ·U(0.7, 1.3), ψ uniform over [−π, π), γ uniform over [0.3, 1].
 */
export function randomGaborParams(count: number, kernelSize: number, rng: Rng): GaborScalars[] {
  return Array.from({ length: count }, () => {
    const lambda = 2.5 * (Math.max(kernelSize, 2.5) / 2.5) ** rng.random();
    return {
      theta: rng.uniform(0, Math.PI),
      sigma: ONE_OCTAVE_SIGMA_PER_LAMBDA * lambda * rng.uniform(0.7, 1.3),
      lambda,
      psi: rng.uniform(-Math.PI, Math.PI),
      gamma: rng.uniform(0.3, 1),
    };
  });
}
