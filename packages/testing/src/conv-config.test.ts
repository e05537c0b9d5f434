import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convConfigArb } from './conv-config';

/** Output size by counting the window positions that fit in the padded input. */
function countWindows(n: number, k: number, s: number, p: number, d: number): number {
  let count = 0;
  for (let start = 0; start + d * (k - 1) < n + 2 * p; start += s) count++;
  return count;
}

describe('convConfigArb', () => {
  it.each([1, 2, 3])('gives valid %i-d configurations with the right output size', (dims) => {
    fc.assert(
      fc.property(convConfigArb({ spatialDims: dims }), (c) => {
        for (const key of ['inputSize', 'kernelSize', 'stride', 'padding', 'dilation'] as const) {
          expect(c[key]).toHaveLength(dims);
        }
        expect(c.inChannels % c.groups).toBe(0);
        expect(c.outChannels % c.groups).toBe(0);
        c.inputSize.forEach((n, i) => {
          expect(n).toBeGreaterThan(c.padding[i]);
          expect(n).toBeGreaterThanOrEqual(c.dilation[i] * (c.kernelSize[i] - 1) + 1);
          const out = countWindows(n, c.kernelSize[i], c.stride[i], c.padding[i], c.dilation[i]);
          expect(c.outputSize[i]).toBe(out);
          expect(out).toBeGreaterThanOrEqual(1);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('respects its bounds', () => {
    fc.assert(
      fc.property(
        convConfigArb({ maxGroups: 1, maxKernel: 1, maxStride: 1, maxPadding: 0, maxDilation: 1 }),
        (c) => {
          expect(c.groups).toBe(1);
          expect(c.kernelSize).toEqual([1, 1]);
          expect(c.outputSize).toEqual(c.inputSize);
        },
      ),
    );
  });

  it('rejects bad constraints, naming them', () => {
    expect(() => convConfigArb({ spatialDims: 0 })).toThrow(
      'convConfigArb: spatialDims must be an integer ≥ 1, got 0',
    );
    expect(() => convConfigArb({ maxPadding: -1 })).toThrow(
      'convConfigArb: maxPadding must be an integer ≥ 0, got -1',
    );
  });
});
