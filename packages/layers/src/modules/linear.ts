import { heUniform, zeros } from '@convkit/init';
import type { Tensor } from '@convkit/tensor';
import { positiveInt } from '../internal/layer-args';
import { Module } from '../module';
import { linear } from '../ops/linear';
import { initParameter, type LayerInitOptions } from './layer-options';

export interface LinearLayerOptions extends LayerInitOptions {
  /** Learn a bias (default true). */
  bias?: boolean;
}

/**
 * Fully connected layer y = x·Wᵀ + b: [..., inFeatures] → [..., outFeatures], weight
 * [outFeatures, inFeatures], bias [outFeatures] (PyTorch's layout and names).
 *
 * Default initialisation: weight `heUniform()` — U(±√(6/inFeatures)) — since hidden linear
 * layers usually feed a ReLU and He et al. (2015) keeps their activations' scale; bias zeros.
 * (PyTorch's default `kaiming_uniform_(a=√5)` is about U(±1/√inFeatures).) For a final
 * layer feeding a softmax, `glorotUniform()` is a common alternative via `weightInit`.
 * @example
 * const fc = new Linear(400, 120, { rng: createRng(0) });
 * fc.call(randn([32, 400])); // [32, 120]
 */
export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: LinearLayerOptions = {},
  ) {
    super();
    positiveInt(inFeatures, 'Linear', 'inFeatures');
    positiveInt(outFeatures, 'Linear', 'outFeatures');
    const shape = [outFeatures, inFeatures];
    this.weight = this.registerParameter(
      'weight',
      initParameter(options.weightInit ?? heUniform(), shape, options, 'Linear', 'weightInit'),
    );
    this.bias =
      (options.bias ?? true)
        ? this.registerParameter(
            'bias',
            initParameter(
              options.biasInit ?? zeros(),
              [outFeatures],
              options,
              'Linear',
              'biasInit',
            ),
          )
        : null;
  }

  override forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}${this.bias === null ? ', bias=false' : ''}`;
  }
}
