import { formatShape, type Shape } from '@convkit/tensor';
import { checkOneOf, checkOptions, checkShape } from './internal/validate';

/** How a weight's dimensions are read when counting fans. */
export type FanLayout = 'linear' | 'conv';

export interface Fans {
  /** Inputs feeding each output unit: `shape[1] · receptiveField`. */
  fanIn: number;
  /** Outputs each input unit feeds: `shape[0] · receptiveField`. */
  fanOut: number;
  /** Elements per input/output channel pair: the product of `shape[2:]` (1 for a linear weight). */
  receptiveField: number;
}

/**
 * The fan-in and fan-out of a weight, as PyTorch defines them. A linear weight is
 * `[out, in]`; a conv weight is `[outC, inC/groups, ...kernel]`, so
 * `fanIn = (inC/groups) · k₁ · k₂ …` and `fanOut = outC · k₁ · k₂ …`.
 *
 * With `groups > 1`, fanOut counts all `outC` filters, though each input channel reaches only
 * `outC/groups` of them: this is PyTorch's definition, kept so that results match it.
 * Fans are undefined for rank < 2 (a bias or a scalar) and that is an error.
 * @param options.layout `'conv'` (default, any rank ≥ 2) or `'linear'` (rank exactly 2).
 * @example
 * computeFans([64, 3, 7, 7]); // { fanIn: 147, fanOut: 3136, receptiveField: 49 }
 * computeFans([10, 784], { layout: 'linear' }); // { fanIn: 784, fanOut: 10, receptiveField: 1 }
 */
export function computeFans(shape: Shape, options?: { layout?: FanLayout }): Fans {
  const opts = checkOptions(options, 'computeFans', ['layout']);
  const layout = checkOneOf(opts.layout ?? 'conv', ['linear', 'conv'], 'computeFans', 'layout');
  return fansOf(checkShape(shape, 'computeFans'), 'computeFans', layout);
}

/** `computeFans` with the calling initialiser's name in its errors. */
export function fansOf(shape: readonly number[], op: string, layout: FanLayout = 'conv'): Fans {
  if (layout === 'linear' && shape.length !== 2) {
    throw new RangeError(
      `${op}: shape must be [out, in] for layout 'linear', got ${formatShape(shape)}`,
    );
  }
  if (shape.length < 2) {
    throw new RangeError(
      `${op}: shape must have rank ≥ 2 ([out, in] or [outC, inC/groups, ...kernel]) for fans to ` +
        `be defined, got ${formatShape(shape)}; initialise biases with zeros() or uniform()`,
    );
  }
  let receptiveField = 1;
  for (let i = 2; i < shape.length; i++) receptiveField *= shape[i];
  return {
    fanIn: shape[1] * receptiveField,
    fanOut: shape[0] * receptiveField,
    receptiveField,
  };
}
