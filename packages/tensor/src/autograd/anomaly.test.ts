import { describe, expect, it } from 'vitest';
import { tensor } from '../creation';
import { div, mul } from '../ops/arithmetic';
import { Tensor } from '../tensor';
import { AnomalyError, detectAnomaly } from './anomaly';
import { defineOp } from './define-op';

describe('detectAnomaly', () => {
  it('names the first op whose forward produced NaN/Inf, with shapes', () => {
    const x = tensor([1, 0], { requiresGrad: true });
    const run = () => detectAnomaly(() => mul(div(tensor([1, 1]), x), 2));
    expect(run).toThrow(AnomalyError);
    expect(run).toThrow(
      'anomaly: div forward produced Infinity at flat index 1 of its output [2] (inputs [2], [2])',
    );
  });

  it('names the op whose backward produced NaN/Inf', () => {
    const leaky = defineOp({
      name: 'leakyBackward',
      forward(x: Tensor) {
        return { out: new Tensor(x.data.slice(), x.shape) };
      },
      backward(dOut) {
        return [
          new Tensor(
            dOut.data.map(() => Number.NaN),
            dOut.shape,
          ),
        ];
      },
    });
    const x = tensor([1, 2, 3], { requiresGrad: true });
    expect(() => detectAnomaly(() => leaky(x).sum().backward())).toThrow(
      'anomaly: leakyBackward backward produced NaN at flat index 0 of the gradient for input 0 (shape [3])',
    );
  });

  it('lets NaN pass silently when off (the default), so the check costs nothing', () => {
    const y = div(tensor([1]), tensor([0]));
    expect(y.item()).toBe(Number.POSITIVE_INFINITY);
  });
});
