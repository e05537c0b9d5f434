import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  distinct,
  hwioToOihw,
  integers,
  nchwToNhwc,
  nhwcToNchw,
  oihwToHwio,
  transpose2d,
  uniform,
} from './data';

const dims = fc.tuple(
  fc.integer({ min: 1, max: 4 }),
  fc.integer({ min: 1, max: 4 }),
  fc.integer({ min: 1, max: 4 }),
  fc.integer({ min: 1, max: 4 }),
);

describe('seeded inputs', () => {
  it('are the same for the same seed and differ across seeds', () => {
    expect(uniform(1, 5)).toEqual(uniform(1, 5));
    expect(uniform(1, 5)).not.toEqual(uniform(2, 5));
    expect(integers(3, 100, 10).every((v) => v >= 0 && v < 10)).toBe(true);
    const u = uniform(4, 1000, 0, 1);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
  });

  it('gives distinct values for max pooling', () => {
    const d = distinct(31, 1024);
    expect(new Set(d).size).toBe(1024);
    expect(Math.min(...d)).toBe(-1);
  });
});

describe('layout conversions', () => {
  it('moves channels last and back', () => {
    // [1, 2, 1, 2]: channel 0 = [1, 2], channel 1 = [3, 4] → pixels (1, 3), (2, 4).
    expect(Array.from(nchwToNhwc(Float32Array.of(1, 2, 3, 4), 1, 2, 1, 2))).toEqual([1, 3, 2, 4]);
    fc.assert(
      fc.property(dims, ([n, c, h, w]) => {
        const x = uniform(n * 1000 + c * 100 + h * 10 + w, n * c * h * w);
        expect(nhwcToNchw(nchwToNhwc(x, n, c, h, w), n, c, h, w)).toEqual(x);
      }),
    );
  });

  it('converts conv weights OIHW ↔ HWIO and matrices to their transpose', () => {
    expect(Array.from(oihwToHwio(Float32Array.of(1, 2), 2, 1, 1, 1))).toEqual([1, 2]);
    expect(Array.from(transpose2d(Float32Array.of(1, 2, 3, 4, 5, 6), 2, 3))).toEqual([
      1, 4, 2, 5, 3, 6,
    ]);
    fc.assert(
      fc.property(dims, ([o, i, kh, kw]) => {
        const w = uniform(7, o * i * kh * kw);
        const hwio = oihwToHwio(w, o, i, kh, kw);
        // [kh, kw, i, o] element (y, x, b, a) is weight (a, b, y, x).
        expect(hwio[((kh - 1) * kw * i + (kw - 1) * i + (i - 1)) * o]).toBe(
          w[((0 * i + (i - 1)) * kh + (kh - 1)) * kw + (kw - 1)],
        );
        expect(hwioToOihw(hwio, o, i, kh, kw)).toEqual(w);
      }),
    );
  });
});
