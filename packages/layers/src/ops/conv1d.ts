import type { Tensor } from '@convkit/tensor';
import type { PaddingMode } from '../internal/conv-geometry';
import { makeConvOp, runConv } from '../internal/conv-op';
import { resolveConv } from '../internal/conv-options';

/** Options of {@link conv1d}. */
export interface Conv1dOptions {
  /** Added per output channel, shape [outC]. */
  bias?: Tensor | null;
  /** Step between windows. Default 1. */
  stride?: number;
  /** Implicit padding on both ends, `'valid'` or `'same'` (stride 1 only). Default 0. */
  padding?: number | 'valid' | 'same';
  /** Spacing between kernel taps. Default 1. */
  dilation?: number;
  /** Split channels into groups convolved separately; `groups = C` is depthwise. Default 1. */
  groups?: number;
  /** How padding is filled: `'zeros'` (default), `'reflect'`, `'replicate'`, `'circular'`. */
  paddingMode?: PaddingMode;
}

const conv1dOp = makeConvOp('conv1d');

/**
 * 1-D convolution (cross-correlation): input [N, C, L] (or unbatched [C, L]), weight
 * [outC, C/groups, k], bias [outC] → [N, outC, outL] with
 * outL = ⌊(L + 2·padding − dilation·(k − 1) − 1)/stride⌋ + 1. Runs on the conv2d kernels
 * as a convolution of height 1.
 * @example
 * const signal = randn([4, 2, 100]);
 * conv1d(signal, randn([8, 2, 5]), { padding: 'same' }); // [4, 8, 100]
 */
export function conv1d(x: Tensor, weight: Tensor, options: Conv1dOptions = {}): Tensor {
  return runConv(resolveConv('conv1d', x, weight, options, 1), conv1dOp, 1);
}
