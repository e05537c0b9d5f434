// The network of the MNIST experiment: LeNet-5's shape (two 5×5 convolutions with 2×2 max
// pooling, then three fully connected layers) with ReLU, and two choices of first layer.
import { GaborConv2d, type GaborInitValues, gaborBank } from '@convkit/gabor';
import { Conv2d, Flatten, Linear, MaxPool2d, type Module, ReLU, Sequential } from '@convkit/layers';
import type { Rng } from '@convkit/tensor';

/** `free`: a Conv2d learns 25 weights per filter. `gabor`: a GaborConv2d learns θ, σ, λ, ψ, γ. */
export const VARIANTS = ['free', 'gabor'] as const;
export type Variant = (typeof VARIANTS)[number];

/** Filters of the first and second convolution, and the widths of the hidden dense layers. */
export const CHANNELS: readonly [number, number] = [
  Number(process.env.C1 ?? 6),
  Number(process.env.C2 ?? 16),
];
export const HIDDEN: readonly [number, number] = [120, 84];
const KERNEL = 5;

/**
 * Starting Gabor parameters: `count` orientations evenly spread over [0, π) at the bank's
 * finest wavelength (2.5 px, σ = 1.4, which a 5×5 kernel holds), even phase.
 */
function gaborStart(count: number): GaborInitValues {
  const bank = gaborBank({ count, kernelSize: KERNEL, orientations: count });
  return {
    theta: bank.map((p) => p.theta),
    sigma: bank.map((p) => p.sigma),
    lambda: bank.map((p) => p.lambda),
    psi: bank.map((p) => p.psi),
    gamma: bank.map((p) => p.gamma),
  };
}

/** The first layer: 1 grey channel → CHANNELS[0] maps of 28×28 ('same' padding). */
export function firstLayer(variant: Variant, rng: Rng): Module {
  const [c1] = CHANNELS;
  return variant === 'gabor'
    ? new GaborConv2d(1, c1, KERNEL, { init: gaborStart(c1), rng })
    : new Conv2d(1, c1, KERNEL, { padding: 2, rng });
}

/**
 * LeNet-style classifier of 28×28 digits around `first` (from `firstLayer`):
 * [N, 1, 28, 28] → logits [N, 10].
 */
export function lenet(first: Module, rng: Rng): Sequential {
  const [c1, c2] = CHANNELS;
  const [h1, h2] = HIDDEN;
  return new Sequential(
    first, // [N, c1, 28, 28]
    new ReLU(),
    new MaxPool2d(2), // [N, c1, 14, 14]
    new Conv2d(c1, c2, KERNEL, { rng }), // [N, c2, 10, 10]
    new ReLU(),
    new MaxPool2d(2), // [N, c2, 5, 5]
    new Flatten(),
    new Linear(c2 * 5 * 5, h1, { rng }),
    new ReLU(),
    new Linear(h1, h2, { rng }),
    new ReLU(),
    new Linear(h2, 10, { rng }),
  );
}

/** Number of values the optimiser trains (buffers such as a frozen Gabor parameter excluded). */
export function parameterCount(model: Module): number {
  return model.parameters().reduce((sum, p) => sum + p.size, 0);
}
