import { type Shape, Tensor } from '@convkit/tensor';
import { allocLike, type FloatArray } from './float-array';

/**
 * The backward of max pooling: each output gradient goes to the input position its window
 * took the maximum from (`argmax`, a flat index into the H×W plane; −1 for a window with no
 * input, which gets nothing). Overlapping windows that share a winner add up.
 */
export function scatterToArgmax(
  dOut: Tensor,
  argmax: Int32Array,
  planeIn: number,
  planeOut: number,
  inputShape: Shape,
): Tensor {
  const g = dOut.data as FloatArray;
  const dx = allocLike(g, (argmax.length / Math.max(1, planeOut)) * planeIn);
  for (let plane = 0, k = 0; k < argmax.length; plane++) {
    const base = plane * planeIn;
    for (let q = 0; q < planeOut; q++, k++) {
      const index = argmax[k];
      if (index >= 0) dx[base + index] += g[k];
    }
  }
  return new Tensor(dx, inputShape);
}
