/** Storage of a float tensor: conv and pooling kernels run on these directly. */
export type FloatArray = Float32Array | Float64Array;

/** Zeroed storage of `size` elements of the same float type as `like`. */
export function allocLike(like: FloatArray, size: number): FloatArray {
  return like instanceof Float64Array ? new Float64Array(size) : new Float32Array(size);
}

// Scratch buffers reused across calls (im2col matrices, gathered gradients), one per slot
// and float type, grown on demand: allocating and zeroing megabytes per conv call costs as
// much as the im2col itself. Callers overwrite every element they read.
const scratch = new Map<string, FloatArray>();

/** A reusable buffer of `size` elements of `like`'s float type for `slot`; contents are stale. */
export function scratchLike(like: FloatArray, slot: string, size: number): FloatArray {
  const key = `${slot}:${like instanceof Float64Array ? 64 : 32}`;
  let buffer = scratch.get(key);
  if (buffer === undefined || buffer.length < size) {
    buffer = allocLike(like, size);
    scratch.set(key, buffer);
  }
  return buffer.subarray(0, size);
}
