import { defineOp, formatShape, Tensor, type TypedArray } from '@convkit/tensor';
import {
  batchNormForward,
  batchNormInputGrad,
  channelGradSums,
  channelStats,
} from '../internal/batch-norm-kernels';
import { allocate, expectFloat, expectParam, expectRank, numberIn } from '../internal/layer-args';

export interface BatchNorm2dOptions {
  /** Per-channel scale γ, shape [C]; none when omitted. */
  weight?: Tensor | null;
  /** Per-channel shift β, shape [C]; none when omitted. */
  bias?: Tensor | null;
  /** Running mean [C]: used in evaluation, updated in place in training. */
  runningMean?: Tensor | null;
  /** Running (unbiased) variance [C]: used in evaluation, updated in place in training. */
  runningVar?: Tensor | null;
  /** Normalise with the batch's statistics (true) or the running ones (false, default). */
  training?: boolean;
  /** Weight of the new batch in the running averages (default 0.1). */
  momentum?: number;
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
}

interface Dims {
  N: number;
  C: number;
  S: number;
}

const batchNormOp = defineOp({
  name: 'batchNorm2d',
  forward(
    x: Tensor,
    weight: Tensor | null,
    bias: Tensor | null,
    mean: Float64Array,
    invStd: Float64Array,
    batchStats: boolean,
  ) {
    const [N, C] = x.shape;
    const S = C === 0 || N === 0 ? 0 : x.size / (N * C);
    const out = allocate(x.dtype, x.size);
    const xhat = allocate(x.dtype, x.size);
    batchNormForward(
      x.data,
      mean,
      invStd,
      weight?.data ?? null,
      bias?.data ?? null,
      out,
      xhat,
      N,
      C,
      S,
    );
    const dims: Dims = { N, C, S };
    return {
      out: new Tensor(out, x.shape),
      saved: { x, weight, bias, xhat, invStd, batchStats, dims },
    };
  },
  backward(dOut, { x, weight, bias, xhat, invStd, batchStats, dims }) {
    const { N, C, S } = dims;
    const g = dOut.data;
    const needSums = batchStats || weight?.requiresGrad === true || bias?.requiresGrad === true;
    const sums = needSums ? channelGradSums(g, xhat, N, C, S) : null;
    let dx: Tensor | null = null;
    if (x.requiresGrad) {
      const data = allocate(x.dtype, x.size);
      batchNormInputGrad(
        g,
        xhat,
        invStd,
        weight?.data ?? null,
        batchStats ? sums : null,
        data,
        N,
        C,
        S,
      );
      dx = new Tensor(data, x.shape);
    }
    const grads: (Tensor | null)[] = [dx];
    if (weight !== null)
      grads.push(sums && weight.requiresGrad ? fromSums(sums.sumGX, weight) : null);
    if (bias !== null) grads.push(sums && bias.requiresGrad ? fromSums(sums.sumG, bias) : null);
    return grads;
  },
});

function fromSums(values: Float64Array, like: Tensor): Tensor {
  const data = allocate(like.dtype, values.length);
  data.set(values);
  return new Tensor(data, like.shape);
}

/**
 * Batch normalisation (Ioffe & Szegedy 2015) of an NCHW batch, per channel:
 * y = (x − μ)/√(σ² + eps)·γ + β. In training μ and σ² are the batch's (biased) statistics
 * over N, H, W and the running buffers, when given, are updated in place as PyTorch does:
 * running = (1 − momentum)·running + momentum·batch, with the *unbiased* batch variance.
 * In evaluation (`training: false`, the default) the running statistics are used. One fused
 * op: the backward pass differentiates through the batch statistics.
 * Shapes: x [N, C, H, W]; weight, bias, runningMean, runningVar [C] → [N, C, H, W].
 * @example
 * batchNorm2d(x, { weight, bias, runningMean, runningVar, training: true });
 */
export function batchNorm2d(x: Tensor, options: BatchNorm2dOptions = {}): Tensor {
  expectFloat(x, 'batchNorm2d', 'x');
  expectRank(x, 4, 'batchNorm2d', '[N, C, H, W]');
  return batchNormCore(x, options, 'batchNorm2d');
}

/** Batch norm of any [N, C, ...] input; `op` names the caller in errors. */
export function batchNormCore(x: Tensor, options: BatchNorm2dOptions, op: string): Tensor {
  const [N, C] = x.shape;
  const channels = [C];
  const weight = expectParam(options.weight, x, channels, op, 'weight');
  const bias = expectParam(options.bias, x, channels, op, 'bias');
  const runningMean = expectParam(options.runningMean, x, channels, op, 'runningMean');
  const runningVar = expectParam(options.runningVar, x, channels, op, 'runningVar');
  const training = options.training ?? false;
  const momentum = numberIn(options.momentum ?? 0.1, 0, 1, op, 'momentum');
  const eps = numberIn(options.eps ?? 1e-5, 0, Number.MAX_VALUE, op, 'eps');
  if ((runningMean === null) !== (runningVar === null)) {
    throw new TypeError(`${op}: runningMean and runningVar must be given together`);
  }
  const count = x.size / Math.max(C, 1);
  if (training && count <= 1) {
    throw new RangeError(
      `${op}: expected more than 1 value per channel when training, got input shape ${formatShape(x.shape)}`,
    );
  }
  if (!training && runningMean === null) {
    throw new TypeError(`${op}: runningMean and runningVar are needed when training is false`);
  }
  let mean: Float64Array;
  let variance: Float64Array;
  if (training) {
    ({ mean, variance } = channelStats(x.data, N, C, count / Math.max(N, 1)));
  } else {
    mean = Float64Array.from((runningMean as Tensor).data);
    variance = Float64Array.from((runningVar as Tensor).data);
  }
  const invStd = variance.map((v) => 1 / Math.sqrt(v + eps));
  const out = batchNormOp(x, weight, bias, mean, invStd, training);
  if (training && runningMean !== null && runningVar !== null) {
    updateRunning(runningMean.data, mean, momentum, 1);
    updateRunning(runningVar.data, variance, momentum, count / (count - 1));
  }
  return out;
}

function updateRunning(
  running: TypedArray,
  batch: Float64Array,
  momentum: number,
  correction: number,
): void {
  for (let c = 0; c < running.length; c++) {
    running[c] = (1 - momentum) * running[c] + momentum * batch[c] * correction;
  }
}
