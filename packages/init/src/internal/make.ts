import { defaultRng, type FloatDType, type Rng, type Shape, Tensor } from '@convkit/tensor';
import type { DescribedInitializer, InitDescription, InitOptions } from '../types';
import { checkShape, describeValue } from './validate';

/**
 * Fills `out` (float64, row-major, one slot per element of `shape`) with draws. Sampling
 * always happens in float64 so float32 and float64 results come from the same draws.
 */
export type Sampler = (out: Float64Array, shape: readonly number[], rng: Rng) => void;

export interface InitializerSpec {
  rule: string;
  /** Validates `shape` (throwing with `rule` as op name) and says what will be drawn. */
  describe(shape: readonly number[]): InitDescription;
  sample: Sampler;
}

/** Builds a `DescribedInitializer` from a rule: validation, sampling in float64, casting. */
export function makeInitializer(spec: InitializerSpec): DescribedInitializer {
  const { rule } = spec;
  const init = (shape: Shape, options: InitOptions = {}): Tensor => {
    const s = checkShape(shape, rule);
    const { rng, dtype } = resolveOptions(options, rule);
    spec.describe(s);
    const size = s.reduce((p, d) => p * d, 1);
    const draws = new Float64Array(size);
    if (size > 0) spec.sample(draws, s, rng);
    return new Tensor(dtype === 'float64' ? draws : new Float32Array(draws), s);
  };
  Object.defineProperty(init, 'name', { value: rule });
  Object.defineProperty(init, 'rule', { value: rule, enumerable: true });
  Object.defineProperty(init, 'describe', {
    value: (shape: Shape) => spec.describe(checkShape(shape, rule)),
    enumerable: true,
  });
  return init as DescribedInitializer;
}

/** The generator and dtype an initialiser uses: the given ones, or `defaultRng()` and float32. */
export function resolveOptions(options: InitOptions, op: string): { rng: Rng; dtype: FloatDType } {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${op}: options must be { rng?, dtype? }, got ${describeValue(options)}`);
  }
  if (isRng(options)) {
    // init(shape, rng) would otherwise draw from the default generator and ignore the seed.
    throw new TypeError(`${op}: options must be { rng?, dtype? }, got an Rng; pass it as { rng }`);
  }
  for (const key of Object.keys(options)) {
    if (key !== 'rng' && key !== 'dtype') {
      throw new RangeError(`${op}: unknown option ${key}; initialisers take rng, dtype`);
    }
  }
  const dtype = options.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new TypeError(`${op}: dtype must be 'float32' or 'float64', got ${describeValue(dtype)}`);
  }
  const rng = options.rng ?? defaultRng();
  if (!isRng(rng)) {
    throw new TypeError(`${op}: rng must be an Rng (from createRng), got ${describeValue(rng)}`);
  }
  return { rng, dtype };
}

function isRng(value: unknown): value is Rng {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as Rng).random === 'function' &&
    typeof (value as Rng).normal === 'function'
  );
}
