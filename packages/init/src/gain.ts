import { checkOneOf, describeValue } from './internal/validate';
import type { Nonlinearity } from './types';

/** Every nonlinearity `calculateGain` knows, in its table order. */
export const NONLINEARITIES: readonly Nonlinearity[] = [
  'linear',
  'conv',
  'sigmoid',
  'tanh',
  'relu',
  'leakyRelu',
  'selu',
];

/** PyTorch's default negative slope for `leakyRelu` when none is given. */
export const DEFAULT_NEGATIVE_SLOPE = 0.01;

/**
 * The recommended gain for a nonlinearity: the factor by which to scale a weight's std so
 * that the signal's variance is kept through the layer. The table is PyTorch's
 * `torch.nn.init.calculate_gain`:
 *
 * | nonlinearity | gain |
 * | --- | --- |
 * | linear, conv, sigmoid | 1 |
 * | tanh | 5/3 |
 * | relu | √2 (ReLU zeroes half the signal, He et al. 2015) |
 * | leakyRelu | √(2 / (1 + slope²)), slope = `param` (default 0.01) |
 * | selu | 3/4 (PyTorch's choice; use `lecunNormal` for self-normalising nets) |
 *
 * `param` is only read for `leakyRelu` (as in PyTorch).
 * @example
 * calculateGain('relu'); // 1.4142…
 * calculateGain('leakyRelu', 0.2); // √(2 / 1.04) = 1.3868…
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  checkOneOf(nonlinearity, NONLINEARITIES, 'calculateGain', 'nonlinearity');
  switch (nonlinearity) {
    case 'linear':
    case 'conv':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leakyRelu': {
      const slope = param ?? DEFAULT_NEGATIVE_SLOPE;
      if (typeof slope !== 'number' || !Number.isFinite(slope)) {
        throw new RangeError(
          `calculateGain: param (the negative slope) must be a finite number, got ${describeValue(slope)}`,
        );
      }
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
  }
}
