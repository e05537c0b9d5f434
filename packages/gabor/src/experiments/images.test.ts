import { describe, expect, it } from 'vitest';
import { experimentImage } from './images';

function stats(data: ArrayLike<number>) {
  let mean = 0;
  for (let i = 0; i < data.length; i++) mean += data[i];
  mean /= data.length;
  let variance = 0;
  for (let i = 0; i < data.length; i++) variance += (data[i] - mean) ** 2;
  return { mean, std: Math.sqrt(variance / data.length) };
}

/** Correlation of horizontally adjacent pixels: high for smooth images, ≈0 for white noise. */
function neighbourCorrelation(data: ArrayLike<number>, size: number): number {
  let s = 0;
  let n = 0;
  for (let y = 0; y < size; y++)
    for (let x = 0; x + 1 < size; x++, n++) s += data[y * size + x] * data[y * size + x + 1];
  return s / n;
}

describe('experimentImage', () => {
  it('is standardised, seeded and of the requested shape', () => {
    for (const kind of ['whiteNoise', 'smoothedNoise', 'natural'] as const) {
      const a = experimentImage(kind, { size: 32, seed: 4 });
      expect(a.shape).toEqual([1, 1, 32, 32]);
      const { mean, std } = stats(a.data);
      expect(Math.abs(mean)).toBeLessThan(1e-12);
      expect(std).toBeCloseTo(1, 12);
      expect(experimentImage(kind, { size: 32, seed: 4 }).data).toEqual(a.data);
      expect(experimentImage(kind, { size: 32, seed: 5 }).data).not.toEqual(a.data);
    }
  });

  it('has the spatial structure its name promises', () => {
    const white = experimentImage('whiteNoise', { size: 64, seed: 1 });
    const smooth = experimentImage('smoothedNoise', { size: 64, seed: 1 });
    const natural = experimentImage('natural', { size: 64, seed: 1 });
    // White noise: neighbours independent (|ρ| within ~4/√n of 0); blurred: strongly correlated.
    expect(Math.abs(neighbourCorrelation(white.data, 64))).toBeLessThan(4 / Math.sqrt(64 * 63));
    expect(neighbourCorrelation(smooth.data, 64)).toBeGreaterThan(0.8);
    expect(neighbourCorrelation(natural.data, 64)).toBeGreaterThan(0.8);
  });

  it('rejects bad sizes and kinds', () => {
    expect(() => experimentImage('natural', { size: 4 })).toThrow(
      'experimentImage: size must be an integer ≥ 8, got 4',
    );
    expect(() => experimentImage('pink' as never)).toThrow(
      "experimentImage: kind must be 'whiteNoise', 'smoothedNoise' or 'natural', got pink",
    );
  });
});
