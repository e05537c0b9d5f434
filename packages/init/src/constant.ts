import { makeInitializer } from './internal/make';
import { checkFinite, checkNoArguments } from './internal/validate';
import type { DescribedInitializer } from './types';

function constantRule(rule: string, value: number): DescribedInitializer {
  return makeInitializer({
    rule,
    describe: () => ({
      rule,
      fanIn: null,
      fanOut: null,
      gain: null,
      mean: value,
      std: 0,
      bound: Math.abs(value),
    }),
    sample: (out) => out.fill(value),
  });
}

/**
 * All zeros: the usual bias initialisation. As a weight initialisation it makes every unit of
 * a layer compute the same thing and receive the same gradient forever (see
 * docs/initialisation.md, "why random").
 * @example
 * zeros()([3]); // [0, 0, 0]
 */
export function zeros(...args: never[]): DescribedInitializer {
  checkNoArguments(args, 'zeros');
  return constantRule('zeros', 0);
}

/**
 * All ones (e.g. a normalisation layer's scale).
 * @example
 * ones()([2, 2]); // [[1, 1], [1, 1]]
 */
export function ones(...args: never[]): DescribedInitializer {
  checkNoArguments(args, 'ones');
  return constantRule('ones', 1);
}

/**
 * Every element equal to `value`.
 * @example
 * constant(0.1)([4]); // [0.1, 0.1, 0.1, 0.1] (float32-rounded)
 */
export function constant(value: number): DescribedInitializer {
  return constantRule('constant', checkFinite(value, 'constant', 'value'));
}
