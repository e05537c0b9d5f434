import { createRng, type Tensor } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import { dirac } from './dirac';

/**
 * Naive direct N-d convolution (cross-correlation, stride 1, zero padding ⌊k/2⌋ per axis,
 * groups) of one input [C, ...spatial] with a weight [outC, C/groups, ...kernel].
 */
function naiveConv(x: Float64Array, xShape: number[], w: Tensor, groups: number): Float64Array {
  const [inC, ...spatial] = xShape;
  const [outC, inPerGroup, ...kernel] = w.shape;
  const outPerGroup = outC / groups;
  const dims = spatial.length;
  const spatialSize = spatial.reduce((p, d) => p * d, 1);
  const kernelSize = kernel.reduce((p, d) => p * d, 1);
  const unravel = (flat: number, sizes: readonly number[]) => {
    const idx = new Array<number>(sizes.length);
    for (let a = sizes.length - 1; a >= 0; a--) {
      idx[a] = flat % sizes[a];
      flat = Math.floor(flat / sizes[a]);
    }
    return idx;
  };
  const out = new Float64Array(outC * spatialSize);
  for (let o = 0; o < outC; o++) {
    const g = Math.floor(o / outPerGroup);
    for (let p = 0; p < spatialSize; p++) {
      const pos = unravel(p, spatial);
      let acc = 0;
      for (let ci = 0; ci < inPerGroup; ci++) {
        const c = g * inPerGroup + ci;
        for (let q = 0; q < kernelSize; q++) {
          const k = unravel(q, kernel);
          let inside = true;
          let flat = 0;
          for (let a = 0; a < dims; a++) {
            const at = pos[a] + k[a] - Math.floor(kernel[a] / 2);
            if (at < 0 || at >= spatial[a]) inside = false;
            flat = flat * spatial[a] + at;
          }
          if (inside)
            acc += w.data[(o * inPerGroup + ci) * kernelSize + q] * x[c * spatialSize + flat];
        }
      }
      out[o * spatialSize + p] = acc;
    }
  }
  expect(inC).toBe(inPerGroup * groups);
  return out;
}

function randomInput(shape: number[], seed: number): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => rng.normal());
}

describe('dirac', () => {
  it('makes conv1d, conv2d and conv3d the identity (checked by a direct convolution)', () => {
    const cases = [
      { x: [3, 11], w: [3, 3, 5] },
      { x: [4, 6, 7], w: [4, 4, 3, 3] },
      { x: [2, 4, 5, 3], w: [2, 2, 3, 3, 1] },
      { x: [3, 5, 5], w: [3, 3, 1, 5] },
    ];
    for (const [i, c] of cases.entries()) {
      const x = randomInput(c.x, i);
      const w = dirac()(c.w, { dtype: 'float64' });
      expect(Array.from(naiveConv(x, c.x, w, 1))).toEqual(Array.from(x));
    }
  });

  it('keeps each group an identity, including depthwise convs', () => {
    // groups 2: Conv2d(4, 4, 3, groups=2) has weight [4, 2, 3, 3].
    const x = randomInput([4, 5, 5], 7);
    expect(
      Array.from(
        naiveConv(x, [4, 5, 5], dirac({ groups: 2 })([4, 2, 3, 3], { dtype: 'float64' }), 2),
      ),
    ).toEqual(Array.from(x));
    // Depthwise: groups = channels = 6, weight [6, 1, 3, 3].
    const y = randomInput([6, 4, 4], 8);
    expect(
      Array.from(
        naiveConv(y, [6, 4, 4], dirac({ groups: 6 })([6, 1, 3, 3], { dtype: 'float64' }), 6),
      ),
    ).toEqual(Array.from(y));
  });

  it('copies the first channels when outC ≠ inC, zeros the extra outputs', () => {
    const x = randomInput([3, 4, 4], 9);
    const more = naiveConv(x, [3, 4, 4], dirac()([5, 3, 3, 3], { dtype: 'float64' }), 1);
    expect(Array.from(more.subarray(0, 48))).toEqual(Array.from(x));
    expect(Array.from(more.subarray(48)).every((v) => v === 0)).toBe(true);
    const fewer = naiveConv(x, [3, 4, 4], dirac()([2, 3, 3, 3], { dtype: 'float64' }), 1);
    expect(Array.from(fewer)).toEqual(Array.from(x.subarray(0, 32)));
  });

  it('places the 1 as PyTorch’s dirac_ does', () => {
    // [2, 2, 3]: w[0, 0, 1] = w[1, 1, 1] = 1.
    expect(dirac()([2, 2, 3]).toArray()).toEqual([
      [
        [0, 1, 0],
        [0, 0, 0],
      ],
      [
        [0, 0, 0],
        [0, 1, 0],
      ],
    ]);
    // Even kernel: centre index ⌊4/2⌋ = 2.
    expect(Array.from(dirac()([1, 1, 4]).data)).toEqual([0, 0, 1, 0]);
  });

  it('describes its exact mean and std and draws nothing', () => {
    const d = dirac().describe([4, 4, 3, 3]);
    expect(d.mean).toBe(4 / 144);
    expect(d.std).toBeCloseTo(Math.sqrt(4 / 144 - (4 / 144) ** 2), 15);
    const rng = createRng(0);
    const state = rng.getState();
    dirac()([4, 4, 3, 3], { rng });
    expect(rng.getState()).toEqual(state);
  });

  it('rejects non-conv shapes and groups that do not divide outC', () => {
    expect(() => dirac()([3, 3])).toThrow(
      'dirac: shape must be a conv weight [outC, inC/groups, ...kernel] of rank ≥ 3, got [3, 3]',
    );
    expect(() => dirac({ groups: 2 })([3, 1, 3])).toThrow(
      'dirac: shape[0] (outC) must be divisible by groups (2), got [3, 1, 3]',
    );
    expect(() => dirac({ groups: 0 })).toThrow('dirac: groups must be a positive integer, got 0');
  });
});
