import type { Initializer, Nonlinearity } from '@convkit/init';
import {
  calculateGain,
  computeFans,
  constant,
  glorotNormal,
  heNormal,
  normal,
  zeros,
} from '@convkit/init';
import { Conv2d, crossEntropy, globalAvgPool2d, Linear } from '@convkit/layers';
import { createRng, type Tensor } from '@convkit/tensor';
import { type Histogram, histogram, moments } from '../../lib/stats';

/** The initialisers the page offers, by URL name. */
export const INITIALISERS = {
  zeros: { label: 'zeros', make: () => zeros() },
  constant: { label: 'constant 0.1', make: () => constant(0.1) },
  'normal-0.01': { label: 'N(0, 0.01²)', make: () => normal({ std: 0.01 }) },
  'normal-1': { label: 'N(0, 1)', make: () => normal({ std: 1 }) },
  glorot: { label: 'Glorot normal', make: () => glorotNormal() },
  he: { label: 'He normal (ReLU gain)', make: () => heNormal() },
} satisfies Record<string, { label: string; make: () => Initializer }>;
export type InitName = keyof typeof INITIALISERS;

export const ACTIVATIONS = {
  relu: { label: 'ReLU', gain: 'relu' },
  tanh: { label: 'tanh', gain: 'tanh' },
  sigmoid: { label: 'sigmoid', gain: 'sigmoid' },
  linear: { label: 'none (linear)', gain: 'linear' },
} satisfies Record<string, { label: string; gain: Nonlinearity }>;
export type ActivationName = keyof typeof ACTIVATIONS;

export interface StackConfig {
  init: InitName;
  activation: ActivationName;
  /** Number of 3×3 conv layers. */
  depth: number;
  /** Channels of every conv layer after the first. */
  channels: number;
  seed: number;
}

export interface LayerReport {
  name: string;
  weightShape: number[];
  fanIn: number;
  fanOut: number;
  /** The gain recommended for the activation (calculateGain). */
  gain: number;
  /** gain / √fanIn: the std that keeps the forward signal's variance layer to layer. */
  preservingStd: number;
  /** Std of the weights as drawn. */
  weightStd: number;
  activation: { mean: number; std: number; values: Float32Array };
  /** dLoss/d(activation) of this layer's output. */
  gradient: { mean: number; std: number; values: Float32Array };
  /** Std of dLoss/d(weight). */
  weightGradStd: number;
}

export interface StackReport {
  layers: LayerReport[];
  loss: number;
}

function activate(x: Tensor, name: ActivationName): Tensor {
  if (name === 'relu') return x.relu();
  if (name === 'tanh') return x.tanh();
  if (name === 'sigmoid') return x.sigmoid();
  return x;
}

/**
 * Builds a stack of `depth` 3×3 conv layers (padding 'same', no bias) with the chosen
 * initialiser and activation, then a global-average-pool and linear head with cross-entropy
 * on the digit labels; runs one forward and backward pass and reports, per layer, the
 * activations, the gradients reaching them, and the fan/gain numbers of its weight.
 */
export function runStack(images: Tensor, labels: Tensor, config: StackConfig): StackReport {
  const rng = createRng(config.seed);
  const init = INITIALISERS[config.init].make();
  const gainName = ACTIVATIONS[config.activation].gain;
  const convs: Conv2d[] = [];
  for (let l = 0; l < config.depth; l++) {
    const inChannels = l === 0 ? images.shape[1] : config.channels;
    convs.push(
      new Conv2d(inChannels, config.channels, 3, {
        padding: 'same',
        bias: false,
        weightInit: init,
        rng,
      }),
    );
  }
  // The head is always Glorot-initialised, so only the stack's initialiser varies.
  const head = new Linear(config.channels, 10, { weightInit: glorotNormal(), rng });
  const outputs: Tensor[] = [];
  let x = images;
  for (const conv of convs) {
    x = activate(conv.call(x), config.activation);
    x.retainGrad();
    outputs.push(x);
  }
  const pooled = globalAvgPool2d(x).reshape([images.shape[0], config.channels]);
  const loss = crossEntropy(head.call(pooled), labels);
  loss.backward();
  const layers = convs.map((conv, l): LayerReport => {
    const { fanIn, fanOut } = computeFans(conv.weight.shape);
    const gain = calculateGain(gainName);
    const activation = outputs[l].data as Float32Array;
    const gradient = (outputs[l].grad?.data ?? new Float32Array(activation.length)) as Float32Array;
    return {
      name: `conv${l + 1}`,
      weightShape: [...conv.weight.shape],
      fanIn,
      fanOut,
      gain,
      preservingStd: gain / Math.sqrt(fanIn),
      weightStd: moments(conv.weight.data).std,
      activation: { ...moments(activation), values: activation },
      gradient: { ...moments(gradient), values: gradient },
      weightGradStd: conv.weight.grad ? moments(conv.weight.grad.data).std : 0,
    };
  });
  return { layers, loss: loss.item() };
}

export type { Histogram };
export { histogram };
