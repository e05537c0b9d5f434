/** Mean and population standard deviation, accumulated in float64. */
export function moments(values: ArrayLike<number>): { mean: number; std: number } {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, std: Number.NaN };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) ** 2;
  return { mean, std: Math.sqrt(squares / n) };
}

export interface Histogram {
  /** Left edge of the first bin and right edge of the last. */
  min: number;
  max: number;
  counts: number[];
  /** Values that fell outside [min, max] (counted in the end bins too). */
  clipped: number;
}

/**
 * Counts values into `bins` equal bins over [min, max]; values outside land in the end
 * bins (and are counted in `clipped`), non-finite values are skipped.
 */
export function histogram(
  values: ArrayLike<number>,
  bins: number,
  min: number,
  max: number,
): Histogram {
  if (!(bins >= 1) || !(max > min)) {
    throw new RangeError(
      `histogram: need bins ≥ 1 and max > min, got bins=${bins}, [${min}, ${max}]`,
    );
  }
  const counts = new Array<number>(bins).fill(0);
  let clipped = 0;
  const scale = bins / (max - min);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    let b = Math.floor((v - min) * scale);
    if (b < 0 || b >= bins) {
      if (v !== max) clipped++;
      b = b < 0 ? 0 : bins - 1;
    }
    counts[b]++;
  }
  return { min, max, counts, clipped };
}
