import type { MatrixView } from '@convkit/tensor';
import type { FloatArray } from './float-array';

/**
 * A row-major `[rows, cols]` block starting at `offset` of `data`, as a `MatrixView` for
 * the public `gemm` of @convkit/tensor.
 */
export function rowMajor(data: FloatArray, offset: number, cols: number): MatrixView {
  return { data, offset, rowStride: cols, colStride: 1 };
}

/**
 * The transpose of the row-major `[rows, cols]` block at `offset`, read as `[cols, rows]`
 * by swapping the strides: no copy is made.
 */
export function transposed(data: FloatArray, offset: number, cols: number): MatrixView {
  return { data, offset, rowStride: 1, colStride: cols };
}
