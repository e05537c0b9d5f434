import { tensor } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import { compareTensors, expectClose, type TensorMatchers, tensorMatchers } from './expect-close';

expect.extend(tensorMatchers);
declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: must match vitest's own declaration
  interface Assertion<T = any> extends TensorMatchers<T> {}
}

describe('expectClose and toBeCloseToTensor', () => {
  it('accepts values within atol + rtol·|expected|', () => {
    expect(() =>
      expectClose(tensor([1, 100]), [1 + 5e-6, 100.0009], { atol: 1e-5, rtol: 1e-5 }),
    ).not.toThrow();
    expect(tensor([1, 2])).toBeCloseToTensor([1, 2]);
  });

  it('reports the count and the first differing element', () => {
    expect(() => expectClose(tensor([1, 2, 3]), [1, 2.5, 4])).toThrow(
      'expectClose: 2 of 3 elements differ (atol 0.00001, rtol 0.00001); first at flat index 1: got 2, expected 2.5',
    );
    expect(tensor([1])).not.toBeCloseToTensor([2]);
  });

  it('compares shapes first and treats NaN as equal only to NaN', () => {
    expect(compareTensors(tensor([1, 2]), [[1, 2]])).toBe('shape [2] differs from expected [1, 2]');
    expect(compareTensors(tensor([Number.NaN]), [Number.NaN])).toBeNull();
    expect(compareTensors(tensor([1]), [Number.NaN])).not.toBeNull();
  });
});
