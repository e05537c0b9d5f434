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

/**
 * For each element of a row-major tensor of `shape`, the flat index of the output slot it
 * reduces into when `axes` (sorted) are reduced. Every reduction below works from this map,
 * so its hot loops are flat passes whatever axes are reduced.
 */
export function reductionSlots(shape: Shape, axes: readonly number[]): Int32Array {
  const size = shape.reduce((p, d) => p * d, 1);
  const slots = new Int32Array(size);
  const rank = shape.length;
  if (size === 0 || rank === 0 || axes.length === rank) return slots;
  // Output strides over the input's dimensions, 0 along reduced axes.
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let d = rank - 1; d >= 0; d--) {
    if (axes.includes(d)) continue;
    strides[d] = stride;
    stride *= shape[d];
  }
  const inner = shape[rank - 1];
  const innerStride = strides[rank - 1];
  const index = new Array<number>(rank).fill(0);
  let offset = 0;
  for (let s = 0; s < size; s += inner) {
    for (let i = 0; i < inner; i++) slots[s + i] = offset + i * innerStride;
    for (let d = rank - 2; d >= 0; d--) {
      index[d]++;
      offset += strides[d];
      if (index[d] < shape[d]) break;
      offset -= strides[d] * shape[d];
      index[d] = 0;
    }
  }
  return slots;
}

/** Per-slot maximum (or minimum) into `out`, NaN winning as in PyTorch. */
export function extremeBySlot(
  src: TypedArray,
  slots: Int32Array,
  out: Float64Array,
  wantMax: boolean,
): void {
  out.fill(wantMax ? -Infinity : Infinity);
  if (wantMax) {
    for (let i = 0; i < src.length; i++) {
      const v = src[i];
      const o = slots[i];
      if (v > out[o] || Number.isNaN(v)) out[o] = v;
    }
  } else {
    for (let i = 0; i < src.length; i++) {
      const v = src[i];
      const o = slots[i];
      if (v < out[o] || Number.isNaN(v)) out[o] = v;
    }
  }
}

/**
 * Routes `dOut[slot]` to the elements equal to their slot's extreme, split evenly among
 * ties (so the gradient sums to dOut, like a subgradient averaged over the tied inputs).
 */
export function routeToExtremes(
  src: TypedArray,
  slots: Int32Array,
  extreme: Float64Array,
  dOut: TypedArray,
  grad: TypedArray,
): void {
  const ties = new Float64Array(extreme.length);
  for (let i = 0; i < src.length; i++) if (isExtreme(src[i], extreme[slots[i]])) ties[slots[i]]++;
  for (let i = 0; i < src.length; i++) {
    const o = slots[i];
    if (isExtreme(src[i], extreme[o])) grad[i] = dOut[o] / ties[o];
  }
}

/** Whether `v` produced the extreme `e` (a NaN extreme comes from the NaN inputs). */
function isExtreme(v: number, e: number): boolean {
  return v === e || (Number.isNaN(e) && Number.isNaN(v));
}

/**
 * Index of the first maximum (or minimum) along the middle dimension of a tensor viewed as
 * `[outer, length, inner]`. A NaN counts as the extreme, as in PyTorch.
 */
export function argExtreme(
  src: TypedArray,
  outer: number,
  length: number,
  inner: number,
  wantMax: boolean,
  out: Int32Array,
): void {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      let at = o * length * inner + j;
      let best = src[at];
      let bestIndex = 0;
      for (let i = 1; i < length && !Number.isNaN(best); i++) {
        at += inner;
        const v = src[at];
        if ((wantMax ? v > best : v < best) || Number.isNaN(v)) {
          best = v;
          bestIndex = i;
        }
      }
      out[o * inner + j] = bestIndex;
    }
  }
}

/** Per-slot log Σ exp, shifted by the slot's maximum so no exp overflows. */
export function logsumexpBySlot(src: TypedArray, slots: Int32Array, out: Float64Array): void {
  const shift = new Float64Array(out.length);
  extremeBySlot(src, slots, shift, true);
  // An infinite (or NaN) maximum cannot be subtracted; the unshifted sum gives the right limit.
  for (let o = 0; o < shift.length; o++) if (!Number.isFinite(shift[o])) shift[o] = 0;
  out.fill(0);
  for (let i = 0; i < src.length; i++) out[slots[i]] += Math.exp(src[i] - shift[slots[i]]);
  for (let o = 0; o < out.length; o++) out[o] = shift[o] + Math.log(out[o]);
}

/**
 * Per-slot mean and Σ (x - mean)², two passes (stable where the one-pass Σx² - n·mean²
 * cancels catastrophically).
 */
export function momentsBySlot(
  src: TypedArray,
  slots: Int32Array,
  count: number,
  mean: Float64Array,
  squares: Float64Array,
): void {
  mean.fill(0);
  squares.fill(0);
  for (let i = 0; i < src.length; i++) mean[slots[i]] += src[i];
  for (let o = 0; o < mean.length; o++) mean[o] /= count;
  for (let i = 0; i < src.length; i++) {
    const d = src[i] - mean[slots[i]];
    squares[slots[i]] += d * d;
  }
}

/** grad[i] = dOut[slot] · (x[i] - mean[slot]) · scale[slot]: variance and std backward. */
export function scaledDeviationsBySlot(
  src: TypedArray,
  slots: Int32Array,
  mean: Float64Array,
  scale: Float64Array,
  dOut: TypedArray,
  grad: TypedArray,
): void {
  for (let i = 0; i < src.length; i++) {
    const o = slots[i];
    grad[i] = dOut[o] * (src[i] - mean[o]) * scale[o];
  }
}

/** grad[i] = dOut[slot] · exp(x[i] - lse[slot]): logsumexp backward (softmax weights). */
export function softmaxGradBySlot(
  src: TypedArray,
  slots: Int32Array,
  lse: Float64Array,
  dOut: TypedArray,
  grad: TypedArray,
): void {
  for (let i = 0; i < src.length; i++) {
    const o = slots[i];
    grad[i] = dOut[o] * Math.exp(src[i] - lse[o]);
  }
}
