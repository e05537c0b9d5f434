import { formatShape, noGrad, Tensor } from '@convkit/tensor';

/** How the mismatch between filtered images is scored. */
export type MatchingLoss = 'mse' | 'rmse';

/**
 * The "learn a filter from its output" problem: an image I, a target output I ⋆ k* made with
 * an unknown kernel k*, and a candidate kernel k scored by the mean squared difference of
 * I ⋆ k and I ⋆ k* over all 'valid' positions.
 *
 * Because convolution is linear in the kernel, that loss is exactly a quadratic form in the
 * kernel difference d = k − k*: MSE = dᵀ A d with A = PᵀP / n, where the rows of P are the
 * image's n patches. `FilterMatching` computes A once, so every loss evaluation costs K²
 * operations (K = kH·kW) instead of a full convolution — which makes landscapes over θ and
 * hundreds of recovery runs cheap — and it is differentiable in k through ordinary tensor ops.
 * @example
 * const problem = new FilterMatching(image, 11);
 * const loss = problem.loss(kernel, targetKernel, 'mse');
 */
export class FilterMatching {
  /** The patch Gram matrix A, `[K, K]`, float64. */
  readonly gram: Tensor;
  readonly kernelSize: number;
  /** Number of valid positions n. */
  readonly positions: number;

  constructor(image: Tensor, kernelSize: number) {
    if (
      !(image instanceof Tensor) ||
      image.dtype === 'int32' ||
      (image.rank !== 2 && image.rank !== 4)
    ) {
      throw new TypeError(
        `FilterMatching: image must be a float [H, W] or [1, 1, H, W] tensor, got ${image instanceof Tensor ? `${image.dtype} ${formatShape(image.shape)}` : String(image)}`,
      );
    }
    if (image.rank === 4 && (image.shape[0] !== 1 || image.shape[1] !== 1)) {
      throw new RangeError(
        `FilterMatching: image must hold one grey-level image [1, 1, H, W], got ${formatShape(image.shape)}`,
      );
    }
    const height = image.shape[image.rank - 2];
    const width = image.shape[image.rank - 1];
    if (!Number.isInteger(kernelSize) || kernelSize < 1 || kernelSize > Math.min(height, width)) {
      throw new RangeError(
        `FilterMatching: kernelSize must be an integer in [1, ${Math.min(height, width)}] for a ${height}×${width} image, got ${kernelSize}`,
      );
    }
    this.kernelSize = kernelSize;
    const outH = height - kernelSize + 1;
    const outW = width - kernelSize + 1;
    this.positions = outH * outW;
    const taps = kernelSize * kernelSize;
    const gram = new Float64Array(taps * taps);
    const patch = new Float64Array(taps);
    const pixels = image.data;
    for (let y = 0; y < outH; y++) {
      for (let x = 0; x < outW; x++) {
        for (let i = 0, t = 0; i < kernelSize; i++) {
          const row = (y + i) * width + x;
          for (let j = 0; j < kernelSize; j++, t++) patch[t] = pixels[row + j];
        }
        // Upper triangle only; mirrored below.
        for (let a = 0; a < taps; a++) {
          const pa = patch[a];
          const base = a * taps;
          for (let b = a; b < taps; b++) gram[base + b] += pa * patch[b];
        }
      }
    }
    for (let a = 0; a < taps; a++) {
      for (let b = a; b < taps; b++) {
        gram[a * taps + b] /= this.positions;
        gram[b * taps + a] = gram[a * taps + b];
      }
    }
    this.gram = new Tensor(gram, [taps, taps]);
  }

  /**
   * The loss of `kernel` against `target` (both `[kH, kW]` or with leading size-1 dims),
   * differentiable in `kernel`: MSE = dᵀAd, or RMSE = √MSE.
   */
  loss(kernel: Tensor, target: Tensor, kind: MatchingLoss = 'mse'): Tensor {
    const taps = this.kernelSize * this.kernelSize;
    for (const [name, t] of [
      ['kernel', kernel],
      ['target', target],
    ] as const) {
      if (!(t instanceof Tensor) || t.size !== taps) {
        throw new RangeError(
          `FilterMatching.loss: ${name} must hold ${this.kernelSize}×${this.kernelSize} values, got ${t instanceof Tensor ? formatShape(t.shape) : String(t)}`,
        );
      }
    }
    const difference = kernel
      .to('float64')
      .reshape([1, taps])
      .sub(target.to('float64').reshape([1, taps]));
    const mse = difference.matmul(this.gram).mul(difference).sum();
    return kind === 'rmse' ? mse.sqrt() : mse;
  }

  /** The energy k*ᵀ A k* of the target's output: the loss of the all-zero kernel. */
  energy(target: Tensor): number {
    return noGrad(() => this.loss(Tensor.full(target.shape, 0, 'float64'), target).item());
  }
}
