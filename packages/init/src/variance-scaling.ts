import { fansOf } from './fans';
import { makeInitializer } from './internal/make';
import { fillTruncatedNormal } from './internal/truncated-sampler';
import { checkFinite, checkOneOf, checkOptions } from './internal/validate';
import type { DescribedInitializer } from './types';

/** Which fan the variance is divided by. */
export type VarianceScalingMode = 'fanIn' | 'fanOut' | 'fanAvg';
export type VarianceScalingDistribution = 'uniform' | 'normal' | 'truncatedNormal';

/**
 * The std of a standard normal truncated to [-2, 2]: √(1 − 4φ(2)/(Φ(2) − Φ(−2))). Dividing by
 * it makes a ±2σ truncated normal have the intended variance; without it the variance is
 * 0.8796² ≈ 0.774 of the target (the TF.js `truncatedNormal` variance-scaling bug).
 */
export const TRUNCATED_NORMAL_STD_FACTOR = 0.87962566103423978;

const MODES: readonly VarianceScalingMode[] = ['fanIn', 'fanOut', 'fanAvg'];
const DISTRIBUTIONS: readonly VarianceScalingDistribution[] = [
  'uniform',
  'normal',
  'truncatedNormal',
];

export interface VarianceScalingOptions {
  /** The target variance is `scale / n` (default 1). */
  scale?: number;
  /** n = fanIn (default), fanOut or their average. */
  mode?: VarianceScalingMode;
  /** Default `'truncatedNormal'`, as Keras's `VarianceScaling`. */
  distribution?: VarianceScalingDistribution;
}

/**
 * The one rule behind Glorot, He and LeCun: zero-mean draws with variance `scale / n`, where
 * n is fanIn, fanOut or (fanIn + fanOut)/2 (see `computeFans`). Distributions:
 * - `'uniform'`: U(−a, a) with a = √(3·scale/n);
 * - `'normal'`: N(0, scale/n);
 * - `'truncatedNormal'`: N(0, σ²) truncated to ±2σ with σ = √(scale/n) / 0.8796…, so the
 *   variance after truncation is exactly scale/n (Keras does this; TF.js forgets the factor).
 * @example
 * varianceScaling({ scale: 2, mode: 'fanIn', distribution: 'normal' }); // = heNormal()
 */
export function varianceScaling(options?: VarianceScalingOptions): DescribedInitializer {
  const opts = checkOptions(options, 'varianceScaling', ['scale', 'mode', 'distribution']);
  const scale = checkFinite(opts.scale ?? 1, 'varianceScaling', 'scale', 0);
  const mode = checkOneOf(opts.mode ?? 'fanIn', MODES, 'varianceScaling', 'mode');
  const distribution = checkOneOf(
    opts.distribution ?? 'truncatedNormal',
    DISTRIBUTIONS,
    'varianceScaling',
    'distribution',
  );
  return varianceScalingRule('varianceScaling', Math.sqrt(scale), mode, distribution);
}

/** A variance-scaling initialiser reported under `rule`, with std = gain / √n. */
export function varianceScalingRule(
  rule: string,
  gain: number,
  mode: VarianceScalingMode,
  distribution: VarianceScalingDistribution,
): DescribedInitializer {
  const targetStd = (shape: readonly number[]) => {
    const { fanIn, fanOut } = fansOf(shape, rule);
    const n = mode === 'fanIn' ? fanIn : mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
    // A zero fan only happens for shapes with no elements: nothing is drawn.
    return { fanIn, fanOut, std: n === 0 ? 0 : gain / Math.sqrt(n) };
  };
  return makeInitializer({
    rule,
    describe: (shape) => {
      const { fanIn, fanOut, std } = targetStd(shape);
      const bound =
        distribution === 'uniform'
          ? Math.sqrt(3) * std
          : distribution === 'truncatedNormal'
            ? (2 * std) / TRUNCATED_NORMAL_STD_FACTOR
            : null;
      return { rule, fanIn, fanOut, gain, mean: 0, std, bound };
    },
    sample: (out, shape, rng) => {
      const { std } = targetStd(shape);
      if (distribution === 'uniform') {
        const bound = Math.sqrt(3) * std;
        for (let i = 0; i < out.length; i++) out[i] = bound * (2 * rng.random() - 1);
      } else if (distribution === 'normal') {
        for (let i = 0; i < out.length; i++) out[i] = std * rng.normal();
      } else {
        const sigma = std / TRUNCATED_NORMAL_STD_FACTOR;
        fillTruncatedNormal(out, rng, 0, sigma, -2 * sigma, 2 * sigma);
      }
    },
  });
}
