import type { Tensor } from '@convkit/tensor';
import type { PaddingMode } from '../internal/conv-geometry';
import { makeConvOp, runConv } from '../internal/conv-op';
import { resolveConv } from '../internal/conv-options';

export type { PaddingMode } from '../internal/conv-geometry';

/** Options of {@link conv2d}. */
export interface Conv2dOptions {
  /** Added per output channel, shape [outC]. */
  bias?: Tensor | null;
  /** Step between windows, one for both axes or [sH, sW]. Default 1. */
  stride?: number | [number, number];
  /**
   * Implicit padding on both sides ([pH, pW]), `'valid'` (none) or `'same'` (output size =
   * input size; stride 1 only; an odd total puts the extra row/column at the bottom/right).
   * Default 0.
   */
  padding?: number | [number, number] | 'valid' | 'same';
  /** Spacing between kernel taps. Default 1. */
  dilation?: number | [number, number];
  /** Split channels into groups convolved separately; `groups = C` is depthwise. Default 1. */
  groups?: number;
  /** How padding is filled: `'zeros'` (default), `'reflect'`, `'replicate'`, `'circular'`. */
  paddingMode?: PaddingMode;
}

const conv2dOp = makeConvOp('conv2d');

/**
 * 2-D convolution (cross-correlation) of NCHW input with PyTorch's weight layout:
 * input [N, C, H, W] (or unbatched [C, H, W]), weight [outC, C/groups, kH, kW], bias [outC]
 * → [N, outC, outH, outW] with outH = ⌊(H + padTop + padBottom − dH·(kH − 1) − 1)/sH⌋ + 1.
 *
 * out[n, o, y, x] = bias[o] + Σ_{c,i,j} weight[o, c, i, j] · in[n, g·C/groups + c, y·sH + i·dH − padTop, x·sW + j·dW − padLeft]
 * where g = ⌊o / (outC/groups)⌋. Forward is im2col + GEMM (a direct loop for one channel
 * per group); backward gives input, weight and bias gradients from one fused op.
 * @example
 * const x = randn([8, 3, 32, 32]);
 * const w = randn([16, 3, 3, 3]).requiresGrad_();
 * conv2d(x, w, { padding: 'same' }); // [8, 16, 32, 32]
 */
export function conv2d(x: Tensor, weight: Tensor, options: Conv2dOptions = {}): Tensor {
  return runConv(resolveConv('conv2d', x, weight, options, 2), conv2dOp, 2);
}
