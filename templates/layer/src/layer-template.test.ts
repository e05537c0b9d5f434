import { Sequential } from '@convkit/layers';
import { createRng, randn } from '@convkit/tensor';
import { checkParametersLearn, expectClose } from '@convkit/testing';
import { describe, expect, it } from 'vitest';
import { LayerTemplate } from './layer-template';
import { layerTemplate } from './layer-template-op';

describe('LayerTemplate', () => {
  it('registers a weight and a bias per channel', () => {
    const layer = new LayerTemplate(4, { dtype: 'float64' });
    expect(layer.namedParameters().map(([name, p]) => [name, p.shape, p.dtype])).toEqual([
      ['weight', [4], 'float64'],
      ['bias', [4], 'float64'],
    ]);
  });

  it('applies the op with its parameters', () => {
    const layer = new LayerTemplate(3);
    layer.weight.data.set([2, 0.5, -1]);
    layer.bias.data.set([0, 1, 2]);
    const x = randn([2, 3, 4, 4], { rng: createRng(1) });
    expectClose(layer.call(x), layerTemplate(x, layer.weight, layer.bias), { atol: 0 });
  });

  it('learns: every parameter gets a finite, non-zero gradient and moves under SGD', () => {
    const x = randn([2, 3, 5, 5], { rng: createRng(2) });
    const report = checkParametersLearn(new LayerTemplate(3), x);
    expect(report.parameters).toEqual(['weight', 'bias']);
  });

  it('works inside a Sequential like any layer', () => {
    const model = new Sequential(new LayerTemplate(2), new LayerTemplate(2));
    expect(model.namedParameters().map(([name]) => name)).toEqual([
      '0.weight',
      '0.bias',
      '1.weight',
      '1.bias',
    ]);
    expect(model.call(randn([1, 2, 3])).shape).toEqual([1, 2, 3]);
  });

  it('rejects a bad channel count or a wrong input before doing anything', () => {
    expect(() => new LayerTemplate(0)).toThrow(
      'LayerTemplate: channels must be a positive integer, got 0',
    );
    expect(() => new LayerTemplate(3).call(randn([1, 4, 2, 2]))).toThrow(
      'LayerTemplate: expected input [N, 3, …], got [1, 4, 2, 2]',
    );
  });
});
