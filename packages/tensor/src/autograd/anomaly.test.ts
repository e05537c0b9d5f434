import { describe, expect, it } from 'vitest';
import { tensor } from '../creation';
import { div, mul } from '../ops/arithmetic';
import { Tensor } from '../tensor';
import { AnomalyError, detectAnomaly, isAnomalyDetectionEnabled } from './anomaly';
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

  it('lists every input shape of a broadcasting op and carries op and phase', () => {
    const x = tensor([0, 1]);
    let caught: unknown;
    try {
      detectAnomaly(() => div(tensor([[1], [-1]]), x));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AnomalyError);
    expect((caught as AnomalyError).op).toBe('div');
    expect((caught as AnomalyError).phase).toBe('forward');
    expect((caught as AnomalyError).message).toBe(
      'anomaly: div forward produced Infinity at flat index 0 of its output [2, 2] (inputs [2, 1], [2])',
    );
  });

  it('names the first op in the chain, not a later one that carried the NaN along', () => {
    const x = tensor([-1, 4], { requiresGrad: true });
    expect(() => detectAnomaly(() => x.mul(2).sqrt().exp().sum())).toThrow(
      'anomaly: sqrt forward produced NaN',
    );
  });

  it('explains a call without a function', () => {
    expect(() => detectAnomaly(3 as never)).toThrow(
      'detectAnomaly: fn must be a function to run with checks, got number',
    );
  });

  it('is off again after detectAnomaly returns or throws', () => {
    expect(isAnomalyDetectionEnabled()).toBe(false);
    expect(detectAnomaly(() => isAnomalyDetectionEnabled())).toBe(true);
    expect(() => detectAnomaly(() => tensor([-1]).log())).toThrow(AnomalyError);
    expect(isAnomalyDetectionEnabled()).toBe(false);
    expect(tensor([-1]).log().data[0]).toBeNaN();
  });

  it('lets NaN pass silently when off (the default), so the check costs nothing', () => {
    const y = div(tensor([1]), tensor([0]));
    expect(y.item()).toBe(Number.POSITIVE_INFINITY);
  });
});
