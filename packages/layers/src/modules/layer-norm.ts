import { ones, zeros } from '@convkit/init';
import { formatShape, type Tensor } from '@convkit/tensor';
import { describeValue, numberIn } from '../internal/layer-args';
import { Module } from '../module';
import { layerNorm } from '../ops/layer-norm';
import { initParameter, type LayerInitOptions } from './layer-options';

export interface LayerNormLayerOptions extends LayerInitOptions {
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Learn an element-wise scale (and shift) of shape normalizedShape (default true). */
  elementwiseAffine?: boolean;
  /** Learn the shift too when `elementwiseAffine` (default true). */
  bias?: boolean;
}

/**
 * Layer normalisation (Ba et al. 2016) over the trailing `normalizedShape` dimensions:
 * [..., *normalizedShape] → same shape; identical in training and evaluation. Parameters
 * `weight` (γ, default ones) and `bias` (β, default zeros) of shape normalizedShape, so the
 * layer starts as a pure standardisation.
 * @example
 * new LayerNorm([16, 8, 8]).call(randn([4, 16, 8, 8])); // per-sample over C, H, W
 */
export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  readonly eps: number;

  constructor(normalizedShape: number | readonly number[], options: LayerNormLayerOptions = {}) {
    super();
    const layer = 'LayerNorm';
    const shape =
      typeof normalizedShape === 'number' ? [normalizedShape] : [...(normalizedShape ?? [])];
    if (shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d >= 1)) {
      throw new RangeError(
        `${layer}: normalizedShape must be a positive integer or a non-empty array of them, got ${describeValue(normalizedShape)}`,
      );
    }
    this.normalizedShape = shape;
    this.eps = numberIn(options.eps ?? 1e-5, 0, Number.MAX_VALUE, layer, 'eps');
    const affine = options.elementwiseAffine ?? true;
    this.weight = affine
      ? this.registerParameter(
          'weight',
          initParameter(options.weightInit ?? ones(), shape, options, layer, 'weightInit'),
        )
      : null;
    this.bias =
      affine && (options.bias ?? true)
        ? this.registerParameter(
            'bias',
            initParameter(options.biasInit ?? zeros(), shape, options, layer, 'biasInit'),
          )
        : null;
  }

  override forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, {
      weight: this.weight,
      bias: this.bias,
      eps: this.eps,
    });
  }

  override extraRepr(): string {
    return `${formatShape(this.normalizedShape)}, eps=${this.eps}, elementwiseAffine=${this.weight !== null}`;
  }
}
