import { defineOp, type Shape, Tensor } from '@convkit/tensor';
import type { PaddingMode } from './conv-geometry';
import { allocLike, type FloatArray } from './float-array';

/**
 * Where output position `i` of a dimension of length `size` padded by `before` reads from,
 * for the non-zero padding modes (PyTorch's definitions: reflect mirrors without repeating
 * the edge, replicate repeats the edge, circular wraps around).
 */
export function sourceIndex(i: number, size: number, before: number, mode: PaddingMode): number {
  const j = i - before;
  if (j >= 0 && j < size) return j;
  switch (mode) {
    case 'reflect':
      return j < 0 ? -j : 2 * (size - 1) - j;
    case 'replicate':
      return j < 0 ? 0 : size - 1;
    default:
      return ((j % size) + size) % size;
  }
}

function indexMap(size: number, before: number, after: number, mode: PaddingMode): Int32Array {
  const map = new Int32Array(size + before + after);
  for (let i = 0; i < map.length; i++) map[i] = sourceIndex(i, size, before, mode);
  return map;
}

const padOp = defineOp({
  name: 'convPad',
  forward(
    x: Tensor,
    h: number,
    w: number,
    pad: readonly number[],
    mode: PaddingMode,
    outShape: Shape,
  ) {
    const rows = indexMap(h, pad[0], pad[1], mode);
    const cols = indexMap(w, pad[2], pad[3], mode);
    const planes = h * w === 0 ? 0 : x.size / (h * w);
    const src = x.data as FloatArray;
    const out = allocLike(src, planes * rows.length * cols.length);
    let k = 0;
    for (let plane = 0; plane < planes; plane++) {
      const base = plane * h * w;
      for (let r = 0; r < rows.length; r++) {
        const row = base + rows[r] * w;
        for (let c = 0; c < cols.length; c++) out[k++] = src[row + cols[c]];
      }
    }
    return { out: new Tensor(out, outShape), saved: { shape: x.shape, planes, h, w, rows, cols } };
  },
  backward(dOut, { shape, planes, h, w, rows, cols }) {
    // The adjoint of a gather is a scatter-add: border cells fed several outputs.
    const g = dOut.data as FloatArray;
    const dx = allocLike(g, planes * h * w);
    let k = 0;
    for (let plane = 0; plane < planes; plane++) {
      const base = plane * h * w;
      for (let r = 0; r < rows.length; r++) {
        const row = base + rows[r] * w;
        for (let c = 0; c < cols.length; c++) dx[row + cols[c]] += g[k++];
      }
    }
    return [new Tensor(dx, shape)];
  },
});

/**
 * Pads the last two dimensions (`h` × `w` planes) of `x` by [top, bottom, left, right]
 * with a non-zero padding mode; differentiable. Arguments are validated by the caller.
 */
export function padInput(
  x: Tensor,
  h: number,
  w: number,
  pad: readonly [number, number, number, number],
  mode: PaddingMode,
  outShape: Shape,
): Tensor {
  return padOp(x, h, w, pad, mode, outShape);
}
