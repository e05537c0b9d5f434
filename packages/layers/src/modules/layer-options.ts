import type { Initializer } from '@convkit/init';
import { type FloatDType, formatShape, type Rng, type Shape, Tensor } from '@convkit/tensor';
import { sameShape } from '../internal/layer-args';

/** How a layer makes its initial parameters; every layer with parameters accepts these. */
export interface LayerInitOptions {
  /** Initialiser of the weight (each layer documents its default and why). */
  weightInit?: Initializer;
  /** Initialiser of the bias (default zeros). */
  biasInit?: Initializer;
  /** Seeded generator for the initialisers: same seed, same parameters. */
  rng?: Rng;
  /** dtype of the parameters (default float32). */
  dtype?: FloatDType;
}

/** Runs an initialiser and checks that it kept its promise of shape and dtype. */
export function initParameter(
  init: Initializer,
  shape: Shape,
  options: LayerInitOptions,
  layer: string,
  arg: string,
): Tensor {
  const dtype = options.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new TypeError(`${layer}: dtype must be 'float32' or 'float64', got ${String(dtype)}`);
  }
  if (typeof init !== 'function') {
    throw new TypeError(`${layer}: ${arg} must be an Initializer function, got ${typeof init}`);
  }
  const t = init(shape, { rng: options.rng, dtype });
  if (!(t instanceof Tensor) || !sameShape(t.shape, shape) || t.dtype !== dtype) {
    const got = t instanceof Tensor ? `${t.dtype} ${formatShape(t.shape)}` : typeof t;
    throw new TypeError(
      `${layer}: ${arg} must return a ${dtype} tensor of shape ${formatShape(shape)}, got ${got}`,
    );
  }
  // A fresh leaf: an initialiser may hand back a shared or graph-attached tensor.
  return t.isLeaf ? t : t.detach();
}
