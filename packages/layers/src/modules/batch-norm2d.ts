import { ones, zeros } from '@convkit/init';
import { formatShape, type Tensor, tensor, zeros as zeroTensor } from '@convkit/tensor';
import { numberIn, positiveInt } from '../internal/layer-args';
import { Module } from '../module';
import { batchNormCore } from '../ops/batch-norm';
import { initParameter, type LayerInitOptions } from './layer-options';

export interface BatchNorm2dLayerOptions extends LayerInitOptions {
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /**
   * Weight of each new batch in the running statistics (default 0.1); null for a cumulative
   * average over all batches seen, as PyTorch's `momentum=None`.
   */
  momentum?: number | null;
  /** Learn a per-channel scale and shift (default true). */
  affine?: boolean;
  /** Keep running statistics for evaluation (default true); without them, batch statistics are always used. */
  trackRunningStats?: boolean;
}

/**
 * Batch normalisation layer (Ioffe & Szegedy 2015) over NCHW input, per channel:
 * [N, numFeatures, H, W] → same shape. Training mode normalises with the batch's statistics
 * and updates the running ones (momentum 0.1, unbiased variance, as PyTorch); evaluation
 * mode uses the running ones.
 *
 * State (PyTorch's names, so PyTorch checkpoints load): parameters `weight` (γ, default
 * ones) and `bias` (β, default zeros) when `affine`; buffers `running_mean` (zeros),
 * `running_var` (ones) and `num_batches_tracked` (int32 scalar) when `trackRunningStats`.
 * Ones and zeros make the layer start as a pure standardisation, which is what it is for.
 * @example
 * const bn = new BatchNorm2d(16);
 * bn.call(randn([8, 16, 12, 12])); // training: batch statistics
 * bn.eval().call(randn([1, 16, 12, 12])); // evaluation: running statistics
 */
export class BatchNorm2d extends Module {
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  readonly runningMean: Tensor | null;
  readonly runningVar: Tensor | null;
  readonly numBatchesTracked: Tensor | null;
  readonly eps: number;
  readonly momentum: number | null;

  constructor(
    readonly numFeatures: number,
    options: BatchNorm2dLayerOptions = {},
  ) {
    super();
    const layer = 'BatchNorm2d';
    positiveInt(numFeatures, layer, 'numFeatures');
    this.eps = numberIn(options.eps ?? 1e-5, 0, Number.MAX_VALUE, layer, 'eps');
    this.momentum =
      options.momentum === null ? null : numberIn(options.momentum ?? 0.1, 0, 1, layer, 'momentum');
    const dtype = options.dtype ?? 'float32';
    const affine = options.affine ?? true;
    this.weight = affine
      ? this.registerParameter(
          'weight',
          initParameter(options.weightInit ?? ones(), [numFeatures], options, layer, 'weightInit'),
        )
      : null;
    this.bias = affine
      ? this.registerParameter(
          'bias',
          initParameter(options.biasInit ?? zeros(), [numFeatures], options, layer, 'biasInit'),
        )
      : null;
    const track = options.trackRunningStats ?? true;
    this.runningMean = track
      ? this.registerBuffer('running_mean', zeroTensor([numFeatures], { dtype }))
      : null;
    this.runningVar = track
      ? this.registerBuffer('running_var', tensor(new Array(numFeatures).fill(1), { dtype }))
      : null;
    this.numBatchesTracked = track
      ? this.registerBuffer('num_batches_tracked', zeroTensor([], { dtype: 'int32' }))
      : null;
  }

  /** [N, numFeatures, H, W] → same shape. */
  override forward(x: Tensor): Tensor {
    if (x.rank !== 4) {
      throw new RangeError(
        `BatchNorm2d: expected a 4-d input [N, C, H, W], got shape ${formatShape(x.shape)}`,
      );
    }
    if (x.shape[1] !== this.numFeatures) {
      throw new RangeError(
        `BatchNorm2d: expected input with ${this.numFeatures} channels, got ${x.shape[1]}`,
      );
    }
    const useBatchStats = this.training || this.runningMean === null;
    const updating = this.training && this.numBatchesTracked !== null;
    // With momentum null the running statistics are the plain average of every batch so far.
    const seen = updating ? (this.numBatchesTracked as Tensor).data[0] + 1 : 0;
    const momentum = this.momentum ?? (updating ? 1 / seen : 0);
    const out = batchNormCore(
      x,
      {
        weight: this.weight,
        bias: this.bias,
        runningMean: this.runningMean,
        runningVar: this.runningVar,
        training: useBatchStats,
        momentum,
        eps: this.eps,
      },
      'BatchNorm2d',
    );
    if (updating) (this.numBatchesTracked as Tensor).data[0] = seen;
    return out;
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.weight !== null}, trackRunningStats=${this.runningMean !== null}`;
  }
}
