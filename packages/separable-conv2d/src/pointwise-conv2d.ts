import { heUniform, type Initializer, zeros } from '@convkit/init';
import { Module } from '@convkit/layers';
import { formatShape, type Tensor } from '@convkit/tensor';
import { positiveInt } from './internal/args';
import { initParameter, type ParameterInitOptions } from './internal/init-parameter';
import { pointwiseConv2d } from './pointwise-conv2d-op';

/** Options of {@link PointwiseConv2d}. */
export interface PointwiseConv2dLayerOptions extends ParameterInitOptions {
  /** Learn a per-channel bias (default true). */
  bias?: boolean;
  /** Initialiser of the weight (default `heUniform()`: a ReLU usually follows). */
  weightInit?: Initializer;
  /** Initialiser of the bias (default zeros). */
  biasInit?: Initializer;
}

/**
 * 1×1 convolution layer: [N, inChannels, H, W] → [N, outChannels, H, W], mixing channels at
 * every position. Weight [outChannels, inChannels, 1, 1] and bias [outChannels], PyTorch's
 * layout and names, so a `Conv2d(inC, outC, 1)` checkpoint loads into it.
 * @example
 * const mix = new PointwiseConv2d(32, 64, { rng: createRng(0) });
 * mix.call(randn([8, 32, 16, 16])); // [8, 64, 16, 16]
 */
export class PointwiseConv2d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    options: PointwiseConv2dLayerOptions = {},
  ) {
    super();
    const layer = 'PointwiseConv2d';
    positiveInt(inChannels, layer, 'inChannels');
    positiveInt(outChannels, layer, 'outChannels');
    this.weight = this.registerParameter(
      'weight',
      initParameter(
        options.weightInit ?? heUniform(),
        [outChannels, inChannels, 1, 1],
        options,
        layer,
        'weightInit',
      ),
    );
    this.bias =
      (options.bias ?? true)
        ? this.registerParameter(
            'bias',
            initParameter(options.biasInit ?? zeros(), [outChannels], options, layer, 'biasInit'),
          )
        : null;
  }

  /** [N, inChannels, H, W] → [N, outChannels, H, W] (or unbatched [inChannels, H, W]). */
  override forward(x: Tensor): Tensor {
    const channels = x.rank === 4 || x.rank === 3 ? x.shape[x.rank - 3] : undefined;
    if (channels !== this.inChannels) {
      throw new RangeError(
        `PointwiseConv2d: expected input [N, ${this.inChannels}, H, W] or [${this.inChannels}, H, W], got ${formatShape(x.shape)}`,
      );
    }
    return pointwiseConv2d(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}${this.bias === null ? ', bias=false' : ''}`;
  }
}
