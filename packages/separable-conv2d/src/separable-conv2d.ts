import { heUniform, type Initializer, lecunUniform } from '@convkit/init';
import { Conv2d, Module, type PaddingMode } from '@convkit/layers';
import { formatShape, type Tensor } from '@convkit/tensor';
import { positiveInt } from './internal/args';
import type { ParameterInitOptions } from './internal/init-parameter';
import { PointwiseConv2d } from './pointwise-conv2d';

/** Runs `make`, re-throwing an error that starts with `from:` as one starting with `to:`. */
function renameErrors<T>(from: string, to: string, make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (error instanceof Error && error.message.startsWith(`${from}:`)) {
      const Kind = error.constructor as new (message: string) => Error;
      throw new Kind(`${to}${error.message.slice(from.length)}`);
    }
    throw error;
  }
}

/** Options of {@link SeparableConv2d}. */
export interface SeparableConv2dLayerOptions extends ParameterInitOptions {
  /** Depthwise filters per input channel, m (default 1); the middle has C·m channels. */
  depthMultiplier?: number;
  /** Step between windows (default 1). */
  stride?: number | [number, number];
  /** Implicit padding per side, `'valid'` (none, the default 0) or `'same'` (stride 1 only). */
  padding?: number | [number, number] | 'valid' | 'same';
  /** Spacing between kernel taps (default 1). */
  dilation?: number | [number, number];
  /** How padding is filled (default `'zeros'`). */
  paddingMode?: PaddingMode;
  /** Learn a bias per output channel, after the pointwise step (default true). */
  bias?: boolean;
  /**
   * Learn a bias per middle channel too (default false: with nothing between the two steps
   * it adds no expressive power, since P·(y + b) + c = P·y + (P·b + c)).
   */
  depthwiseBias?: boolean;
  /** Initialiser of the depthwise weight (default `lecunUniform()`, variance 1/(kH·kW)). */
  depthwiseInit?: Initializer;
  /** Initialiser of the pointwise weight (default `heUniform()`, variance 2/(C·m)). */
  pointwiseInit?: Initializer;
  /** Initialiser of the biases (default zeros). */
  biasInit?: Initializer;
}

/**
 * Depthwise-separable convolution layer, as in Xception and MobileNet: a depthwise
 * `Conv2d` (groups = inChannels) filters each channel spatially, then a `PointwiseConv2d`
 * (1×1) mixes the channels. [N, inChannels, H, W] → [N, outChannels, H', W'] with H', W' as
 * for `Conv2d` with the same kernel size, stride, padding and dilation.
 *
 * Children `depthwise` (weight [inC·m, 1, kH, kW]) and `pointwise` (weight
 * [outC, inC·m, 1, 1], bias [outC]) give the state-dict names `depthwise.weight`,
 * `pointwise.weight` and `pointwise.bias` that PyTorch implementations of this block use.
 * Weights: inC·m·(kH·kW + outC), against outC·inC·kH·kW for a `Conv2d`.
 *
 * Default initialisation keeps a He-initialised `Conv2d`'s output scale: the depthwise step
 * is linear, so LeCun (variance 1/fanIn) keeps its output's variance equal to its input's,
 * and the pointwise step, usually followed by a ReLU, is He (variance 2/fanIn); together
 * E[y²] ≈ 2·E[x²], as for `Conv2d`.
 * @example
 * const block = new SeparableConv2d(32, 64, 3, { padding: 1, rng: createRng(0) });
 * block.call(randn([8, 32, 16, 16])); // [8, 64, 16, 16]
 */
export class SeparableConv2d extends Module {
  readonly depthwise: Conv2d;
  readonly pointwise: PointwiseConv2d;
  readonly depthMultiplier: number;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: number | [number, number],
    options: SeparableConv2dLayerOptions = {},
  ) {
    super();
    const layer = 'SeparableConv2d';
    positiveInt(inChannels, layer, 'inChannels');
    positiveInt(outChannels, layer, 'outChannels');
    this.depthMultiplier = positiveInt(options.depthMultiplier ?? 1, layer, 'depthMultiplier');
    const middle = inChannels * this.depthMultiplier;
    const stride = options.stride ?? 1;
    if (
      options.padding === 'same' &&
      !(stride === 1 || (Array.isArray(stride) && stride.every((s) => s === 1)))
    ) {
      throw new RangeError(
        `${layer}: padding 'same' needs stride 1, got ${JSON.stringify(stride)}`,
      );
    }
    const { rng, dtype, biasInit } = options;
    // Conv2d checks kernelSize, stride, padding and dilation; its errors are reported as ours.
    const depthwise = renameErrors(
      'Conv2d',
      layer,
      () =>
        new Conv2d(inChannels, middle, kernelSize, {
          groups: inChannels,
          stride: options.stride,
          padding: options.padding,
          dilation: options.dilation,
          paddingMode: options.paddingMode,
          bias: options.depthwiseBias ?? false,
          weightInit: options.depthwiseInit ?? lecunUniform(),
          biasInit,
          rng,
          dtype,
        }),
    );
    this.depthwise = this.registerModule('depthwise', depthwise);
    this.pointwise = this.registerModule(
      'pointwise',
      new PointwiseConv2d(middle, outChannels, {
        bias: options.bias ?? true,
        weightInit: options.pointwiseInit ?? heUniform(),
        biasInit,
        rng,
        dtype,
      }),
    );
  }

  /** [N, inChannels, H, W] → [N, outChannels, H', W'] (or unbatched [inChannels, H, W]). */
  override forward(x: Tensor): Tensor {
    const channels = x.rank === 4 || x.rank === 3 ? x.shape[x.rank - 3] : undefined;
    if (channels !== this.inChannels) {
      throw new RangeError(
        `SeparableConv2d: expected input [N, ${this.inChannels}, H, W] or [${this.inChannels}, H, W], got ${formatShape(x.shape)}`,
      );
    }
    return this.pointwise.call(this.depthwise.call(x));
  }

  override extraRepr(): string {
    const { kernelSize, stride, padding } = this.depthwise;
    const show = (v: unknown) => (Array.isArray(v) ? `[${v.join(', ')}]` : String(v));
    const parts = [
      `${this.inChannels}, ${this.outChannels}`,
      `kernelSize=${show(kernelSize)}`,
      `stride=${show(stride)}`,
      `padding=${show(padding)}`,
    ];
    if (this.depthMultiplier !== 1) parts.push(`depthMultiplier=${this.depthMultiplier}`);
    if (this.pointwise.bias === null) parts.push('bias=false');
    return parts.join(', ');
  }
}
