import { matmul, Tensor } from '@convkit/tensor';
import type { FloatArray } from './float-array';

/**
 * C = A·B for row-major `a` [m, k] and `b` [k, n], through the public `matmul` of
 * @convkit/tensor on 2-D tensors (a blocked GEMM accumulating in float64); returns C's
 * storage, [m, n] of a's type. `new Tensor` wraps the buffers without copying; matmul only
 * reads them. Callers run with gradient recording off (inside an op), so no graph is built.
 */
export function gemm(a: FloatArray, m: number, k: number, b: FloatArray, n: number): FloatArray {
  return matmul(new Tensor(a, [m, k]), new Tensor(b, [k, n])).data as FloatArray;
}
