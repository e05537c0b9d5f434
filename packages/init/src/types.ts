import type { FloatDType, Rng, Shape, Tensor } from '@convkit/tensor';

/** Where an initialiser draws from and what it makes. */
export interface InitOptions {
  /** Seeded generator to draw from; `defaultRng()` of `@convkit/tensor` when omitted. */
  rng?: Rng;
  /** Element type of the result; `'float32'` when omitted. */
  dtype?: FloatDType;
}

/**
 * Makes a fresh tensor of `shape`. Every initialiser of this package is one of these, made by
 * a factory (`heNormal()`, `glorotUniform({ gain })`, …).
 */
export type Initializer = (shape: Shape, options?: InitOptions) => Tensor;

/** Nonlinearities with a known recommended gain (see `calculateGain`). */
export type Nonlinearity = 'linear' | 'conv' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'selu';

/** Which fan a He initialiser preserves: the forward signal (`fanIn`) or the gradient (`fanOut`). */
export type FanMode = 'fanIn' | 'fanOut';

/**
 * What an initialiser draws for one shape, in numbers a learner can check: the fans and gain
 * it used, and the mean, std and bound of the distribution it samples from.
 */
export interface InitDescription {
  /** The factory's name, e.g. `'heNormal'`. */
  rule: string;
  /** Fans used by the rule; null where the rule does not use fans. */
  fanIn: number | null;
  fanOut: number | null;
  /** Gain applied by the rule; null where it has none. */
  gain: number | null;
  /** Expected mean of the elements. */
  mean: number;
  /** Expected standard deviation of the elements (root mean square about `mean`). */
  std: number;
  /** Largest possible |value| (the `a` of U(-a, a), a truncation bound, …); null when unbounded. */
  bound: number | null;
}

/** An `Initializer` that can also say, without drawing, what it would draw for a shape. */
export interface DescribedInitializer extends Initializer {
  readonly rule: string;
  /** The distribution this initialiser samples for `shape`; throws where it would throw. */
  describe(shape: Shape): InitDescription;
}
