import { makeInitializer } from './internal/make';
import { checkFinite, checkOptions } from './internal/validate';
import type { DescribedInitializer } from './types';

/**
 * Uniform draws in [low, high) (defaults 0 and 1, as PyTorch's `uniform_`). Mean
 * (low + high)/2, std (high − low)/√12.
 * @example
 * uniform({ low: -0.1, high: 0.1 })([64, 10], { rng: createRng(0) });
 */
export function uniform(options?: { low?: number; high?: number }): DescribedInitializer {
  const opts = checkOptions(options, 'uniform', ['low', 'high']);
  const low = checkFinite(opts.low ?? 0, 'uniform', 'low');
  const high = checkFinite(opts.high ?? 1, 'uniform', 'high');
  if (high < low) {
    throw new RangeError(`uniform: high must be ≥ low (${low}), got ${high}`);
  }
  return makeInitializer({
    rule: 'uniform',
    describe: () => ({
      rule: 'uniform',
      fanIn: null,
      fanOut: null,
      gain: null,
      mean: (low + high) / 2,
      std: (high - low) / Math.sqrt(12),
      bound: Math.max(Math.abs(low), Math.abs(high)),
    }),
    sample: (out, _shape, rng) => {
      const width = high - low;
      for (let i = 0; i < out.length; i++) out[i] = low + width * rng.random();
    },
  });
}
