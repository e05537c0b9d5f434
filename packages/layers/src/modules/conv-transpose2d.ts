import { heUniform, zeros } from '@convkit/init';
import type { Tensor } from '@convkit/tensor';
import { checkChannels, checkConvInput, intPair, paddingPair } from '../internal/conv-layer-args';
import { Module } from '../module';
import { convTranspose2d } from '../ops/conv-transpose2d';
import { convRepr } from './conv2d';
import { initParameter, type LayerInitOptions } from './layer-options';

export interface ConvTranspose2dLayerOptions extends LayerInitOptions {
  /** Upsampling factor (default 1). */
  stride?: number | [number, number];
  /** Rows/columns removed from both sides of the full output (default 0). */
  padding?: number | [number, number];
  /** Extra rows/columns at the bottom/right, smaller than stride or dilation (default 0). */
  outputPadding?: number | [number, number];
  /** Spacing between kernel taps (default 1). */
  dilation?: number | [number, number];
  /** Channel groups (default 1). */
  groups?: number;
  /** Learn a per-channel bias (default true). */
  bias?: boolean;
}

/**
 * Transposed 2-D convolution layer (the adjoint of `Conv2d`, used to upsample):
 * [N, inChannels, H, W] → [N, outChannels, H', W'] with
 * H' = (H − 1)·stride − 2·padding + dilation·(kH − 1) + outputPadding + 1. Weight
 * [inChannels, outChannels/groups, kH, kW] (PyTorch's layout), bias [outChannels].
 *
 * Default initialisation: weight `heUniform()`, bias zeros, as the other conv layers. Fans
 * are read from the weight's layout as PyTorch does, so fanIn = outChannels/groups·kH·kW.
 * @example
 * new ConvTranspose2d(16, 8, 2, { stride: 2 }).call(randn([1, 16, 7, 7])); // [1, 8, 14, 14]
 */
export class ConvTranspose2d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly outputPadding: [number, number];
  readonly dilation: [number, number];
  readonly groups: number;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: number | [number, number],
    options: ConvTranspose2dLayerOptions = {},
  ) {
    super();
    const layer = 'ConvTranspose2d';
    this.groups = options.groups ?? 1;
    checkChannels(inChannels, outChannels, this.groups, layer);
    this.kernelSize = intPair(kernelSize, layer, 'kernelSize');
    this.stride = intPair(options.stride ?? 1, layer, 'stride');
    this.padding = paddingPair(options.padding ?? 0, layer, 'padding');
    this.outputPadding = paddingPair(options.outputPadding ?? 0, layer, 'outputPadding');
    this.dilation = intPair(options.dilation ?? 1, layer, 'dilation');
    const shape = [inChannels, outChannels / this.groups, ...this.kernelSize];
    this.weight = this.registerParameter(
      'weight',
      initParameter(options.weightInit ?? heUniform(), shape, options, layer, 'weightInit'),
    );
    this.bias =
      (options.bias ?? true)
        ? this.registerParameter(
            'bias',
            initParameter(options.biasInit ?? zeros(), [outChannels], options, layer, 'biasInit'),
          )
        : null;
  }

  /** [N, inChannels, H, W] → [N, outChannels, H', W'] (or unbatched [inChannels, H, W]). */
  override forward(x: Tensor): Tensor {
    checkConvInput(x, 2, this.inChannels, 'ConvTranspose2d', '[N, C, H, W]');
    return convTranspose2d(x, this.weight, {
      bias: this.bias,
      stride: this.stride,
      padding: this.padding,
      outputPadding: this.outputPadding,
      dilation: this.dilation,
      groups: this.groups,
    });
  }

  override extraRepr(): string {
    return convRepr(this);
  }
}
