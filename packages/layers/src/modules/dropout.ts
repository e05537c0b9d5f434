import type { Rng, Tensor } from '@convkit/tensor';
import { numberIn } from '../internal/layer-args';
import { Module } from '../module';
import { dropout } from '../ops/dropout';

export interface DropoutLayerOptions {
  /** Probability of zeroing each element (default 0.5). */
  p?: number;
  /** Seeded generator for the masks; `defaultRng()` otherwise. */
  rng?: Rng;
}

/**
 * Dropout layer: in training mode zeroes each element with probability p and scales the rest
 * by 1/(1 − p); in evaluation mode (`model.eval()`) the identity. Any shape. No parameters.
 * @example
 * const drop = new Dropout({ p: 0.25, rng: createRng(1) });
 */
export class Dropout extends Module {
  readonly p: number;
  private readonly rng: Rng | undefined;

  constructor(options: DropoutLayerOptions = {}) {
    super();
    this.p = numberIn(options.p ?? 0.5, 0, 1, 'Dropout', 'p');
    this.rng = options.rng;
  }

  override forward(x: Tensor): Tensor {
    return dropout(x, { p: this.p, training: this.training, rng: this.rng });
  }

  override extraRepr(): string {
    return `p=${this.p}`;
  }
}
