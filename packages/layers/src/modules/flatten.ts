import type { Tensor } from '@convkit/tensor';
import { Module } from '../module';
import { flatten } from '../ops/flatten';

export interface FlattenOptions {
  /** First dimension merged (default 1, keeping the batch dimension). */
  startDim?: number;
  /** Last dimension merged, inclusive (default −1). */
  endDim?: number;
}

/**
 * Merges dimensions startDim…endDim: [N, C, H, W] → [N, C·H·W] by default, between the conv
 * and the linear part of a CNN. No parameters.
 * @example
 * new Flatten().call(zeros([8, 16, 5, 5])); // [8, 400]
 */
export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;

  constructor(options: FlattenOptions = {}) {
    super();
    this.startDim = options.startDim ?? 1;
    this.endDim = options.endDim ?? -1;
  }

  override forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `startDim=${this.startDim}, endDim=${this.endDim}`;
  }
}

/**
 * Returns its input unchanged: a placeholder where a layer is optional.
 * @example
 * const norm = useNorm ? new BatchNorm2d(16) : new Identity();
 */
export class Identity extends Module {
  override forward(x: Tensor): Tensor {
    return x;
  }
}
