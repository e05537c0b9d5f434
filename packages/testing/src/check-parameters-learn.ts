import { createRng, noGrad, type Rng, randn, type Tensor } from '@convkit/tensor';

/**
 * What `checkParametersLearn` needs of a module: duck-typed, so that this package does not
 * depend on `@convkit/layers` and any third-party layer class qualifies.
 */
export interface LearnableModule {
  namedParameters(): [string, Tensor][];
  forward(x: Tensor): Tensor;
}

export interface CheckParametersLearnOptions {
  /**
   * Scalar loss of the module's output. Default: Σ (y ⊙ r)² with a fixed random r, which
   * weighs every output element differently, so no symmetry can cancel a gradient.
   */
  loss?: (output: Tensor) => Tensor;
  /** Step size of the plain SGD step (default 0.1). */
  lr?: number;
  /** Generator of the random projection r (default seed 0). */
  rng?: Rng;
}

/** What the check saw, for tests that want to assert more. */
export interface ParametersLearnReport {
  /** Names of the parameters checked (those with `requiresGrad`), in order. */
  parameters: string[];
  /** The loss before the step. */
  loss: number;
}

/**
 * Checks that every trainable parameter of a layer can learn: runs forward on `input`, a
 * scalar loss and backward, asserts that each parameter got a gradient that is finite
 * everywhere and non-zero somewhere, applies one SGD step p ← p − lr·∂L/∂p and asserts
 * that each parameter changed. Throws an error naming the first parameter that fails.
 * Parameter values and gradients are restored afterwards, so the module is left as it was.
 * @example
 * checkParametersLearn(new Conv2d(3, 4, 3), randn([2, 3, 8, 8]));
 */
export function checkParametersLearn(
  module: LearnableModule,
  input: Tensor,
  options: CheckParametersLearnOptions = {},
): ParametersLearnReport {
  const op = 'checkParametersLearn';
  if (typeof module?.namedParameters !== 'function' || typeof module.forward !== 'function') {
    throw new TypeError(`${op}: module must have namedParameters() and forward(x)`);
  }
  const lr = options.lr ?? 0.1;
  if (!(lr > 0) || !Number.isFinite(lr))
    throw new RangeError(`${op}: lr must be a positive number, got ${lr}`);
  const params = module.namedParameters().filter(([, p]) => p.requiresGrad);
  if (params.length === 0)
    throw new Error(`${op}: the module has no trainable parameters to check`);

  const savedValues = params.map(([, p]) => p.data.slice());
  const savedGrads = params.map(([, p]) => p.grad);
  try {
    for (const [, p] of params) p.grad = null;
    const output = module.forward(input);
    const loss = (options.loss ?? projectedSquares(output, options.rng ?? createRng(0)))(output);
    if (loss.size !== 1)
      throw new Error(`${op}: loss must have one element, got shape [${loss.shape.join(', ')}]`);
    const lossValue = loss.item();
    if (!Number.isFinite(lossValue)) throw new Error(`${op}: the loss is ${lossValue}`);
    loss.backward();

    for (const [name, p] of params) {
      const grad = p.grad as Tensor | null;
      if (grad === null) throw new Error(`${op}: parameter '${name}' got no gradient`);
      let nonZero = false;
      for (let i = 0; i < grad.size; i++) {
        const g = grad.data[i];
        if (!Number.isFinite(g)) {
          throw new Error(
            `${op}: parameter '${name}' has a non-finite gradient ${g} at flat index ${i}`,
          );
        }
        if (g !== 0) nonZero = true;
      }
      if (!nonZero && p.size > 0)
        throw new Error(`${op}: parameter '${name}' got an all-zero gradient`);
    }

    noGrad(() => {
      for (const [, p] of params) {
        const g = (p.grad as Tensor).data;
        for (let i = 0; i < p.size; i++) p.data[i] -= lr * g[i];
      }
    });
    params.forEach(([name, p], k) => {
      const before = savedValues[k];
      let changed = p.size === 0;
      for (let i = 0; i < p.size && !changed; i++) changed = p.data[i] !== before[i];
      if (!changed)
        throw new Error(
          `${op}: parameter '${name}' did not change after an SGD step with lr ${lr}`,
        );
    });
    return { parameters: params.map(([name]) => name), loss: lossValue };
  } finally {
    params.forEach(([, p], k) => {
      p.data.set(savedValues[k]);
      p.grad = savedGrads[k];
    });
  }
}

function projectedSquares(output: Tensor, rng: Rng): (y: Tensor) => Tensor {
  const dtype = output.dtype === 'float64' ? 'float64' : 'float32';
  const r = randn(output.shape, { dtype, rng });
  return (y) => {
    const z = y.mul(r);
    return z.mul(z).sum();
  };
}
