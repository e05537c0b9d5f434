import type { Tensor } from '@convkit/tensor';
import {
  eluBackward,
  eluForward,
  geluExactBackward,
  geluExactForward,
  geluTanhBackward,
  geluTanhForward,
  hardtanhBackward,
  hardtanhForward,
  leakyReluBackward,
  leakyReluForward,
  siluBackward,
  siluForward,
  softplusBackward,
  softplusForward,
} from '../internal/activation-kernels';
import { elementwiseOp } from '../internal/elementwise-op';
import { expectFloat, finiteNumber, oneOf } from '../internal/layer-args';

// relu, sigmoid, tanh, softmax and logSoftmax live in @convkit/tensor; re-exported so that a
// layers user finds every activation in one place. relu's gradient at exactly 0 is 0.
export { logSoftmax, relu, sigmoid, softmax, tanh } from '@convkit/tensor';

// Every activation below is one fused op (forward and backward loops side by side in
// internal/activation-kernels.ts): they run on every feature map, so speed matters.
const leakyReluOp = elementwiseOp('leakyRelu', leakyReluForward, leakyReluBackward);
const eluOp = elementwiseOp('elu', eluForward, eluBackward);
const seluOp = elementwiseOp('selu', eluForward, eluBackward);
const geluOp = elementwiseOp('gelu', geluExactForward, geluExactBackward);
const geluTanhOp = elementwiseOp('gelu', geluTanhForward, geluTanhBackward);
const siluOp = elementwiseOp('silu', siluForward, siluBackward);
const softplusOp = elementwiseOp('softplus', softplusForward, softplusBackward);
const hardtanhOp = elementwiseOp('hardtanh', hardtanhForward, hardtanhBackward);

export interface LeakyReluOptions {
  /** Slope for x ≤ 0 (default 0.01). */
  negativeSlope?: number;
}

/**
 * Leaky ReLU: x for x > 0, negativeSlope·x otherwise (gradient negativeSlope at 0). Any shape.
 * @example
 * leakyRelu(tensor([-2, 3]), { negativeSlope: 0.1 }); // [-0.2, 3]
 */
export function leakyRelu(x: Tensor, options: LeakyReluOptions = {}): Tensor {
  expectFloat(x, 'leakyRelu', 'x');
  const slope = finiteNumber(options.negativeSlope ?? 0.01, 'leakyRelu', 'negativeSlope');
  return leakyReluOp(x, { slope });
}

export interface EluOptions {
  /** Scale of the negative part (default 1). */
  alpha?: number;
}

/**
 * ELU (Clevert et al. 2015): x for x > 0, α·(eˣ − 1) otherwise. Any shape.
 * @example
 * elu(tensor([-1, 2])); // [-0.632, 2]
 */
export function elu(x: Tensor, options: EluOptions = {}): Tensor {
  expectFloat(x, 'elu', 'x');
  const alpha = finiteNumber(options.alpha ?? 1, 'elu', 'alpha');
  return eluOp(x, { alpha, scale: 1 });
}

/** SELU's α and λ (Klambauer et al. 2017), to the digits PyTorch uses. */
export const SELU_ALPHA = 1.6732632423543772;
export const SELU_SCALE = 1.0507009873554805;

/**
 * SELU (Klambauer et al. 2017): λ·x for x > 0, λ·α·(eˣ − 1) otherwise, with the fixed
 * self-normalising constants α ≈ 1.6733, λ ≈ 1.0507. Any shape.
 * @example
 * selu(tensor([1])); // [1.0507]
 */
export function selu(x: Tensor): Tensor {
  expectFloat(x, 'selu', 'x');
  return seluOp(x, { alpha: SELU_ALPHA, scale: SELU_SCALE });
}

export interface GeluOptions {
  /** `'none'` (default): exact x·Φ(x) with an accurate erf; `'tanh'`: the tanh approximation. */
  approximate?: 'none' | 'tanh';
}

/**
 * GELU (Hendrycks & Gimpel 2016): x·Φ(x), Φ the standard normal CDF. With
 * `approximate: 'tanh'`: ½x(1 + tanh(√(2/π)(x + 0.044715x³))), as in PyTorch. Any shape.
 * @example
 * gelu(tensor([1])); // [0.8413]
 * gelu(tensor([1]), { approximate: 'tanh' }); // [0.8412]
 */
export function gelu(x: Tensor, options: GeluOptions = {}): Tensor {
  expectFloat(x, 'gelu', 'x');
  const approximate = oneOf(options.approximate ?? 'none', ['none', 'tanh'], 'gelu', 'approximate');
  return approximate === 'tanh' ? geluTanhOp(x, undefined) : geluOp(x, undefined);
}

/**
 * SiLU, also called swish: x·σ(x). Any shape.
 * @example
 * silu(tensor([0, 1])); // [0, 0.7311]
 */
export function silu(x: Tensor): Tensor {
  expectFloat(x, 'silu', 'x');
  return siluOp(x, undefined);
}

export interface SoftplusOptions {
  /** Sharpness β (default 1). */
  beta?: number;
  /** Above β·x > threshold the function is taken as linear (default 20), as in PyTorch. */
  threshold?: number;
}

/**
 * Softplus: (1/β)·log(1 + e^(βx)), a smooth ReLU; exactly x once βx > threshold. Computed
 * as max(βx, 0) + log1p(e^(−|βx|)) so it never overflows. Any shape.
 * @example
 * softplus(tensor([0])); // [0.6931]
 */
export function softplus(x: Tensor, options: SoftplusOptions = {}): Tensor {
  expectFloat(x, 'softplus', 'x');
  const beta = finiteNumber(options.beta ?? 1, 'softplus', 'beta');
  if (beta <= 0) throw new RangeError(`softplus: beta must be positive, got ${beta}`);
  const threshold = finiteNumber(options.threshold ?? 20, 'softplus', 'threshold');
  return softplusOp(x, { beta, threshold });
}

export interface HardtanhOptions {
  /** Lower bound (default −1). */
  minVal?: number;
  /** Upper bound (default 1). */
  maxVal?: number;
}

/**
 * Hardtanh: x clamped to [minVal, maxVal]; gradient 1 strictly inside, 0 outside and on the
 * bounds (PyTorch's convention). Any shape.
 * @example
 * hardtanh(tensor([-3, 0.5, 3])); // [-1, 0.5, 1]
 */
export function hardtanh(x: Tensor, options: HardtanhOptions = {}): Tensor {
  expectFloat(x, 'hardtanh', 'x');
  const minVal = finiteNumber(options.minVal ?? -1, 'hardtanh', 'minVal');
  const maxVal = finiteNumber(options.maxVal ?? 1, 'hardtanh', 'maxVal');
  if (!(minVal < maxVal)) {
    throw new RangeError(`hardtanh: minVal must be less than maxVal, got ${minVal} and ${maxVal}`);
  }
  return hardtanhOp(x, { minVal, maxVal });
}
