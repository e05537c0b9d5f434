import { Module } from '@convkit/layers';
import { type FloatDType, formatShape, ones, type Tensor, zeros } from '@convkit/tensor';
import { layerTemplate } from './layer-template-op';

/** Options of {@link LayerTemplate}. */
export interface LayerTemplateOptions {
  /** dtype of the parameters (default float32); the input must have the same dtype. */
  dtype?: FloatDType;
}

/**
 * A layer that learns a scale and a shift per channel of [N, C, …] input, using the
 * `layerTemplate` op. Parameters: `weight` [C] (starts at 1) and `bias` [C] (starts at 0),
 * registered by name so `parameters()`, `stateDict()` and optimisers see them.
 * @example
 * const layer = new LayerTemplate(8);
 * layer.call(randn([2, 8, 16, 16])); // [2, 8, 16, 16]
 */
export class LayerTemplate extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor;

  constructor(
    readonly channels: number,
    options: LayerTemplateOptions = {},
  ) {
    super();
    if (!Number.isInteger(channels) || channels < 1) {
      throw new RangeError(`LayerTemplate: channels must be a positive integer, got ${channels}`);
    }
    const dtype = options.dtype ?? 'float32';
    if (dtype !== 'float32' && dtype !== 'float64') {
      throw new TypeError(
        `LayerTemplate: dtype must be 'float32' or 'float64', got ${String(dtype)}`,
      );
    }
    this.weight = this.registerParameter('weight', ones([channels], { dtype }));
    this.bias = this.registerParameter('bias', zeros([channels], { dtype }));
  }

  /** [N, channels, …] → the same shape. */
  override forward(x: Tensor): Tensor {
    if (x.rank < 2 || x.shape[1] !== this.channels) {
      throw new RangeError(
        `LayerTemplate: expected input [N, ${this.channels}, …], got ${formatShape(x.shape)}`,
      );
    }
    return layerTemplate(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `${this.channels}`;
  }
}
