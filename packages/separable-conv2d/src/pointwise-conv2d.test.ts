import { heUniform } from '@convkit/init';
import { Conv2d } from '@convkit/layers';
import { createRng, randn } from '@convkit/tensor';
import { checkParametersLearn, expectClose } from '@convkit/testing';
import { describe, expect, it } from 'vitest';
import { PointwiseConv2d } from './pointwise-conv2d';

describe('PointwiseConv2d', () => {
  it("has Conv2d's 1×1 parameter layout and names", () => {
    const layer = new PointwiseConv2d(3, 5, { dtype: 'float64' });
    expect(layer.namedParameters().map(([name, p]) => [name, p.shape, p.dtype])).toEqual([
      ['weight', [5, 3, 1, 1], 'float64'],
      ['bias', [5], 'float64'],
    ]);
    expect(new PointwiseConv2d(3, 5, { bias: false }).bias).toBeNull();
    expect(String(new PointwiseConv2d(3, 5, { bias: false }).extraRepr())).toBe('3, 5, bias=false');
  });

  it('computes what Conv2d(inC, outC, 1) computes with the same state dict', () => {
    const rng = createRng(1);
    const conv = new Conv2d(4, 6, 1, { rng, dtype: 'float64' });
    conv.bias?.data.set(randn([6], { rng, dtype: 'float64' }).data);
    const layer = new PointwiseConv2d(4, 6, { dtype: 'float64' });
    layer.loadStateDict(conv.stateDict());
    const x = randn([2, 4, 5, 3], { rng, dtype: 'float64' });
    expectClose(layer.call(x), conv.call(x), { atol: 1e-12 });
  });

  it('initialises from the seed: same seed, same bits; He-uniform bound √(6/inC) by default', () => {
    const draw = (seed: number) => new PointwiseConv2d(8, 4, { rng: createRng(seed) }).weight;
    expect(Array.from(draw(3).data)).toEqual(Array.from(draw(3).data));
    expect(Array.from(draw(3).data)).not.toEqual(Array.from(draw(4).data));
    const bound = heUniform().describe([4, 8, 1, 1]).bound as number;
    expect(bound).toBeCloseTo(Math.sqrt(6 / 8), 12);
    expect(draw(3).data.every((v) => Math.abs(v) <= bound)).toBe(true);
  });

  it('learns: weight and bias get finite, non-zero gradients and move under SGD', () => {
    const report = checkParametersLearn(
      new PointwiseConv2d(3, 2, { rng: createRng(2) }),
      randn([2, 3, 4, 4], { rng: createRng(3) }),
    );
    expect(report.parameters).toEqual(['weight', 'bias']);
  });

  it('rejects bad sizes and inputs with messages that name the layer', () => {
    expect(() => new PointwiseConv2d(0, 2)).toThrow(
      'PointwiseConv2d: inChannels must be a positive integer, got 0',
    );
    expect(() => new PointwiseConv2d(2, 2.5)).toThrow(
      'PointwiseConv2d: outChannels must be a positive integer, got 2.5',
    );
    expect(() => new PointwiseConv2d(3, 2).call(randn([1, 4, 2, 2]))).toThrow(
      'PointwiseConv2d: expected input [N, 3, H, W] or [3, H, W], got [1, 4, 2, 2]',
    );
  });
});
