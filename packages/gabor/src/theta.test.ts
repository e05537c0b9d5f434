import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gaborSample } from './internal/gabor-sample';
import { canonicalGabor, thetaPeriod, wrapTheta } from './theta';

const paramArb = fc.record({
  theta: fc.double({ min: -20, max: 20, noNaN: true }),
  sigma: fc.double({ min: 0.5, max: 4, noNaN: true }),
  lambda: fc.double({ min: 2, max: 10, noNaN: true }),
  psi: fc.double({ min: -20, max: 20, noNaN: true }),
  gamma: fc.double({ min: 0.2, max: 2, noNaN: true }),
});

describe('theta helpers', () => {
  it('period is π for even filters and 2π otherwise', () => {
    expect(thetaPeriod(0)).toBe(Math.PI);
    expect(thetaPeriod(Math.PI)).toBe(Math.PI);
    expect(thetaPeriod(-3 * Math.PI)).toBe(Math.PI);
    expect(thetaPeriod(Math.PI / 2)).toBe(2 * Math.PI);
  });

  it('wrapTheta lands in [−period/2, period/2) on an equivalent angle', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.constantFrom(0, 1, Math.PI),
        (theta, psi) => {
          const period = thetaPeriod(psi);
          const w = wrapTheta(theta, psi);
          expect(w).toBeGreaterThanOrEqual(-period / 2);
          expect(w).toBeLessThan(period / 2);
          const turns = (theta - w) / period;
          expect(Math.abs(turns - Math.round(turns))).toBeLessThan(1e-9);
        },
      ),
    );
    expect(wrapTheta((3 * Math.PI) / 4 + Math.PI, 0)).toBeCloseTo(-Math.PI / 4, 12);
  });

  it('canonicalGabor describes the same filter (property)', () => {
    fc.assert(
      fc.property(paramArb, fc.double({ min: -3, max: 3, noNaN: true }), (p, amplitude) => {
        const c = canonicalGabor(p, amplitude);
        expect(c.params.theta).toBeGreaterThanOrEqual(0);
        expect(c.params.theta).toBeLessThan(Math.PI);
        expect(c.params.psi).toBeGreaterThan(-Math.PI - 1e-12);
        expect(c.params.psi).toBeLessThanOrEqual(Math.PI + 1e-12);
        expect(c.amplitude).toBeGreaterThanOrEqual(0);
        for (const [x, y] of [
          [0, 0],
          [1, 2],
          [-2, 1],
          [3, -3],
        ]) {
          const original = amplitude * gaborSample(p, x, y, null);
          expect(c.amplitude * gaborSample(c.params, x, y, null)).toBeCloseTo(original, 8);
        }
      }),
    );
  });
});
