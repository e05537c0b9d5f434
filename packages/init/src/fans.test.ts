import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeFans } from './fans';

describe('computeFans', () => {
  it('reads a linear weight [out, in]', () => {
    expect(computeFans([10, 784])).toEqual({ fanIn: 784, fanOut: 10, receptiveField: 1 });
    expect(computeFans([10, 784], { layout: 'linear' })).toEqual({
      fanIn: 784,
      fanOut: 10,
      receptiveField: 1,
    });
  });

  it('multiplies channels by the receptive field for conv1d, conv2d and conv3d weights', () => {
    expect(computeFans([16, 4, 5])).toEqual({ fanIn: 20, fanOut: 80, receptiveField: 5 });
    expect(computeFans([64, 3, 7, 7])).toEqual({ fanIn: 147, fanOut: 3136, receptiveField: 49 });
    expect(computeFans([8, 2, 3, 3, 3])).toEqual({ fanIn: 54, fanOut: 216, receptiveField: 27 });
    expect(computeFans([6, 5, 3, 1], { layout: 'conv' })).toEqual({
      fanIn: 15,
      fanOut: 18,
      receptiveField: 3,
    });
  });

  it('sees groups through the weight shape [outC, inC/groups, ...k], as PyTorch', () => {
    // Conv2d(32, 64, 3, groups=4): weight [64, 8, 3, 3]. fanOut counts all 64 filters.
    expect(computeFans([64, 8, 3, 3])).toEqual({ fanIn: 72, fanOut: 576, receptiveField: 9 });
    // Depthwise Conv2d(32, 32, 3, groups=32): weight [32, 1, 3, 3].
    expect(computeFans([32, 1, 3, 3])).toEqual({ fanIn: 9, fanOut: 288, receptiveField: 9 });
  });

  it('handles odd shapes: size-1 and size-0 dimensions', () => {
    expect(computeFans([1, 1])).toEqual({ fanIn: 1, fanOut: 1, receptiveField: 1 });
    expect(computeFans([1, 1, 1, 1])).toEqual({ fanIn: 1, fanOut: 1, receptiveField: 1 });
    expect(computeFans([0, 3])).toEqual({ fanIn: 3, fanOut: 0, receptiveField: 1 });
    expect(computeFans([4, 3, 0, 2])).toEqual({ fanIn: 0, fanOut: 0, receptiveField: 0 });
  });

  it('matches PyTorch’s formula on any shape of rank ≥ 2', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 2, maxLength: 6 }), (s) => {
        const rf = s.slice(2).reduce((p, d) => p * d, 1);
        expect(computeFans(s)).toEqual({ fanIn: s[1] * rf, fanOut: s[0] * rf, receptiveField: rf });
      }),
    );
  });

  it('rejects shapes where fans are undefined, naming the shape', () => {
    expect(() => computeFans([5])).toThrow(
      'computeFans: shape must have rank ≥ 2 ([out, in] or [outC, inC/groups, ...kernel]) for fans to be defined, got [5]',
    );
    expect(() => computeFans([])).toThrow('got []');
    expect(() => computeFans([4, 3, 3], { layout: 'linear' })).toThrow(
      "computeFans: shape must be [out, in] for layout 'linear', got [4, 3, 3]",
    );
    expect(() => computeFans([2, -1])).toThrow(
      'computeFans: shape must be an array of non-negative integers, got [2, -1]',
    );
    expect(() => computeFans([2, 2], { layout: 'dense' as never })).toThrow(
      "computeFans: layout must be one of 'linear', 'conv', got 'dense'",
    );
  });
});
