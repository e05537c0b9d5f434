import type { Rng } from '@convkit/tensor';

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const SQRT_E = Math.sqrt(Math.E);

/**
 * One draw of a standard normal restricted to [a, b] (a < b, either may be infinite), by
 * exact rejection (Robert 1995, "Simulation of truncated normal variables"): no clipping and
 * no inverse-CDF round-off, so far tails are as exact as the centre. The proposal is picked
 * for a good acceptance rate:
 * - 0 inside [a, b]: plain normal draws when the interval is wide, else uniform on [a, b];
 * - [a, b] in one tail: uniform on [a, b] when narrow, else a translated exponential.
 */
export function sampleTruncatedStandard(rng: Rng, a: number, b: number): number {
  if (b <= 0 && a < 0) return -sampleTruncatedStandard(rng, -b, -a);
  if (a <= 0) {
    // 0 is inside [a, b]. Normal proposals accept with probability Φ(b) - Φ(a); uniform ones
    // with mean e^{-z²/2}; the break-even width is √(2π).
    if (b - a >= SQRT_2PI) {
      for (;;) {
        const z = rng.normal();
        if (z >= a && z <= b) return z;
      }
    }
    for (;;) {
      const z = a + (b - a) * rng.random();
      if (rng.random() <= Math.exp(-0.5 * z * z)) return z;
    }
  }
  // 0 < a < b: the whole interval is in the upper tail.
  const root = Math.sqrt(a * a + 4);
  const lambda = (a + root) / 2;
  const uniformBetter = b - a < ((2 * SQRT_E) / (a + root)) * Math.exp((a * a - a * root) / 4);
  if (uniformBetter) {
    for (;;) {
      const z = a + (b - a) * rng.random();
      if (rng.random() <= Math.exp(0.5 * (a * a - z * z))) return z;
    }
  }
  for (;;) {
    // 1 - u is in (0, 1], so the log is finite.
    const z = a - Math.log(1 - rng.random()) / lambda;
    if (z > b) continue;
    const d = z - lambda;
    if (rng.random() <= Math.exp(-0.5 * d * d)) return z;
  }
}

/** Fills `out` with N(mean, std²) restricted to [low, high]; round-off never leaves the bounds. */
export function fillTruncatedNormal(
  out: Float64Array,
  rng: Rng,
  mean: number,
  std: number,
  low: number,
  high: number,
): void {
  if (std === 0) {
    out.fill(mean);
    return;
  }
  const a = (low - mean) / std;
  const b = (high - mean) / std;
  for (let i = 0; i < out.length; i++) {
    const x = mean + std * sampleTruncatedStandard(rng, a, b);
    // Only floating-point round-off of mean + std·z can step outside; the draw itself cannot.
    out[i] = Math.min(Math.max(x, low), high);
  }
}
