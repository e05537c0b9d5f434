import { checkFinite, checkOptions } from './internal/validate';
import type { DescribedInitializer } from './types';
import { varianceScalingRule } from './variance-scaling';

/**
 * Glorot (Xavier) uniform: U(−a, a) with a = gain·√(6 / (fanIn + fanOut)), i.e. variance
 * gain²·2/(fanIn + fanOut), a compromise between keeping activations (fanIn) and gradients
 * (fanOut) at constant variance. Glorot & Bengio (2010). PyTorch's `xavier_uniform_`.
 * @example
 * glorotUniform()([256, 784]); // a = √(6/1040) ≈ 0.0760
 * glorotUniform({ gain: calculateGain('tanh') });
 */
export function glorotUniform(options?: { gain?: number }): DescribedInitializer {
  const opts = checkOptions(options, 'glorotUniform', ['gain']);
  const gain = checkFinite(opts.gain ?? 1, 'glorotUniform', 'gain', 0);
  return varianceScalingRule('glorotUniform', gain, 'fanAvg', 'uniform');
}

/**
 * Glorot (Xavier) normal: N(0, σ²) with σ = gain·√(2 / (fanIn + fanOut)). Glorot & Bengio
 * (2010). PyTorch's `xavier_normal_` (not truncated; Keras's `glorot_normal` is).
 * @example
 * glorotNormal()([256, 784]); // σ = √(2/1040) ≈ 0.0439
 */
export function glorotNormal(options?: { gain?: number }): DescribedInitializer {
  const opts = checkOptions(options, 'glorotNormal', ['gain']);
  const gain = checkFinite(opts.gain ?? 1, 'glorotNormal', 'gain', 0);
  return varianceScalingRule('glorotNormal', gain, 'fanAvg', 'normal');
}
