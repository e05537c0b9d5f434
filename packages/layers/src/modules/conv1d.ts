import { heUniform, zeros } from '@convkit/init';
import type { Tensor } from '@convkit/tensor';
import {
  checkChannels,
  checkConvInput,
  checkSamePadding,
  positiveInt,
} from '../internal/conv-layer-args';
import { describeValue, oneOf } from '../internal/layer-args';
import { Module } from '../module';
import { conv1d } from '../ops/conv1d';
import type { PaddingMode } from '../ops/conv2d';
import { convRepr, PADDING_MODES } from './conv2d';
import { initParameter, type LayerInitOptions } from './layer-options';

export interface Conv1dLayerOptions extends LayerInitOptions {
  /** Step between windows (default 1). */
  stride?: number;
  /** Implicit padding per end, `'valid'` (none, the default 0) or `'same'` (stride 1 only). */
  padding?: number | 'valid' | 'same';
  /** Spacing between kernel taps (default 1). */
  dilation?: number;
  /** Channel groups (default 1). */
  groups?: number;
  /** Learn a per-channel bias (default true). */
  bias?: boolean;
  /** How padding is filled (default `'zeros'`). */
  paddingMode?: PaddingMode;
}

/**
 * 1-D convolution layer: [N, inChannels, L] → [N, outChannels, L'], weight
 * [outChannels, inChannels/groups, kernelSize], bias [outChannels]. Default initialisation as
 * `Conv2d`: weight `heUniform()` (He et al. 2015, variance 2/fanIn for ReLU networks), bias
 * zeros.
 * @example
 * new Conv1d(2, 8, 5, { padding: 'same' }).call(randn([4, 2, 100])); // [4, 8, 100]
 */
export class Conv1d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly kernelSize: number;
  readonly stride: number;
  readonly padding: number | 'valid' | 'same';
  readonly dilation: number;
  readonly groups: number;
  readonly paddingMode: PaddingMode;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: number,
    options: Conv1dLayerOptions = {},
  ) {
    super();
    const layer = 'Conv1d';
    this.groups = options.groups ?? 1;
    checkChannels(inChannels, outChannels, this.groups, layer);
    this.kernelSize = positiveInt(kernelSize, layer, 'kernelSize');
    this.stride = positiveInt(options.stride ?? 1, layer, 'stride');
    this.dilation = positiveInt(options.dilation ?? 1, layer, 'dilation');
    const padding = options.padding ?? 0;
    if (
      !(padding === 'valid' || padding === 'same' || (Number.isInteger(padding) && padding >= 0))
    ) {
      throw new RangeError(
        `${layer}: padding must be a non-negative integer, 'valid' or 'same', got ${describeValue(padding)}`,
      );
    }
    this.padding = padding;
    checkSamePadding(padding, [this.stride], layer);
    this.paddingMode = oneOf(options.paddingMode ?? 'zeros', PADDING_MODES, layer, 'paddingMode');
    const shape = [outChannels, inChannels / this.groups, this.kernelSize];
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

  /** [N, inChannels, L] → [N, outChannels, L']. */
  override forward(x: Tensor): Tensor {
    checkConvInput(x, 1, this.inChannels, 'Conv1d', '[N, C, L]');
    return conv1d(x, this.weight, {
      bias: this.bias,
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      groups: this.groups,
      paddingMode: this.paddingMode,
    });
  }

  override extraRepr(): string {
    return convRepr(this);
  }
}
