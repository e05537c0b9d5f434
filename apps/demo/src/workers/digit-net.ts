import { GaborConv2d } from '@convkit/gabor';
import { normal } from '@convkit/init';
import { Conv2d, Flatten, Linear, MaxPool2d, type Module, ReLU, Sequential } from '@convkit/layers';
import { noGrad, type Rng, type Tensor } from '@convkit/tensor';
import type { FirstLayer, TrainSettings } from './train-protocol';

export const FIRST_KERNEL = 7;

/** A small LeNet-style network for 28×28 digits, and a way to read its first layer's filters. */
export interface DigitNet {
  model: Sequential;
  firstLayer: Module;
  /** The first layer's weight, [filters, 1, k, k], detached. */
  firstFilters(): Tensor;
}

/**
 * first layer (7×7, 'same') → ReLU → max-pool 2 → conv 5×5 to 16 → ReLU → max-pool 2 →
 * 64 → 10. Only the first layer differs between the variants, so any gap in their curves
 * comes from it.
 */
export function digitNet(
  variant: FirstLayer,
  filters: number,
  firstInit: TrainSettings['firstInit'],
  rng: Rng,
): DigitNet {
  const first =
    variant === 'gabor'
      ? new GaborConv2d(1, filters, FIRST_KERNEL, { rng })
      : new Conv2d(1, filters, FIRST_KERNEL, {
          padding: (FIRST_KERNEL - 1) / 2,
          rng,
          weightInit: firstInit === 'small' ? normal({ std: 0.01 }) : undefined,
        });
  const model = new Sequential(
    first, // [N, filters, 28, 28]
    new ReLU(),
    new MaxPool2d(2), // [N, filters, 14, 14]
    new Conv2d(filters, 16, 5, { rng }), // [N, 16, 10, 10]
    new ReLU(),
    new MaxPool2d(2), // [N, 16, 5, 5]
    new Flatten(),
    new Linear(16 * 5 * 5, 64, { rng }),
    new ReLU(),
    new Linear(64, 10, { rng }),
  );
  const firstFilters = () =>
    first instanceof GaborConv2d ? noGrad(() => first.weight()) : first.weight.detach();
  return { model, firstLayer: first, firstFilters };
}
