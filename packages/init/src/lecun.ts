import { checkNoArguments } from './internal/validate';
import type { DescribedInitializer } from './types';
import { varianceScalingRule } from './variance-scaling';

/**
 * LeCun uniform: U(−a, a) with a = √(3 / fanIn), variance 1/fanIn (LeCun et al. 1998,
 * "Efficient BackProp"). Its bound is √3× that of PyTorch's conv/linear default
 * `kaiming_uniform_(a=√5)`, whose bound is 1/√fanIn (variance 1/(3·fanIn)).
 * @example
 * lecunUniform()([10, 300]); // a = 0.1
 */
export function lecunUniform(...args: never[]): DescribedInitializer {
  checkNoArguments(args, 'lecunUniform');
  return varianceScalingRule('lecunUniform', 1, 'fanIn', 'uniform');
}

/**
 * LeCun normal: N(0, 1/fanIn), the initialisation SELU networks need to self-normalise
 * (Klambauer et al. 2017). Plain normal; Keras's `lecun_normal` draws a corrected truncated
 * normal instead: `varianceScaling({ distribution: 'truncatedNormal' })`.
 * @example
 * lecunNormal()([10, 400]); // σ = 0.05
 */
export function lecunNormal(...args: never[]): DescribedInitializer {
  checkNoArguments(args, 'lecunNormal');
  return varianceScalingRule('lecunNormal', 1, 'fanIn', 'normal');
}
