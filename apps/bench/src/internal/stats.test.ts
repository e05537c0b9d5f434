import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkOutputs, pairedRatios, summarize } from './stats';

describe('summarize', () => {
  it('gives min, median and max', () => {
    expect(summarize([3, 1, 2])).toEqual({ min: 1, median: 2, max: 3 });
    expect(summarize([4, 1, 3, 2])).toEqual({ min: 1, median: 2.5, max: 4 });
    expect(summarize([])).toBeNull();
  });

  it('keeps the median between min and max', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1 }),
        (xs) => {
          const s = summarize(xs);
          expect(s).not.toBeNull();
          if (s === null) return;
          expect(s.min).toBeLessThanOrEqual(s.median);
          expect(s.median).toBeLessThanOrEqual(s.max);
        },
      ),
    );
  });
});

describe('pairedRatios', () => {
  it('divides round by round, skipping rounds an engine sat out', () => {
    expect(pairedRatios([2, null, 9], [1, 5, 3])).toEqual([2, 3]);
    expect(pairedRatios([2, 4], [1])).toEqual([2]);
  });
});

describe('checkOutputs', () => {
  const ref = [Float64Array.of(1, -2, 4), Float64Array.of(0.5)];

  it('passes float32 round-off', () => {
    const r = checkOutputs([Float32Array.of(1, -2, 4.0000001), Float32Array.of(0.5)], ref, 1e-6);
    expect(r.passed).toBe(true);
    expect(r.relError).toBeLessThan(1e-6);
  });

  it('fails a wrong answer and names the output', () => {
    const r = checkOutputs([Float32Array.of(1, -2, 4), Float32Array.of(0.6)], ref, 1e-3);
    expect(r.passed).toBe(false);
    expect(r.detail).toBe('output 1');
    expect(r.relError).toBeCloseTo(0.2, 6);
  });

  it('fails NaN, a wrong count and a wrong length', () => {
    expect(
      checkOutputs([Float32Array.of(1, Number.NaN, 4), Float32Array.of(0.5)], ref, 1).detail,
    ).toBe('output 0: NaN where the reference is finite');
    expect(checkOutputs([Float32Array.of(1, -2, 4)], ref, 1).passed).toBe(false);
    expect(checkOutputs([Float32Array.of(1, -2), Float32Array.of(0.5)], ref, 1).detail).toBe(
      'output 0: expected 3 values, got 2',
    );
  });
});
