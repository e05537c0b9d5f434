import { formatShape } from '@convkit/tensor';
import { makeInitializer } from './internal/make';
import { checkFinite, checkOptions, describeValue } from './internal/validate';
import type { DescribedInitializer } from './types';

/** ⌈sparsity·rows⌉, ignoring round-off: 0.7 · 10 is 7.000000000000001 in float64, and 7 is meant. */
function zeroedPerColumn(sparsity: number, rows: number): number {
  return Math.ceil(Number((sparsity * rows).toPrecision(12)));
}

function checkSparseShape(shape: readonly number[]): void {
  if (shape.length !== 2) {
    throw new RangeError(`sparse: shape must be a matrix [rows, cols], got ${formatShape(shape)}`);
  }
}

/**
 * A sparse matrix (Martens 2010, as PyTorch's `sparse_`): N(0, std²) draws, then in every
 * column ⌈sparsity·rows⌉ rows, chosen uniformly without replacement, are set to 0.
 * @param options.sparsity fraction of each column to zero, in [0, 1].
 * @param options.std std of the non-zero elements (default 0.01).
 * @example
 * sparse({ sparsity: 0.9 })([100, 20]); // 90 zeros in each column
 */
export function sparse(options: { sparsity: number; std?: number }): DescribedInitializer {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(
      `sparse: options must be { sparsity, std? }, got ${describeValue(options)}`,
    );
  }
  checkOptions(options, 'sparse', ['sparsity', 'std']);
  const sparsity = checkFinite(options.sparsity, 'sparse', 'sparsity', 0);
  if (sparsity > 1) throw new RangeError(`sparse: sparsity must be in [0, 1], got ${sparsity}`);
  const std = checkFinite(options.std ?? 0.01, 'sparse', 'std', 0);
  return makeInitializer({
    rule: 'sparse',
    describe: (shape) => {
      checkSparseShape(shape);
      const rows = shape[0];
      const zeroed = zeroedPerColumn(sparsity, rows);
      return {
        rule: 'sparse',
        fanIn: null,
        fanOut: null,
        gain: null,
        mean: 0,
        std: rows === 0 ? 0 : std * Math.sqrt((rows - zeroed) / rows),
        bound: std === 0 || zeroed === rows ? 0 : null,
      };
    },
    sample: (out, shape, rng) => {
      checkSparseShape(shape);
      const [rows, cols] = shape;
      const zeroed = zeroedPerColumn(sparsity, rows);
      for (let i = 0; i < out.length; i++) out[i] = rng.normal(0, std);
      const order = new Int32Array(rows);
      for (let c = 0; c < cols; c++) {
        for (let r = 0; r < rows; r++) order[r] = r;
        // Partial Fisher–Yates: the first `zeroed` slots become a uniform random subset.
        for (let k = 0; k < zeroed; k++) {
          const pick = rng.int(k, rows);
          const chosen = order[pick];
          order[pick] = order[k];
          order[k] = chosen;
          out[chosen * cols + c] = 0;
        }
      }
    },
  });
}
