/**
 * `start + weight·(end − start)` computed as PyTorch's `lerp` does: from the nearer end,
 * so moving averages round the same way as there.
 */
export function lerp(start: number, end: number, weight: number): number {
  return weight < 0.5 ? start + weight * (end - start) : end - (end - start) * (1 - weight);
}

/** A zero-filled float64 buffer of `n` elements. */
export function zerosF64(n: number): Float64Array {
  return new Float64Array(n);
}
