import { createRng, randn, type Tensor, zeros } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import { checkParametersLearn } from './check-parameters-learn';

/** A duck-typed affine layer y = x·W + b, built from tensor ops only. */
function affine(inF: number, outF: number, seed = 1) {
  const w = randn([inF, outF], { rng: createRng(seed) }).requiresGrad_();
  const b = zeros([outF]).requiresGrad_();
  return {
    w,
    b,
    namedParameters: (): [string, Tensor][] => [
      ['weight', w],
      ['bias', b],
    ],
    forward: (x: Tensor) => x.matmul(w).add(b),
  };
}

describe('checkParametersLearn', () => {
  it('passes for a layer whose parameters all learn, and leaves it unchanged', () => {
    const layer = affine(3, 2);
    const before = [Array.from(layer.w.data), Array.from(layer.b.data)];
    const report = checkParametersLearn(layer, randn([4, 3], { rng: createRng(2) }));
    expect(report.parameters).toEqual(['weight', 'bias']);
    expect(report.loss).toBeGreaterThan(0);
    expect([Array.from(layer.w.data), Array.from(layer.b.data)]).toEqual(before);
    expect(layer.w.grad).toBeNull();
  });

  it('names a parameter that gets no gradient', () => {
    const layer = affine(3, 2);
    const unused = zeros([2]).requiresGrad_();
    const module = {
      ...layer,
      namedParameters: (): [string, Tensor][] => [...layer.namedParameters(), ['unused', unused]],
    };
    expect(() => checkParametersLearn(module, randn([4, 3]))).toThrow(
      "checkParametersLearn: parameter 'unused' got no gradient",
    );
  });

  it('names a parameter whose gradient is zero or not finite', () => {
    const layer = affine(3, 2);
    expect(() => checkParametersLearn(layer, zeros([4, 3]))).toThrow(
      "checkParametersLearn: parameter 'weight' got an all-zero gradient",
    );
    const blowUp = {
      ...layer,
      forward: (x: Tensor) => layer.forward(x).mul(Number.POSITIVE_INFINITY),
    };
    expect(() => checkParametersLearn(blowUp, randn([4, 3]))).toThrow(
      'checkParametersLearn: the loss is',
    );
  });

  it('names a parameter that does not change after the step', () => {
    const layer = affine(3, 2);
    // A gradient far below float32 resolution of the weights: the step rounds away.
    const loss = (y: Tensor) => y.sum().mul(1e-20);
    expect(() => checkParametersLearn(layer, randn([4, 3]), { lr: 1e-3, loss })).toThrow(
      "checkParametersLearn: parameter 'weight' did not change after an SGD step with lr 0.001",
    );
  });

  it('accepts a custom loss and rejects bad arguments', () => {
    const layer = affine(3, 2);
    expect(checkParametersLearn(layer, randn([4, 3]), { loss: (y) => y.sum() }).loss).toBeTypeOf(
      'number',
    );
    expect(() => checkParametersLearn(layer, randn([4, 3]), { loss: (y) => y })).toThrow(
      'checkParametersLearn: loss must have one element, got shape [4, 2]',
    );
    expect(() =>
      checkParametersLearn({ namedParameters: () => [], forward: (x: Tensor) => x }, zeros([1])),
    ).toThrow('checkParametersLearn: the module has no trainable parameters to check');
    expect(() => checkParametersLearn({} as never, zeros([1]))).toThrow(
      'module must have namedParameters() and forward(x)',
    );
    expect(() => checkParametersLearn(layer, zeros([1, 3]), { lr: 0 })).toThrow(
      'checkParametersLearn: lr must be a positive number, got 0',
    );
  });
});
