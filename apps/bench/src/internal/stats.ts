// Summaries of repeated timings, pairwise ratios and the correctness check.

export interface Summary {
  min: number;
  median: number;
  max: number;
}

/** Min, median (mean of the middle two for an even count) and max; null for no values. */
export function summarize(values: readonly number[]): Summary | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { min: s[0], median, max: s[s.length - 1] };
}

/**
 * Ratios of two engines' times taken in the same rounds: `peer[r] / base[r]` for every round
 * r where both ran (null marks a round an engine sat out). Pairing round by round means slow
 * drift of a shared machine hits both sides of each ratio alike.
 */
export function pairedRatios(
  peer: readonly (number | null)[],
  base: readonly (number | null)[],
): number[] {
  const out: number[] = [];
  for (let r = 0; r < Math.min(peer.length, base.length); r++) {
    const p = peer[r];
    const b = base[r];
    if (p !== null && b !== null && b > 0) out.push(p / b);
  }
  return out;
}

export interface CheckResult {
  passed: boolean;
  /** Worst over outputs of max|a − ref| / max|ref|. */
  relError: number;
  maxAbsError: number;
  tolerance: number;
  /** Which output was worst, and why a check failed without a number (shape, NaN). */
  detail: string;
}

/**
 * Compares an engine's outputs with the float64 reference, output by output, scaled by the
 * reference's largest magnitude: float32 round-off stays near 1e-6 of that scale, while a
 * wrong layout or a missed term is off by order one. NaN anywhere fails.
 */
export function checkOutputs(
  actual: readonly ArrayLike<number>[],
  expected: readonly ArrayLike<number>[],
  tolerance: number,
): CheckResult {
  const fail = (detail: string): CheckResult => ({
    passed: false,
    relError: Number.NaN,
    maxAbsError: Number.NaN,
    tolerance,
    detail,
  });
  if (actual.length !== expected.length)
    return fail(`expected ${expected.length} outputs, got ${actual.length}`);
  let relError = 0;
  let maxAbsError = 0;
  let detail = '';
  for (let k = 0; k < expected.length; k++) {
    const a = actual[k];
    const e = expected[k];
    if (a.length !== e.length)
      return fail(`output ${k}: expected ${e.length} values, got ${a.length}`);
    let scale = 0;
    let err = 0;
    let nan = false;
    for (let i = 0; i < e.length; i++) {
      scale = Math.max(scale, Math.abs(e[i]));
      const d = Math.abs(a[i] - e[i]);
      if (d > err) err = d;
      else if (Number.isNaN(d)) nan = true;
    }
    if (nan) return fail(`output ${k}: NaN where the reference is finite`);
    const rel = err / Math.max(scale, 1e-30);
    if (rel >= relError) {
      relError = rel;
      maxAbsError = err;
      detail = `output ${k}`;
    }
  }
  return { passed: relError <= tolerance, relError, maxAbsError, tolerance, detail };
}
