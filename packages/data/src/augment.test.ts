import { createRng, type Rng, Tensor, tensor } from '@convkit/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomAffine } from './augment';

/** A generator that returns fixed draws: `int` the shifts, `uniform` the angle. */
function fixed(ints: number[], angle = 0): Rng {
  let k = 0;
  return { int: () => ints[k++ % ints.length], uniform: () => angle } as unknown as Rng;
}

const ramp = (h: number, w: number, channels = 1) =>
  tensor(
    Array.from({ length: channels * h * w }, (_, i) => i + 1),
    { shape: [1, channels, h, w] },
  );

describe('randomAffine', () => {
  it('is the identity with no shift and no rotation', () => {
    const x = ramp(3, 4, 2);
    expect(randomAffine(x, createRng(0)).data).toEqual(x.data);
  });

  it('moves pixels exactly by integer shifts, filling with the image minimum', () => {
    const x = ramp(3, 3);
    // dx = 1 (right), dy = -1 (up)
    const out = randomAffine(x, fixed([1, -1]), { shift: 1 });
    expect(out.toArray()).toEqual([
      [
        [
          [1, 4, 5],
          [1, 7, 8],
          [1, 1, 1],
        ],
      ],
    ]);
    expect(randomAffine(x, fixed([-1, 0]), { shift: 1, fill: -9 }).toArray()).toEqual([
      [
        [
          [2, 3, -9],
          [5, 6, -9],
          [8, 9, -9],
        ],
      ],
    ]);
  });

  it('rotates about the centre, the same for every channel', () => {
    const x = ramp(3, 3, 2);
    const out = randomAffine(x, fixed([0, 0], 90), { rotation: 90, fill: 0 });
    const quarter = [
      [3, 6, 9],
      [2, 5, 8],
      [1, 4, 7],
    ];
    const got = out.toArray() as number[][][][];
    for (let y = 0; y < 3; y++) {
      for (let xx = 0; xx < 3; xx++) {
        expect(got[0][0][y][xx]).toBeCloseTo(quarter[y][xx], 5);
        expect(got[0][1][y][xx]).toBeCloseTo(quarter[y][xx] + 9, 5);
      }
    }
  });

  it('keeps shape and dtype, and is reproducible from the seed (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 2, max: 6 }),
        fc.nat(),
        (n, size, seed) => {
          const x = new Tensor(
            Float64Array.from({ length: n * size * size }, (_, i) => Math.sin(i)),
            [n, 1, size, size],
          );
          const a = randomAffine(x, createRng(seed), { shift: 2, rotation: 20 });
          const b = randomAffine(x, createRng(seed), { shift: 2, rotation: 20 });
          expect(a.shape).toEqual(x.shape);
          expect(a.dtype).toBe('float64');
          expect(a.data).toEqual(b.data);
          // Bilinear sampling never leaves the range of the image and its fill.
          const lo = Math.min(...x.data);
          const hi = Math.max(...x.data);
          for (const v of a.data) expect(v >= lo - 1e-12 && v <= hi + 1e-12).toBe(true);
        },
      ),
    );
  });

  it('rejects what it cannot augment', () => {
    expect(() => randomAffine(tensor([1, 2]), createRng(0))).toThrow(
      'randomAffine: images must be a float tensor [N, C, H, W], got tensor of shape [2]',
    );
    expect(() => randomAffine(ramp(2, 2), createRng(0), { rotation: 200 })).toThrow(
      'randomAffine: rotation must be at most 180 degrees, got 200',
    );
    expect(() => randomAffine(ramp(2, 2), createRng(0), { fill: Number.NaN })).toThrow(
      'randomAffine: fill must be a finite number, got NaN',
    );
  });
});
