import type { TypedArray } from '../dtype';
import { broadcastStrides, type Shape, shapesEqual, sizeOf } from '../shape';

/** Binary element-wise kernels. Each is one tight loop; the switch runs once per row. */
export type BinaryKind =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'pow'
  | 'maximum'
  | 'minimum'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge';

/**
 * Applies `kind` to `a` (shape `aShape`) and `b` (shape `bShape`), broadcast to `outShape`,
 * writing into `out`. Iterates rows of the last dimension so that the inner loop has fixed
 * steps (0 for a broadcast operand, 1 otherwise).
 */
export function binaryKernel(
  kind: BinaryKind,
  a: TypedArray,
  aShape: Shape,
  b: TypedArray,
  bShape: Shape,
  out: TypedArray,
  outShape: Shape,
): void {
  const size = sizeOf(outShape);
  if (size === 0) return;
  if (shapesEqual(aShape, bShape)) {
    binaryRun(kind, out, 0, a, 0, 1, b, 0, 1, size);
    return;
  }
  if (b.length === 1 && a.length === size) {
    binaryRun(kind, out, 0, a, 0, 1, b, 0, 0, size);
    return;
  }
  if (a.length === 1 && b.length === size) {
    binaryRun(kind, out, 0, a, 0, 0, b, 0, 1, size);
    return;
  }
  const rank = outShape.length;
  const aStrides = broadcastStrides(aShape, outShape);
  const bStrides = broadcastStrides(bShape, outShape);
  const inner = outShape[rank - 1];
  const aStep = aStrides[rank - 1];
  const bStep = bStrides[rank - 1];
  const index = new Array<number>(rank).fill(0);
  let aOffset = 0;
  let bOffset = 0;
  for (let o = 0; o < size; o += inner) {
    binaryRun(kind, out, o, a, aOffset, aStep, b, bOffset, bStep, inner);
    for (let d = rank - 2; d >= 0; d--) {
      index[d]++;
      aOffset += aStrides[d];
      bOffset += bStrides[d];
      if (index[d] < outShape[d]) break;
      aOffset -= aStrides[d] * outShape[d];
      bOffset -= bStrides[d] * outShape[d];
      index[d] = 0;
    }
  }
}

function binaryRun(
  kind: BinaryKind,
  out: TypedArray,
  o: number,
  a: TypedArray,
  i: number,
  di: number,
  b: TypedArray,
  j: number,
  dj: number,
  n: number,
): void {
  const end = o + n;
  switch (kind) {
    case 'add':
      for (; o < end; o++, i += di, j += dj) out[o] = a[i] + b[j];
      return;
    case 'sub':
      for (; o < end; o++, i += di, j += dj) out[o] = a[i] - b[j];
      return;
    case 'mul':
      for (; o < end; o++, i += di, j += dj) out[o] = a[i] * b[j];
      return;
    case 'div':
      for (; o < end; o++, i += di, j += dj) out[o] = a[i] / b[j];
      return;
    case 'pow':
      for (; o < end; o++, i += di, j += dj) out[o] = a[i] ** b[j];
      return;
    case 'maximum':
      // NaN propagates, as in PyTorch.
      for (; o < end; o++, i += di, j += dj)
        out[o] = a[i] >= b[j] || Number.isNaN(a[i]) ? a[i] : b[j];
      return;
    case 'minimum':
      for (; o < end; o++, i += di, j += dj)
        out[o] = a[i] <= b[j] || Number.isNaN(a[i]) ? a[i] : b[j];
      return;
    case 'eq':
      for (; o < end; o++, i += di, j += dj) out[o] = a[i] === b[j] ? 1 : 0;
      return;
    case 'ne':
      for (; o < end; o++, i += di, j += dj) out[o] = a[i] !== b[j] ? 1 : 0;
      return;
    case 'lt':
      for (; o < end; o++, i += di, j += dj) out[o] = a[i] < b[j] ? 1 : 0;
      return;
    case 'le':
      for (; o < end; o++, i += di, j += dj) out[o] = a[i] <= b[j] ? 1 : 0;
      return;
    case 'gt':
      for (; o < end; o++, i += di, j += dj) out[o] = a[i] > b[j] ? 1 : 0;
      return;
    case 'ge':
      for (; o < end; o++, i += di, j += dj) out[o] = a[i] >= b[j] ? 1 : 0;
      return;
  }
}
