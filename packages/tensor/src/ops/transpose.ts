import { defineOp } from '../autograd/define-op';
import { allocate, type TypedArray } from '../dtype';
import { expectTensor } from '../internal/operands';
import { describe, normalizeAxis, type Shape, stridesOf } from '../shape';
import { Tensor } from '../tensor';

const permuteOp = defineOp({
  name: 'permute',
  forward(x: Tensor, perm: readonly number[]) {
    const shape = perm.map((p) => x.shape[p]);
    const out = allocate(x.dtype, x.size);
    const strides = stridesOf(x.shape);
    gatherPermuted(
      x.data,
      out,
      shape,
      perm.map((p) => strides[p]),
    );
    return { out: new Tensor(out, shape), saved: { perm } };
  },
  backward(dOut, { perm }) {
    const inverse = new Array<number>(perm.length);
    for (let i = 0; i < perm.length; i++) inverse[perm[i]] = i;
    return [permute(dOut, inverse)];
  },
});

/**
 * Writes `src` read with `readStrides` (one per output dimension) into `out` in row-major
 * order of `shape`: an odometer over the output, with the last dimension (or the last two,
 * tiled) handled by an inner loop.
 */
function gatherPermuted(
  src: TypedArray,
  out: TypedArray,
  shape: Shape,
  readStrides: readonly number[],
): void {
  if (out.length === 0) return;
  // Coalesce first: size-1 dimensions carry no stride, and two output dimensions that are
  // also adjacent in the input read as one longer dimension, so inner loops get longer.
  const sizes: number[] = [];
  const strides: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = sizes.length - 1;
    if (last >= 0 && strides[last] === readStrides[d] * shape[d]) {
      sizes[last] *= shape[d];
      strides[last] = readStrides[d];
    } else {
      sizes.push(shape[d]);
      strides.push(readStrides[d]);
    }
  }
  const rank = sizes.length;
  if (rank === 0 || (rank === 1 && strides[0] === 1)) {
    out.set(src);
    return;
  }
  // When the input's contiguous dimension is the second-to-last output one (a batched
  // matrix transpose; NCHW → NHWC coalesces to [N, HW, C] this way), the inner loop reads
  // with a large stride. Copying each plane in square tiles keeps both sides in cache.
  const tiled = rank >= 2 && strides[rank - 2] === 1;
  const rows = tiled ? sizes[rank - 2] : 1;
  const cols = sizes[rank - 1];
  const step = strides[rank - 1];
  const outerRank = tiled ? rank - 2 : rank - 1;
  const index = new Array<number>(outerRank).fill(0);
  let offset = 0;
  for (let o = 0; o < out.length; o += rows * cols) {
    if (tiled) copyTiled(src, offset, step, out, o, rows, cols);
    else for (let i = 0, s = offset; i < cols; i++, s += step) out[o + i] = src[s];
    for (let d = outerRank - 1; d >= 0; d--) {
      index[d]++;
      offset += strides[d];
      if (index[d] < sizes[d]) break;
      offset -= strides[d] * sizes[d];
      index[d] = 0;
    }
  }
}

const TILE = 32;

/** `out[o + r·cols + c] = src[base + r + c·step]` for a rows × cols plane, tile by tile. */
function copyTiled(
  src: TypedArray,
  base: number,
  step: number,
  out: TypedArray,
  o: number,
  rows: number,
  cols: number,
): void {
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(r0 + TILE, rows);
    for (let c0 = 0; c0 < cols; c0 += TILE) {
      const c1 = Math.min(c0 + TILE, cols);
      for (let r = r0; r < r1; r++) {
        const row = o + r * cols;
        for (let c = c0, s = base + r + c0 * step; c < c1; c++, s += step) out[row + c] = src[s];
      }
    }
  }
}

/**
 * Reorders the dimensions of `x`: output dimension i is input dimension `dims[i]`
 * (`out.shape[i] = x.shape[dims[i]]`). `dims` is a permutation of 0…rank-1; negative
 * entries count from the end. The result owns new contiguous storage.
 * @example
 * permute(zeros([2, 3, 4]), [2, 0, 1]).shape; // [4, 2, 3]
 */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  expectTensor(x, 'permute', 'x');
  const rank = x.rank;
  const expected = `a permutation of [${Array.from({ length: rank }, (_, i) => i).join(', ')}]`;
  if (!Array.isArray(dims) || dims.length !== rank) {
    throw new RangeError(
      `permute: dims must be ${expected} (one entry per dimension of shape [${x.shape.join(', ')}]), got ${describe(dims)}`,
    );
  }
  const perm = dims.map((d, i) => normalizeAxis(d, rank, 'permute', `dims[${i}]`));
  const seen = new Array<boolean>(rank).fill(false);
  for (const p of perm) {
    if (seen[p])
      throw new RangeError(
        `permute: dims must be ${expected}, got ${describe(dims)} (dimension ${p} repeats)`,
      );
    seen[p] = true;
  }
  return perm.every((p, i) => p === i) ? x : permuteOp(x, perm);
}

/**
 * Swaps dimensions `dim0` and `dim1` of `x` (default: the last two, a matrix transpose).
 * Negative dimensions count from the end. The result owns new contiguous storage.
 * @example
 * transpose(tensor([[1, 2, 3], [4, 5, 6]])); // [[1, 4], [2, 5], [3, 6]]
 */
export function transpose(x: Tensor, dim0 = -2, dim1 = -1): Tensor {
  expectTensor(x, 'transpose', 'x');
  const a = normalizeAxis(dim0, x.rank, 'transpose', 'dim0');
  const b = normalizeAxis(dim1, x.rank, 'transpose', 'dim1');
  if (a === b) return x;
  const perm = Array.from({ length: x.rank }, (_, i) => i);
  perm[a] = b;
  perm[b] = a;
  return permuteOp(x, perm);
}
