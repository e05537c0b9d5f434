import { calculateGain, NONLINEARITIES } from './gain';
import { checkFinite, checkOneOf, checkOptions } from './internal/validate';
import type { DescribedInitializer, FanMode, Nonlinearity } from './types';
import { varianceScalingRule } from './variance-scaling';

export interface HeOptions {
  /** `'fanIn'` (default) keeps the forward activations' variance, `'fanOut'` the gradients'. */
  mode?: FanMode;
  /** Default `'relu'` (gain √2). */
  nonlinearity?: Nonlinearity;
  /** Slope of `leakyRelu` for x < 0 (default 0.01); only valid with `nonlinearity: 'leakyRelu'`. */
  negativeSlope?: number;
}

function heGain(options: HeOptions | undefined, op: string): { gain: number; mode: FanMode } {
  const opts = checkOptions(options, op, ['mode', 'nonlinearity', 'negativeSlope']);
  const mode = checkOneOf(opts.mode ?? 'fanIn', ['fanIn', 'fanOut'], op, 'mode');
  const nonlinearity = checkOneOf(opts.nonlinearity ?? 'relu', NONLINEARITIES, op, 'nonlinearity');
  if (opts.negativeSlope !== undefined && nonlinearity !== 'leakyRelu') {
    throw new RangeError(
      `${op}: negativeSlope only applies to nonlinearity 'leakyRelu', got nonlinearity '${nonlinearity}'`,
    );
  }
  const slope =
    opts.negativeSlope === undefined
      ? undefined
      : checkFinite(opts.negativeSlope, op, 'negativeSlope');
  return { gain: calculateGain(nonlinearity, slope), mode };
}

/**
 * He (Kaiming) uniform: U(−a, a) with a = gain·√(3 / fan), gain from `calculateGain`
 * (√2 for ReLU), fan = fanIn or fanOut. He et al. (2015). PyTorch's `kaiming_uniform_` with
 * `nonlinearity='relu'`. PyTorch's *layer default* is `kaiming_uniform_(a=√5)`, a smaller
 * bound 1/√fanIn (variance 1/(3·fanIn)): that is
 * `heUniform({ nonlinearity: 'leakyRelu', negativeSlope: Math.sqrt(5) })`.
 * @example
 * heUniform()([64, 3, 3, 3]); // fanIn 27, a = √2·√(3/27) ≈ 0.471
 */
export function heUniform(options?: HeOptions): DescribedInitializer {
  const { gain, mode } = heGain(options, 'heUniform');
  return varianceScalingRule('heUniform', gain, mode, 'uniform');
}

/**
 * He (Kaiming) normal: N(0, σ²) with σ = gain / √fan (√(2/fanIn) for ReLU), so each ReLU
 * layer keeps the mean square of its activations. He et al. (2015). PyTorch's
 * `kaiming_normal_` with `nonlinearity='relu'`.
 * @example
 * heNormal()([64, 3, 3, 3]); // σ = √(2/27) ≈ 0.272
 * heNormal({ nonlinearity: 'leakyRelu', negativeSlope: 0.2 });
 */
export function heNormal(options?: HeOptions): DescribedInitializer {
  const { gain, mode } = heGain(options, 'heNormal');
  return varianceScalingRule('heNormal', gain, mode, 'normal');
}
