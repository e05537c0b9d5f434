import { broadcastShapes } from '@convkit/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { broadcastableShapesArb, shapeArb, shapedTensorArb, tensorArb } from './arbitraries';

describe('arbitraries', () => {
  it('shapeArb respects its rank and size bounds', () => {
    fc.assert(
      fc.property(shapeArb({ minRank: 1, maxRank: 3, minDim: 2, maxDim: 4 }), (shape) => {
        expect(shape.length).toBeGreaterThanOrEqual(1);
        expect(shape.length).toBeLessThanOrEqual(3);
        for (const d of shape) expect(d >= 2 && d <= 4).toBe(true);
      }),
    );
  });

  it('broadcastableShapesArb pairs always broadcast', () => {
    fc.assert(
      fc.property(broadcastableShapesArb(), ([a, b]) => {
        expect(() => broadcastShapes(a, b, 'test')).not.toThrow();
      }),
    );
  });

  it('tensorArb gives finite values of the shape, dtype and range asked', () => {
    fc.assert(
      fc.property(
        tensorArb([2, 3], { dtype: 'float32', min: -1, max: 1, requiresGrad: true }),
        (t) => {
          expect(t.shape).toEqual([2, 3]);
          expect(t.dtype).toBe('float32');
          expect(t.requiresGrad).toBe(true);
          for (const v of t.data) expect(Math.abs(v)).toBeLessThanOrEqual(1);
        },
      ),
    );
    fc.assert(
      fc.property(shapedTensorArb({ maxRank: 2 }, { dtype: 'int32', min: 0, max: 3 }), (t) => {
        expect(t.dtype).toBe('int32');
        expect(t.requiresGrad).toBe(false);
        for (const v of t.data) expect(Number.isInteger(v) && v >= 0 && v <= 3).toBe(true);
      }),
    );
  });
});
