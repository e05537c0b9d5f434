import type { Tensor } from '@convkit/tensor';
import { intPair } from '../internal/layer-args';
import { Module } from '../module';
import {
  adaptiveAvgPool2d,
  adaptiveMaxPool2d,
  globalAvgPool2d,
  globalMaxPool2d,
} from '../ops/adaptive-pool2d';
import { type AvgPool2dOptions, avgPool2d } from '../ops/avg-pool2d';
import { type MaxPool2dOptions, maxPool2d } from '../ops/max-pool2d';

/** `MaxPool2d`'s settings besides the kernel size. */
export type MaxPool2dLayerOptions = Omit<MaxPool2dOptions, 'kernelSize'>;
/** `AvgPool2d`'s settings besides the kernel size. */
export type AvgPool2dLayerOptions = Omit<AvgPool2dOptions, 'kernelSize'>;

/**
 * Max pooling layer over NCHW input: [N, C, H, W] → [N, C, H', W'] (or unbatched [C, H, W]); stride defaults to the
 * kernel size. The gradient goes to the arg-max of each window (first maximum in row-major
 * order on ties). No parameters.
 * @example
 * new MaxPool2d(2).call(randn([1, 6, 24, 24])); // [1, 6, 12, 12]
 */
export class MaxPool2d extends Module {
  constructor(
    readonly kernelSize: number | [number, number],
    readonly options: MaxPool2dLayerOptions = {},
  ) {
    super();
    intPair(kernelSize, 'MaxPool2d', 'kernelSize');
  }

  override forward(x: Tensor): Tensor {
    // returnIndices is not a layer option (a layer returns one tensor); ignore it if passed.
    return maxPool2d(x, { ...this.options, kernelSize: this.kernelSize, returnIndices: false });
  }

  override extraRepr(): string {
    return `kernelSize=${String(this.kernelSize)}`;
  }
}

/**
 * Average pooling layer over NCHW input: [N, C, H, W] → [N, C, H', W'] (or unbatched [C, H, W]); the gradient is
 * spread evenly over each window. No parameters.
 * @example
 * new AvgPool2d(2).call(randn([1, 6, 24, 24])); // [1, 6, 12, 12]
 */
export class AvgPool2d extends Module {
  constructor(
    readonly kernelSize: number | [number, number],
    readonly options: AvgPool2dLayerOptions = {},
  ) {
    super();
    intPair(kernelSize, 'AvgPool2d', 'kernelSize');
  }

  override forward(x: Tensor): Tensor {
    return avgPool2d(x, { ...this.options, kernelSize: this.kernelSize });
  }

  override extraRepr(): string {
    return `kernelSize=${String(this.kernelSize)}`;
  }
}

/**
 * Adaptive average pooling: [N, C, H, W] → [N, C, outH, outW] whatever H and W, with
 * windows [⌊i·H/outH⌋, ⌈(i+1)·H/outH⌉) as PyTorch. No parameters.
 * @example
 * new AdaptiveAvgPool2d([1, 1]).call(randn([2, 64, 7, 7])); // [2, 64, 1, 1]
 */
export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: number | [number, number]) {
    super();
  }

  override forward(x: Tensor): Tensor {
    return adaptiveAvgPool2d(x, this.outputSize);
  }

  override extraRepr(): string {
    return `outputSize=${String(this.outputSize)}`;
  }
}

/**
 * Adaptive max pooling: [N, C, H, W] → [N, C, outH, outW], windows as `AdaptiveAvgPool2d`.
 * @example
 * new AdaptiveMaxPool2d(2).call(randn([2, 8, 9, 9])); // [2, 8, 2, 2]
 */
export class AdaptiveMaxPool2d extends Module {
  constructor(readonly outputSize: number | [number, number]) {
    super();
  }

  override forward(x: Tensor): Tensor {
    return adaptiveMaxPool2d(x, this.outputSize);
  }

  override extraRepr(): string {
    return `outputSize=${String(this.outputSize)}`;
  }
}

/**
 * Global average pooling: the mean of each channel plane, [N, C, H, W] → [N, C, 1, 1]
 * (follow with `Flatten` for [N, C]).
 * @example
 * new GlobalAvgPool2d().call(randn([2, 64, 7, 7])); // [2, 64, 1, 1]
 */
export class GlobalAvgPool2d extends Module {
  override forward(x: Tensor): Tensor {
    return globalAvgPool2d(x);
  }
}

/**
 * Global max pooling: the maximum of each channel plane, [N, C, H, W] → [N, C, 1, 1].
 * @example
 * new GlobalMaxPool2d().call(randn([2, 64, 7, 7])); // [2, 64, 1, 1]
 */
export class GlobalMaxPool2d extends Module {
  override forward(x: Tensor): Tensor {
    return globalMaxPool2d(x);
  }
}
