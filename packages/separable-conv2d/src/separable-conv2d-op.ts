import { conv2d, type PaddingMode } from '@convkit/layers';
import { formatShape, type Tensor } from '@convkit/tensor';
import { expectFloat, expectSameDType } from './internal/args';
import { pointwiseConv2d } from './pointwise-conv2d-op';

/** Options of {@link separableConv2d}. */
export interface SeparableConv2dOptions {
  /** Added per output channel after the pointwise step, shape [outC]. */
  bias?: Tensor | null;
  /** Added per channel after the depthwise step, shape [C·depthMultiplier]. Default none. */
  depthwiseBias?: Tensor | null;
  /** Step between windows of the depthwise step, one for both axes or [sH, sW]. Default 1. */
  stride?: number | [number, number];
  /** Padding of the depthwise step: as `conv2d` (a number, [pH, pW], 'valid', 'same'). Default 0. */
  padding?: number | [number, number] | 'valid' | 'same';
  /** Spacing between kernel taps of the depthwise step. Default 1. */
  dilation?: number | [number, number];
  /** How padding is filled: 'zeros' (default), 'reflect', 'replicate', 'circular'. */
  paddingMode?: PaddingMode;
}

/**
 * Depthwise-separable 2-D convolution (Sifre 2014; Chollet, "Xception", 2017): a
 * depthwise convolution that filters each input channel on its own, then a 1×1 convolution
 * that mixes the channels. Shapes: x [N, C, H, W] (or unbatched [C, H, W]),
 * depthwiseWeight [C·m, 1, kH, kW] (m = depth multiplier, output channel c·m + j filters
 * input channel c), pointwiseWeight [outC, C·m, 1, 1] → [N, outC, H', W'], H' and W' as for
 * `conv2d` with the same stride, padding and dilation.
 *
 * It equals a `conv2d` whose kernel is K[o, c, i, j] = Σ_t P[o, c·m + t] · D[c·m + t, i, j]:
 * a full kernel restricted to rank m per (output, input) pair, for C·m·(kH·kW + outC)
 * weights instead of outC·C·kH·kW. The depthwise step is `conv2d` with groups = C from
 * `@convkit/layers`; the pointwise step is `pointwiseConv2d`.
 * @example
 * const x = randn([8, 16, 32, 32]);
 * separableConv2d(x, randn([16, 1, 3, 3]), randn([32, 16, 1, 1]), { padding: 'same' }); // [8, 32, 32, 32]
 */
export function separableConv2d(
  x: Tensor,
  depthwiseWeight: Tensor,
  pointwiseWeight: Tensor,
  options: SeparableConv2dOptions = {},
): Tensor {
  const op = 'separableConv2d';
  expectFloat(x, op, 'x');
  expectFloat(depthwiseWeight, op, 'depthwiseWeight');
  expectFloat(pointwiseWeight, op, 'pointwiseWeight');
  if (x.rank !== 4 && x.rank !== 3) {
    throw new RangeError(
      `${op}: x must be [N, C, H, W] (or unbatched [C, H, W]), got ${formatShape(x.shape)}`,
    );
  }
  const channels = x.shape[x.rank - 3];
  const [mid, perGroup] = depthwiseWeight.shape;
  if (depthwiseWeight.rank !== 4 || perGroup !== 1 || mid === 0 || mid % channels !== 0) {
    throw new RangeError(
      `${op}: depthwiseWeight must be [${channels}·m, 1, kH, kW] for x with ${channels} channels, got ${formatShape(depthwiseWeight.shape)}`,
    );
  }
  const [, pointwiseIn, kH, kW] = pointwiseWeight.shape;
  if (pointwiseWeight.rank !== 4 || pointwiseIn !== mid || kH !== 1 || kW !== 1) {
    throw new RangeError(
      `${op}: pointwiseWeight must be [outC, ${mid}, 1, 1] after a depthwise step with ${mid} channels, got ${formatShape(pointwiseWeight.shape)}`,
    );
  }
  expectSameDType(x, depthwiseWeight, op, 'depthwiseWeight');
  expectSameDType(x, pointwiseWeight, op, 'pointwiseWeight');
  const depthwise = conv2d(x, depthwiseWeight, {
    bias: options.depthwiseBias ?? null,
    stride: options.stride,
    padding: options.padding,
    dilation: options.dilation,
    groups: channels,
    paddingMode: options.paddingMode,
  });
  return pointwiseConv2d(depthwise, pointwiseWeight, options.bias);
}
