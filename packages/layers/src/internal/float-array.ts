/** Storage of a float tensor: conv and pooling kernels run on these directly. */
export type FloatArray = Float32Array | Float64Array;

/** Zeroed storage of `size` elements of the same float type as `like`. */
export function allocLike(like: FloatArray, size: number): FloatArray {
  return like instanceof Float64Array ? new Float64Array(size) : new Float32Array(size);
}
