import { type NestedArray, type Tensor, tensor } from '@convkit/tensor';

export interface Tolerance {
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance (default 1e-5). */
  rtol?: number;
}

/** Where two tensors differ, or null when they are close: |a - e| ≤ atol + rtol·|e| everywhere. */
export function compareTensors(
  actual: Tensor,
  expected: Tensor | NestedArray,
  tolerance: Tolerance = {},
): string | null {
  const atol = tolerance.atol ?? 1e-5;
  const rtol = tolerance.rtol ?? 1e-5;
  const exp = isTensor(expected) ? expected : tensor(expected, { dtype: 'float64' });
  if (actual.shape.length !== exp.shape.length || actual.shape.some((d, i) => d !== exp.shape[i])) {
    return `shape [${actual.shape.join(', ')}] differs from expected [${exp.shape.join(', ')}]`;
  }
  let mismatches = 0;
  let first = -1;
  for (let i = 0; i < actual.size; i++) {
    const a = actual.data[i];
    const e = exp.data[i];
    const close = Number.isNaN(e)
      ? Number.isNaN(a)
      : a === e || Math.abs(a - e) <= atol + rtol * Math.abs(e);
    if (!close) {
      mismatches++;
      if (first < 0) first = i;
    }
  }
  if (mismatches === 0) return null;
  return (
    `${mismatches} of ${actual.size} elements differ (atol ${atol}, rtol ${rtol}); first at flat index ` +
    `${first}: got ${actual.data[first]}, expected ${exp.data[first]}`
  );
}

/**
 * Throws unless `actual` has `expected`'s shape and every element is within tolerance.
 * @example
 * expectClose(add(a, b), [[2, 4]], { atol: 1e-6 });
 */
export function expectClose(
  actual: Tensor,
  expected: Tensor | NestedArray,
  tolerance: Tolerance = {},
): void {
  const problem = compareTensors(actual, expected, tolerance);
  if (problem) throw new Error(`expectClose: ${problem}`);
}

/**
 * The type of the matcher, for your test setup to add to vitest's `Assertion` (or jest's
 * `Matchers`), so `expect(t).toBeCloseToTensor(...)` typechecks:
 * ```ts
 * import type { TensorMatchers } from '@convkit/testing';
 * declare module 'vitest' {
 *   interface Assertion<T = any> extends TensorMatchers<T> {}
 * }
 * ```
 */
export interface TensorMatchers<R = unknown> {
  toBeCloseToTensor(expected: Tensor | NestedArray, tolerance?: Tolerance): R;
}

/**
 * Matchers for `expect.extend(tensorMatchers)` in vitest or jest:
 * `expect(t).toBeCloseToTensor(expected, { atol, rtol })`. See `TensorMatchers` for the types.
 */
export const tensorMatchers = {
  toBeCloseToTensor(received: Tensor, expected: Tensor | NestedArray, tolerance: Tolerance = {}) {
    const problem = compareTensors(received, expected, tolerance);
    return {
      pass: problem === null,
      message: () =>
        problem === null ? 'expected tensors to differ, but they are close' : problem,
    };
  },
};

function isTensor(value: unknown): value is Tensor {
  return typeof value === 'object' && value !== null && 'data' in value && 'shape' in value;
}
