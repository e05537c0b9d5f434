import { constant, uniform } from '@convkit/init';
import { createRng, ones, randn, type Tensor, tensor, zeros } from '@convkit/tensor';
import { checkParametersLearn, expectClose } from '@convkit/testing';
import { describe, expect, it } from 'vitest';
import type { Module } from '../module';
import {
  elu,
  gelu,
  hardtanh,
  leakyRelu,
  logSoftmax,
  relu,
  selu,
  sigmoid,
  silu,
  softmax,
  softplus,
  tanh,
} from '../ops/activations';
import {
  ELU,
  GELU,
  Hardtanh,
  LeakyReLU,
  LogSoftmax,
  ReLU,
  SELU,
  Sigmoid,
  SiLU,
  Softmax,
  Softplus,
  Tanh,
} from './activations';
import { BatchNorm2d } from './batch-norm2d';
import { ConvTranspose2d } from './conv-transpose2d';
import { Conv1d } from './conv1d';
import { Conv2d } from './conv2d';
import { Dropout } from './dropout';
import { Flatten, Identity } from './flatten';
import { LayerNorm } from './layer-norm';
import { Linear } from './linear';
import {
  AdaptiveAvgPool2d,
  AdaptiveMaxPool2d,
  AvgPool2d,
  GlobalAvgPool2d,
  GlobalMaxPool2d,
  MaxPool2d,
  type MaxPool2dLayerOptions,
} from './pooling';
import { Sequential } from './sequential';

const rng = () => createRng(42);
const input = (shape: number[], seed = 7) => randn(shape, { rng: createRng(seed) });

describe('every layer with parameters learns', () => {
  const cases: [string, () => Module, number[]][] = [
    ['Conv2d', () => new Conv2d(3, 4, 3, { padding: 1, rng: rng() }), [2, 3, 6, 6]],
    [
      'Conv2d grouped, strided, reflect',
      () =>
        new Conv2d(4, 6, [3, 2], {
          groups: 2,
          stride: 2,
          padding: 1,
          paddingMode: 'reflect',
          rng: rng(),
        }),
      [2, 4, 7, 7],
    ],
    [
      'Conv2d depthwise, dilated',
      () => new Conv2d(3, 3, 3, { groups: 3, dilation: 2, padding: 'same', rng: rng() }),
      [1, 3, 7, 7],
    ],
    ['Conv1d', () => new Conv1d(2, 5, 3, { padding: 'same', rng: rng() }), [3, 2, 9]],
    [
      'ConvTranspose2d',
      () => new ConvTranspose2d(4, 2, 3, { stride: 2, padding: 1, outputPadding: 1, rng: rng() }),
      [2, 4, 4, 4],
    ],
    ['Linear', () => new Linear(5, 3, { rng: rng() }), [4, 5]],
    ['BatchNorm2d', () => new BatchNorm2d(3), [4, 3, 3, 3]],
    ['LayerNorm', () => new LayerNorm([3, 4]), [2, 3, 4]],
    [
      'Sequential CNN',
      () =>
        new Sequential(
          new Conv2d(1, 2, 3, { rng: rng() }),
          new ReLU(),
          new Flatten(),
          new Linear(2 * 4 * 4, 3, { rng: rng() }),
        ),
      [2, 1, 6, 6],
    ],
  ];
  for (const [name, make, shape] of cases) {
    it(name, () => {
      const layer = make();
      const report = checkParametersLearn(layer, input(shape));
      expect(report.parameters).toEqual(layer.namedParameters().map(([n]) => n));
    });
  }

  it('and the check catches a parameter that cannot learn', () => {
    const frozenOut = new Linear(3, 2, { rng: rng() });
    frozenOut.weight.data.fill(0);
    const model = new Sequential(new Linear(3, 3, { rng: rng() }), frozenOut);
    expect(() => checkParametersLearn(model, input([2, 3]))).toThrow(
      "checkParametersLearn: parameter '0.weight' got an all-zero gradient",
    );
  });
});

describe('initialisation', () => {
  it('defaults to heUniform weights and zero biases, seeded', () => {
    const conv = new Conv2d(3, 8, 3, { rng: createRng(5) });
    const bound = Math.sqrt(6 / (3 * 3 * 3));
    expect(conv.weight.data.every((v) => Math.abs(v) <= bound)).toBe(true);
    expect(Math.max(...conv.weight.data.map(Math.abs))).toBeGreaterThan(bound * 0.8);
    expect(conv.bias?.data.every((v) => v === 0)).toBe(true);
    expectClose(new Conv2d(3, 8, 3, { rng: createRng(5) }).weight, conv.weight, { atol: 0 });
    const bn = new BatchNorm2d(4);
    expectClose(bn.weight as Tensor, [1, 1, 1, 1]);
    expectClose(bn.bias as Tensor, [0, 0, 0, 0]);
  });

  it('takes custom initialisers, dtype and bias: false', () => {
    const fc = new Linear(2, 3, {
      weightInit: constant(0.5),
      biasInit: uniform({ low: 1, high: 2 }),
      dtype: 'float64',
      rng: createRng(1),
    });
    expect(fc.weight.dtype).toBe('float64');
    expect(fc.weight.data.every((v) => v === 0.5)).toBe(true);
    expect(fc.bias?.data.every((v) => v >= 1 && v < 2)).toBe(true);
    const noBias = new Conv2d(1, 1, 1, { bias: false });
    expect(noBias.bias).toBeNull();
    expect(noBias.namedParameters().map(([n]) => n)).toEqual(['weight']);
    expect(new ConvTranspose2d(4, 6, 2, { groups: 2 }).weight.shape).toEqual([4, 3, 2, 2]);
  });

  it('rejects an initialiser that breaks its contract', () => {
    expect(() => new Linear(2, 3, { weightInit: () => zeros([3]) })).toThrow(
      'Linear: weightInit must return a float32 tensor of shape [3, 2], got float32 [3]',
    );
  });
});

describe('bad input is a clear error, before any state changes', () => {
  it('Conv2d checks rank and channels', () => {
    const conv = new Conv2d(3, 4, 3);
    expect(() => conv.call(zeros([2, 4, 8, 8]))).toThrow(
      'Conv2d: expected input with 3 channels, got 4',
    );
    expect(() => conv.call(zeros([8, 8]))).toThrow(
      'Conv2d: expected a 4-d input [N, C, H, W] (or 3-d unbatched), got shape [8, 8]',
    );
    expect(conv.call(zeros([3, 5, 5])).shape).toEqual([4, 3, 3]);
    expect(() => new Conv1d(2, 3, 3).call(zeros([1, 3, 9]))).toThrow(
      'Conv1d: expected input with 2 channels, got 3',
    );
    expect(() => new ConvTranspose2d(2, 3, 3).call(zeros([1, 3, 4, 4]))).toThrow(
      'ConvTranspose2d: expected input with 2 channels, got 3',
    );
  });

  it('constructors check their settings', () => {
    expect(() => new Conv2d(4, 6, 3, { groups: 3 })).toThrow(
      'Conv2d: groups (3) must divide inChannels (4) and outChannels (6)',
    );
    expect(() => new Conv2d(3, 4, 0)).toThrow(
      'Conv2d: kernelSize must be a positive integer, got 0',
    );
    expect(() => new Conv2d(3, 4, 3, { stride: -1 })).toThrow(
      'Conv2d: stride must be a positive integer, got -1',
    );
    expect(() => new Conv2d(3, 4, 3, { padding: 'full' as 'same' })).toThrow(
      "Conv2d: padding must be a non-negative integer, a pair, 'valid' or 'same', got 'full'",
    );
    expect(() => new Conv2d(3, 4, 3, { paddingMode: 'mirror' as 'reflect' })).toThrow(
      "Conv2d: paddingMode must be one of 'zeros', 'reflect', 'replicate', 'circular', got 'mirror'",
    );
    expect(() => new Conv2d(3, 4, 3, { stride: [1, 2], padding: 'same' })).toThrow(
      "Conv2d: padding 'same' needs stride 1, got stride [1, 2]",
    );
    expect(() => new Conv1d(3, 4, 3, { stride: 2, padding: 'same' })).toThrow(
      "Conv1d: padding 'same' needs stride 1, got stride 2",
    );
    expect(() => new Linear(0, 3)).toThrow('Linear: inFeatures must be a positive integer, got 0');
    expect(() => new MaxPool2d(0)).toThrow(
      'MaxPool2d: kernelSize must be a positive integer, got 0',
    );
    expect(() => new Dropout({ p: 2 })).toThrow('Dropout: p must be a number in [0, 1], got 2');
    expect(() => new LayerNorm([])).toThrow(
      'LayerNorm: normalizedShape must be a positive integer or a non-empty array of them, got []',
    );
  });

  it('conv errors from the op (kernel larger than the padded input) leave the layer untouched', () => {
    const conv = new Conv2d(1, 1, 5);
    const before = Array.from(conv.weight.data);
    expect(() => conv.call(zeros([1, 1, 3, 3]))).toThrow();
    expect(Array.from(conv.weight.data)).toEqual(before);
  });

  it('BatchNorm2d checks channels before touching running statistics', () => {
    const bn = new BatchNorm2d(3);
    expect(() => bn.call(zeros([2, 4, 2, 2]))).toThrow(
      'BatchNorm2d: expected input with 3 channels, got 4',
    );
    expect(() => bn.call(zeros([1, 3, 1, 1]))).toThrow(
      'expected more than 1 value per channel when training',
    );
    expect(bn.numBatchesTracked?.item()).toBe(0);
    expect(bn.runningMean?.data.every((v) => v === 0)).toBe(true);
  });
});

describe('BatchNorm2d running statistics', () => {
  it('updates with momentum in training and uses them in evaluation', () => {
    const bn = new BatchNorm2d(2, { momentum: 0.5, dtype: 'float64' });
    const x = tensor(
      [
        [[[1, 3]], [[2, 2]]],
        [[[5, 7]], [[2, 2]]],
      ],
      { dtype: 'float64' },
    );
    bn.call(x);
    // channel 0: mean 4, unbiased var 20/3; channel 1: mean 2, var 0.
    expectClose(bn.runningMean as Tensor, [2, 1]);
    expectClose(bn.runningVar as Tensor, [0.5 + (0.5 * 20) / 3, 0.5]);
    expect(bn.numBatchesTracked?.item()).toBe(1);
    bn.eval();
    const y = bn.call(x);
    expectClose(
      y.reshape([2, 2, 2]).slice(1, 0, 1).reshape([4]),
      [1, 3, 5, 7].map((v) => (v - 2) / Math.sqrt(0.5 + 10 / 3 + 1e-5)),
    );
    expect(bn.numBatchesTracked?.item()).toBe(1);
  });

  it('averages cumulatively with momentum null, and skips running stats when not tracking', () => {
    const bn = new BatchNorm2d(1, { momentum: null, dtype: 'float64' });
    bn.call(tensor([1, 3], { dtype: 'float64', shape: [2, 1, 1, 1] }));
    bn.call(tensor([5, 7], { dtype: 'float64', shape: [2, 1, 1, 1] }));
    expectClose(bn.runningMean as Tensor, [4]);
    const free = new BatchNorm2d(2, { trackRunningStats: false, affine: false });
    expect(free.stateDict().size).toBe(0);
    const out = free.eval().call(randn([4, 2, 2, 2], { rng: rng() }));
    expect(Math.abs(out.mean().item())).toBeLessThan(1e-5);
  });
});

describe('parameter-free layers', () => {
  it('activation modules equal their functions', () => {
    const x = input([2, 5]);
    const pairs: [Module, Tensor][] = [
      [new ReLU(), relu(x)],
      [new LeakyReLU({ negativeSlope: 0.2 }), leakyRelu(x, { negativeSlope: 0.2 })],
      [new ELU({ alpha: 2 }), elu(x, { alpha: 2 })],
      [new SELU(), selu(x)],
      [new GELU({ approximate: 'tanh' }), gelu(x, { approximate: 'tanh' })],
      [new SiLU(), silu(x)],
      [new Softplus({ beta: 2 }), softplus(x, { beta: 2 })],
      [new Sigmoid(), sigmoid(x)],
      [new Tanh(), tanh(x)],
      [new Hardtanh({ minVal: 0, maxVal: 6 }), hardtanh(x, { minVal: 0, maxVal: 6 })],
      [new Softmax({ axis: 0 }), softmax(x, 0)],
      [new LogSoftmax(), logSoftmax(x, -1)],
      [new Identity(), x],
    ];
    for (const [m, expected] of pairs) expectClose(m.call(x), expected, { atol: 0 });
    expect(new GELU().toString()).toBe("GELU(approximate='none')");
  });

  it('pooling, flatten and dropout layers', () => {
    const x = input([2, 3, 6, 6]);
    expect(new MaxPool2d(2).call(x).shape).toEqual([2, 3, 3, 3]);
    const jsOptions = { returnIndices: true } as MaxPool2dLayerOptions;
    expect(new MaxPool2d(2, jsOptions).call(x).shape).toEqual([2, 3, 3, 3]);
    expect(new AvgPool2d(3, { stride: 1, padding: 1 }).call(x).shape).toEqual([2, 3, 6, 6]);
    expect(new AdaptiveAvgPool2d([2, 1]).call(x).shape).toEqual([2, 3, 2, 1]);
    expect(new AdaptiveMaxPool2d(4).call(x).shape).toEqual([2, 3, 4, 4]);
    expect(new GlobalAvgPool2d().call(x).shape).toEqual([2, 3, 1, 1]);
    expect(new GlobalMaxPool2d().call(x).shape).toEqual([2, 3, 1, 1]);
    expect(new Flatten().call(x).shape).toEqual([2, 108]);
    const drop = new Dropout({ p: 0.5, rng: rng() });
    const y = drop.call(ones([100]));
    expect(y.data.some((v) => v === 0)).toBe(true);
    expect(drop.eval().call(x)).toBe(x);
  });
});
