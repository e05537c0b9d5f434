import { constant } from '@convkit/init';
import { Conv2d, ReLU, Sequential } from '@convkit/layers';
import { createRng, randn } from '@convkit/tensor';
import { checkParametersLearn, expectClose } from '@convkit/testing';
import { describe, expect, it } from 'vitest';
import { SeparableConv2d } from './separable-conv2d';
import { separableConv2d } from './separable-conv2d-op';

const count = (m: { parameters(): { size: number }[] }) =>
  m.parameters().reduce((sum, p) => sum + p.size, 0);

describe('SeparableConv2d', () => {
  it('has a depthwise and a pointwise child with PyTorch-style names and layouts', () => {
    const layer = new SeparableConv2d(4, 6, [3, 5], { depthMultiplier: 2, depthwiseBias: true });
    expect(layer.namedParameters().map(([name, p]) => [name, p.shape])).toEqual([
      ['depthwise.weight', [8, 1, 3, 5]],
      ['depthwise.bias', [8]],
      ['pointwise.weight', [6, 8, 1, 1]],
      ['pointwise.bias', [6]],
    ]);
    expect(new SeparableConv2d(4, 6, 3).namedParameters().map(([name]) => name)).toEqual([
      'depthwise.weight',
      'pointwise.weight',
      'pointwise.bias',
    ]);
  });

  it('has C·m·(k² + outC) + outC weights, about k² times fewer than a Conv2d', () => {
    const [inC, outC, k] = [64, 128, 3];
    const separable = count(new SeparableConv2d(inC, outC, k));
    expect(separable).toBe(inC * (k * k + outC) + outC);
    expect(count(new Conv2d(inC, outC, k)) / separable).toBeGreaterThan(8);
  });

  it('computes the functional separableConv2d with its own parameters', () => {
    const rng = createRng(1);
    const layer = new SeparableConv2d(3, 4, 3, {
      padding: 'same',
      paddingMode: 'reflect',
      depthMultiplier: 2,
      depthwiseBias: true,
      biasInit: constant(0.25),
      rng,
    });
    const x = randn([2, 3, 7, 6], { rng });
    const expected = separableConv2d(x, layer.depthwise.weight, layer.pointwise.weight, {
      bias: layer.pointwise.bias,
      depthwiseBias: layer.depthwise.bias,
      padding: 'same',
      paddingMode: 'reflect',
    });
    expectClose(layer.call(x), expected, { atol: 0 });
  });

  it('initialises from the seed: same seed, same bits; another seed, other weights', () => {
    const weights = (seed: number) =>
      new SeparableConv2d(3, 4, 3, { rng: createRng(seed) })
        .parameters()
        .map((p) => Array.from(p.data));
    expect(weights(7)).toEqual(weights(7));
    expect(weights(7)[0]).not.toEqual(weights(8)[0]);
  });

  it("keeps a He-initialised Conv2d's output scale at initialisation: E[y²] ≈ 2·E[x²]", () => {
    // LeCun depthwise (variance 1/k²) keeps the scale, He pointwise (2/C) doubles it. With
    // 64 channels the sample estimate is within a few percent; 15% leaves room for the seed.
    const rng = createRng(11);
    const x = randn([4, 64, 10, 10], { rng });
    const meanSquare = (t: typeof x) => t.square().mean().item();
    const layer = new SeparableConv2d(64, 64, 3, { rng });
    const ratio = meanSquare(layer.call(x)) / meanSquare(x);
    expect(ratio).toBeGreaterThan(2 * 0.85);
    expect(ratio).toBeLessThan(2 * 1.15);
  });

  it('learns: every parameter gets a finite, non-zero gradient and moves under SGD', () => {
    const layer = new SeparableConv2d(3, 4, 3, { depthwiseBias: true, rng: createRng(2) });
    const report = checkParametersLearn(layer, randn([2, 3, 6, 6], { rng: createRng(3) }));
    expect(report.parameters).toEqual([
      'depthwise.weight',
      'depthwise.bias',
      'pointwise.weight',
      'pointwise.bias',
    ]);
  });

  it('fits in a Sequential and round-trips its state dict', () => {
    const make = (seed: number) =>
      new Sequential(
        new SeparableConv2d(2, 4, 3, { padding: 1, rng: createRng(seed) }),
        new ReLU(),
      );
    const [a, b] = [make(1), make(2)];
    const x = randn([1, 2, 5, 5], { rng: createRng(3) });
    b.loadStateDict(a.stateDict());
    expectClose(b.call(x), a.call(x), { atol: 0 });
    expect([...a.stateDict().keys()]).toEqual([
      '0.depthwise.weight',
      '0.pointwise.weight',
      '0.pointwise.bias',
    ]);
  });

  it('rejects bad settings at construction and bad inputs, naming the layer', () => {
    expect(() => new SeparableConv2d(0, 4, 3)).toThrow(
      'SeparableConv2d: inChannels must be a positive integer, got 0',
    );
    expect(() => new SeparableConv2d(3, 4, 3, { depthMultiplier: 1.5 })).toThrow(
      'SeparableConv2d: depthMultiplier must be a positive integer, got 1.5',
    );
    expect(() => new SeparableConv2d(3, 4, 0)).toThrow(/^SeparableConv2d: kernelSize must be/);
    expect(() => new SeparableConv2d(3, 4, 3, { padding: 'same', stride: 2 })).toThrow(
      "SeparableConv2d: padding 'same' needs stride 1, got 2",
    );
    expect(() => new SeparableConv2d(3, 4, 3).call(randn([1, 2, 8, 8]))).toThrow(
      'SeparableConv2d: expected input [N, 3, H, W] or [3, H, W], got [1, 2, 8, 8]',
    );
  });
});
