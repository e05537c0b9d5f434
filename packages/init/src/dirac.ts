import { formatShape } from '@convkit/tensor';
import { makeInitializer } from './internal/make';
import { checkOptions, describeValue } from './internal/validate';
import type { DescribedInitializer } from './types';

function checkDiracShape(shape: readonly number[], groups: number): number {
  if (shape.length < 3) {
    throw new RangeError(
      `dirac: shape must be a conv weight [outC, inC/groups, ...kernel] of rank ≥ 3, got ${formatShape(shape)}`,
    );
  }
  if (shape[0] % groups !== 0) {
    throw new RangeError(
      `dirac: shape[0] (outC) must be divisible by groups (${groups}), got ${formatShape(shape)}`,
    );
  }
  // Each group copies its first min(outC/groups, inC/groups) input channels.
  return groups * Math.min(shape[0] / groups, shape[1]);
}

/**
 * The identity for conv kernels (PyTorch's `dirac_`): weight `[outC, inC/groups, ...kernel]`
 * gets a single 1 at the kernel centre (index ⌊k/2⌋ on each axis) linking output channel
 * g·(outC/groups) + d to input channel d of group g, for d < min(outC/groups, inC/groups);
 * everything else is 0. With odd kernels, stride 1 and padding ⌊k/2⌋ the conv then returns
 * its input channels unchanged (extra output channels are 0). Draws nothing.
 * @example
 * dirac()([3, 3, 3, 3]); // conv2d(x, w, { padding: 1 }) equals x
 * dirac({ groups: 2 })([4, 2, 3]);
 */
export function dirac(options?: { groups?: number }): DescribedInitializer {
  const opts = checkOptions(options, 'dirac', ['groups']);
  const groups = opts.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) {
    throw new RangeError(`dirac: groups must be a positive integer, got ${describeValue(groups)}`);
  }
  return makeInitializer({
    rule: 'dirac',
    describe: (shape) => {
      const ones = checkDiracShape(shape, groups);
      const size = shape.reduce((p, d) => p * d, 1);
      const mean = size === 0 ? 0 : ones / size;
      return {
        rule: 'dirac',
        fanIn: null,
        fanOut: null,
        gain: null,
        mean,
        std: Math.sqrt(mean - mean * mean),
        bound: ones > 0 ? 1 : 0,
      };
    },
    sample: (out, shape) => {
      checkDiracShape(shape, groups);
      const outPerGroup = shape[0] / groups;
      const perChannel = shape.slice(2).reduce((p, d) => p * d, 1);
      // Flat offset of the kernel centre within one [k1, k2, …] block, row-major.
      let centre = 0;
      for (let axis = 2; axis < shape.length; axis++) {
        centre = centre * shape[axis] + Math.floor(shape[axis] / 2);
      }
      const count = Math.min(outPerGroup, shape[1]);
      for (let g = 0; g < groups; g++) {
        for (let d = 0; d < count; d++) {
          const o = g * outPerGroup + d;
          out[(o * shape[1] + d) * perChannel + centre] = 1;
        }
      }
    },
  });
}
