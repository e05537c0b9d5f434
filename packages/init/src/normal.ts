import { makeInitializer } from './internal/make';
import { truncatedNormalMoments } from './internal/normal-dist';
import { fillTruncatedNormal } from './internal/truncated-sampler';
import { checkFinite, checkOptions } from './internal/validate';
import type { DescribedInitializer } from './types';

/**
 * Normal draws N(mean, std²) (defaults 0 and 1, as PyTorch's `normal_`).
 * @example
 * normal({ std: 0.01 })([128, 128], { rng: createRng(0) });
 */
export function normal(options?: { mean?: number; std?: number }): DescribedInitializer {
  const opts = checkOptions(options, 'normal', ['mean', 'std']);
  const mean = checkFinite(opts.mean ?? 0, 'normal', 'mean');
  const std = checkFinite(opts.std ?? 1, 'normal', 'std', 0);
  return makeInitializer({
    rule: 'normal',
    describe: () => ({
      rule: 'normal',
      fanIn: null,
      fanOut: null,
      gain: null,
      mean,
      std,
      bound: std === 0 ? Math.abs(mean) : null,
    }),
    sample: (out, _shape, rng) => {
      for (let i = 0; i < out.length; i++) out[i] = rng.normal(mean, std);
    },
  });
}

/**
 * N(mean, std²) restricted to [low, high], sampled exactly (rejection, never clipping, so
 * no mass piles up at the bounds). Default bounds are mean ± 2·std.
 *
 * Note that `std` is the std *before* truncation: truncating at ±2·std leaves a std of
 * 0.8796·std. `varianceScaling({ distribution: 'truncatedNormal' })` corrects for this;
 * this function, like PyTorch's `trunc_normal_`, does not. Unlike PyTorch, whose default
 * bounds are the absolute values ±2 (no truncation at all for std = 0.02), the default bounds
 * here follow std. For float32 results, bounds hold for the float32-rounded `low` and `high`.
 * @example
 * truncatedNormal({ std: 0.02 })([768, 768], { rng: createRng(0) }); // all in [-0.04, 0.04]
 */
export function truncatedNormal(options?: {
  mean?: number;
  std?: number;
  low?: number;
  high?: number;
}): DescribedInitializer {
  const opts = checkOptions(options, 'truncatedNormal', ['mean', 'std', 'low', 'high']);
  const mean = checkFinite(opts.mean ?? 0, 'truncatedNormal', 'mean');
  const std = checkFinite(opts.std ?? 1, 'truncatedNormal', 'std', 0);
  const low = checkFinite(opts.low ?? mean - 2 * std, 'truncatedNormal', 'low');
  const high = checkFinite(opts.high ?? mean + 2 * std, 'truncatedNormal', 'high');
  if (!(low < high) && !(std === 0 && low === high)) {
    throw new RangeError(`truncatedNormal: high must be > low (${low}), got ${high}`);
  }
  if (std === 0 && (mean < low || mean > high)) {
    throw new RangeError(
      `truncatedNormal: mean must lie in [low, high] = [${low}, ${high}] when std is 0, got ${mean}`,
    );
  }
  const moments = truncatedNormalMoments(mean, std, low, high);
  return makeInitializer({
    rule: 'truncatedNormal',
    describe: () => ({
      rule: 'truncatedNormal',
      fanIn: null,
      fanOut: null,
      gain: null,
      mean: moments.mean,
      std: moments.std,
      bound: Math.max(Math.abs(low), Math.abs(high)),
    }),
    sample: (out, _shape, rng) => fillTruncatedNormal(out, rng, mean, std, low, high),
  });
}
