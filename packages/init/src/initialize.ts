import { formatShape, type Rng, Tensor } from '@convkit/tensor';
import { describeValue } from './internal/validate';
import type { Initializer } from './types';

/**
 * Re-initialises an existing tensor in place: draws `init(target.shape, { rng, dtype })` and
 * copies it into `target.data`, then returns `target` (PyTorch's `nn.init.*_` form). The
 * write is not recorded by autograd, so use it on parameters, not on intermediate results.
 * @example
 * const weight = zeros([16, 3, 3, 3]);
 * initialize(weight, heNormal(), { rng: createRng(1) });
 */
export function initialize(target: Tensor, init: Initializer, options?: { rng?: Rng }): Tensor {
  if (!(target instanceof Tensor)) {
    throw new TypeError(`initialize: target must be a Tensor, got ${describeValue(target)}`);
  }
  if (target.dtype !== 'float32' && target.dtype !== 'float64') {
    throw new TypeError(`initialize: target must be float32 or float64, got ${target.dtype}`);
  }
  if (typeof init !== 'function') {
    throw new TypeError(
      `initialize: init must be an Initializer such as heNormal(), got ${describeValue(init)}`,
    );
  }
  if (options !== undefined) {
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      throw new TypeError(`initialize: options must be { rng? }, got ${describeValue(options)}`);
    }
    if (typeof (options as { random?: unknown }).random === 'function') {
      // initialize(w, init, rng) would otherwise draw from the default generator.
      throw new TypeError('initialize: options must be { rng? }, got an Rng; pass it as { rng }');
    }
    for (const key of Object.keys(options)) {
      if (key !== 'rng') {
        throw new RangeError(
          `initialize: unknown option ${key}; initialize takes rng (the dtype is the target's)`,
        );
      }
    }
  }
  const fresh = init(target.shape, { rng: options?.rng, dtype: target.dtype }) as unknown;
  if (typeof fresh === 'function') {
    // initialize(w, heNormal): the factory was passed, and calling it built an initialiser.
    throw new TypeError(
      `initialize: init must be an Initializer such as ${init.name}(), got the factory ${init.name} itself; call it: ${init.name}()`,
    );
  }
  if (
    !(fresh instanceof Tensor) ||
    fresh.dtype !== target.dtype ||
    fresh.shape.length !== target.shape.length ||
    fresh.shape.some((d, i) => d !== target.shape[i])
  ) {
    throw new TypeError(
      `initialize: init must return a ${target.dtype} tensor of shape ${formatShape(target.shape)}, ` +
        `got ${fresh instanceof Tensor ? `${fresh.dtype} ${formatShape(fresh.shape)}` : describeValue(fresh)}`,
    );
  }
  target.data.set(fresh.data);
  return target;
}
