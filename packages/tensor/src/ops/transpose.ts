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
 * order of `shape`: an odometer over the output, with the last dimension as the inner loop.
 */
function gatherPermuted(src: TypedArray, out: TypedArray, shape: Shape, readStrides: readonly number[]): void {
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
  const inner = sizes[rank - 1];
  const step = strides[rank - 1];
  const index = new Array<number>(rank).fill(0);
  let offset = 0;
  for (let o = 0; o < out.length; o += inner) {
    for (let i = 0, s = offset; i < inner; i++, s += step) out[o + i] = src[s];
    for (let d = rank - 2; d >= 0; d--) {
      index[d]++;
      offset += strides[d];
      if (index[d] < sizes[d]) break;
      offset -= strides[d] * sizes[d];
      index[d] = 0;
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
    if (seen[p]) throw new RangeError(`permute: dims must be ${expected}, got ${describe(dims)} (dimension ${p} repeats)`);
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
