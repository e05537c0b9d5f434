import type { Initializer } from '@convkit/init';
import { formatShape, type Rng, type Shape, Tensor } from '@convkit/tensor';
import { floatDType } from './args';

/** How a layer of this package makes its parameters. */
export interface ParameterInitOptions {
  /** Seeded generator for the initialisers: same seed, same parameters. */
  rng?: Rng;
  /** dtype of the parameters (default float32). */
  dtype?: 'float32' | 'float64';
}

/** Runs an initialiser and checks that it kept its promise of shape and dtype. */
export function initParameter(
  init: Initializer,
  shape: Shape,
  options: ParameterInitOptions,
  layer: string,
  arg: string,
): Tensor {
  const dtype = floatDType(options.dtype, layer);
  if (typeof init !== 'function') {
    throw new TypeError(`${layer}: ${arg} must be an Initializer function, got ${typeof init}`);
  }
  const t = init(shape, { rng: options.rng, dtype });
  const same =
    t instanceof Tensor && t.dtype === dtype && formatShape(t.shape) === formatShape(shape);
  if (!same) {
    const got = t instanceof Tensor ? `${t.dtype} ${formatShape(t.shape)}` : typeof t;
    throw new TypeError(
      `${layer}: ${arg} must return a ${dtype} tensor of shape ${formatShape(shape)}, got ${got}`,
    );
  }
  // A fresh leaf: an initialiser may hand back a shared or graph-attached tensor.
  return t.isLeaf ? t : t.detach();
}
