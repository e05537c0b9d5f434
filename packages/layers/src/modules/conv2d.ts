import { heUniform, zeros } from '@convkit/init';
import { formatShape, type Tensor } from '@convkit/tensor';
import {
  checkChannels,
  checkConvInput,
  checkSamePadding,
  convPadding,
  intPair,
} from '../internal/conv-layer-args';
import { oneOf } from '../internal/layer-args';
import { Module } from '../module';
import { conv2d, type PaddingMode } from '../ops/conv2d';
import { initParameter, type LayerInitOptions } from './layer-options';

export interface Conv2dLayerOptions extends LayerInitOptions {
  /** Step between windows (default 1). */
  stride?: number | [number, number];
  /** Implicit padding per side, `'valid'` (none, the default 0) or `'same'` (stride 1 only). */
  padding?: number | [number, number] | 'valid' | 'same';
  /** Spacing between kernel taps (default 1). */
  dilation?: number | [number, number];
  /** Channel groups; inChannels = outChannels = groups is depthwise (default 1). */
  groups?: number;
  /** Learn a per-channel bias (default true). */
  bias?: boolean;
  /** How padding is filled (default `'zeros'`). */
  paddingMode?: PaddingMode;
}

export const PADDING_MODES: readonly PaddingMode[] = ['zeros', 'reflect', 'replicate', 'circular'];

/**
 * 2-D convolution layer over NCHW input: [N, inChannels, H, W] → [N, outChannels, H', W'],
 * with weight [outChannels, inChannels/groups, kH, kW] and bias [outChannels] (PyTorch's
 * layout and state-dict names, so PyTorch weights load directly).
 *
 * Default initialisation: weight `heUniform()` — U(±√(6/fanIn)), fanIn = inChannels/groups·kH·kW
 * — because a conv is usually followed by a ReLU, and He et al. (2015) showed that this
 * variance 2/fanIn keeps the signal's scale through deep ReLU stacks; bias zeros. (PyTorch's
 * own default, `kaiming_uniform_(a=√5)`, is about U(±1/√fanIn): a third of this variance.
 * Pass `weightInit` to choose another.)
 * @example
 * const conv = new Conv2d(3, 16, 3, { padding: 1, rng: createRng(0) });
 * conv.call(randn([8, 3, 32, 32])); // [8, 16, 32, 32]
 */
export class Conv2d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number] | 'valid' | 'same';
  readonly dilation: [number, number];
  readonly groups: number;
  readonly paddingMode: PaddingMode;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: number | [number, number],
    options: Conv2dLayerOptions = {},
  ) {
    super();
    const layer = 'Conv2d';
    this.groups = options.groups ?? 1;
    checkChannels(inChannels, outChannels, this.groups, layer);
    this.kernelSize = intPair(kernelSize, layer, 'kernelSize');
    this.stride = intPair(options.stride ?? 1, layer, 'stride');
    this.padding = convPadding(options.padding ?? 0, layer);
    checkSamePadding(this.padding, this.stride, layer);
    this.dilation = intPair(options.dilation ?? 1, layer, 'dilation');
    this.paddingMode = oneOf(options.paddingMode ?? 'zeros', PADDING_MODES, layer, 'paddingMode');
    const shape = [outChannels, inChannels / this.groups, ...this.kernelSize];
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
    checkConvInput(x, 2, this.inChannels, 'Conv2d', '[N, C, H, W]');
    return conv2d(x, this.weight, {
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

/** `3, 16, kernelSize=[3, 3], stride=[1, 1], …` for any conv layer. */
export function convRepr(layer: {
  inChannels: number;
  outChannels: number;
  kernelSize: unknown;
  stride: unknown;
  padding: unknown;
  groups: number;
  bias: Tensor | null;
}): string {
  const show = (v: unknown) => (Array.isArray(v) ? formatShape(v) : String(v));
  const parts = [
    `${layer.inChannels}, ${layer.outChannels}`,
    `kernelSize=${show(layer.kernelSize)}`,
    `stride=${show(layer.stride)}`,
    `padding=${show(layer.padding)}`,
  ];
  if (layer.groups !== 1) parts.push(`groups=${layer.groups}`);
  if (layer.bias === null) parts.push('bias=false');
  return parts.join(', ');
}
