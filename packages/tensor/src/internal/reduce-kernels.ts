import type { TypedArray } from '../dtype';
import type { Shape } from '../shape';

/**
 * Adds every element of `src` (shape `shape`, row-major) into `dst[offset]`, where the
 * offset advances by `dstStrides[d]` along dimension d. A stride of 0 sums that dimension
 * away, which is how both reductions and broadcast-gradient reduction work.
 */
export function sumIntoStrided(
  src: TypedArray,
  shape: Shape,
  dst: TypedArray,
  dstStrides: readonly number[],
): void {
  const rank = shape.length;
  if (src.length === 0) return;
  if (rank === 0) {
    dst[0] += src[0];
    return;
  }
  const inner = shape[rank - 1];
  const innerStride = dstStrides[rank - 1];
  const index = new Array<number>(rank).fill(0);
  let offset = 0;
  for (let s = 0; s < src.length; s += inner) {
    if (innerStride === 0) {
      // Accumulate the row in a double first: fewer float32 roundings.
      let acc = 0;
      for (let i = 0; i < inner; i++) acc += src[s + i];
      dst[offset] += acc;
    } else {
      for (let i = 0; i < inner; i++) dst[offset + i * innerStride] += src[s + i];
    }
    for (let d = rank - 2; d >= 0; d--) {
      index[d]++;
      offset += dstStrides[d];
      if (index[d] < shape[d]) break;
      offset -= dstStrides[d] * shape[d];
      index[d] = 0;
    }
  }
}
