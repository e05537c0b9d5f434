import { formatShape } from '@convkit/tensor';
import { makeInitializer } from './internal/make';
import { householderQ } from './internal/qr';
import { checkFinite, checkOptions } from './internal/validate';
import type { DescribedInitializer } from './types';

function matrixShape(shape: readonly number[]): { rows: number; cols: number } {
  if (shape.length < 2) {
    throw new RangeError(
      `orthogonal: shape must have rank ≥ 2 (rows = shape[0], cols = the product of the rest), got ${formatShape(shape)}`,
    );
  }
  const rows = shape[0];
  let cols = 1;
  for (let i = 1; i < shape.length; i++) cols *= shape[i];
  return { rows, cols };
}

/**
 * A (semi-)orthogonal matrix times `gain` (Saxe et al. 2014), as PyTorch's `orthogonal_`: the
 * weight is viewed as rows = shape[0] by cols = the product of the other dimensions (each conv
 * filter is a row); a Gaussian matrix of that size is factorised A = QR, Q's columns are
 * multiplied by sign(diag R) so Q is uniformly (Haar) distributed, and Q (transposed when
 * rows < cols) fills the weight. So W·Wᵀ = gain²·I when rows ≤ cols, Wᵀ·W = gain²·I otherwise.
 * @example
 * const w = orthogonal()([64, 3, 3, 3], { rng: createRng(0) }); // 64 filters of 27: Wᵀ W = I₂₇
 */
export function orthogonal(options?: { gain?: number }): DescribedInitializer {
  const opts = checkOptions(options, 'orthogonal', ['gain']);
  const gain = checkFinite(opts.gain ?? 1, 'orthogonal', 'gain');
  return makeInitializer({
    rule: 'orthogonal',
    describe: (shape) => {
      const { rows, cols } = matrixShape(shape);
      // Orthonormal rows (or columns) make the mean square exactly 1 / max(rows, cols).
      const n = Math.max(rows, cols);
      return {
        rule: 'orthogonal',
        fanIn: null,
        fanOut: null,
        gain,
        mean: 0,
        std: n === 0 ? 0 : Math.abs(gain) / Math.sqrt(n),
        bound: Math.abs(gain),
      };
    },
    sample: (out, shape, rng) => {
      const { rows, cols } = matrixShape(shape);
      // Draw rows × cols in row-major order, as PyTorch does, then factorise the tall way.
      const tall = rows >= cols;
      const m = tall ? rows : cols;
      const n = tall ? cols : rows;
      const a = new Float64Array(m * n);
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          a[tall ? i * n + j : j * n + i] = rng.normal();
        }
      }
      const q = householderQ(a, m, n);
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          out[i * cols + j] = gain * (tall ? q[i * n + j] : q[j * n + i]);
        }
      }
    },
  });
}
