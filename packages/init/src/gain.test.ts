import { describe, expect, it } from 'vitest';
import { calculateGain } from './gain';

describe('calculateGain', () => {
  it('follows PyTorch’s table exactly', () => {
    expect(calculateGain('linear')).toBe(1);
    expect(calculateGain('conv')).toBe(1);
    expect(calculateGain('sigmoid')).toBe(1);
    expect(calculateGain('tanh')).toBe(5 / 3);
    expect(calculateGain('relu')).toBe(Math.sqrt(2));
    expect(calculateGain('selu')).toBe(0.75);
  });

  it('uses √(2 / (1 + slope²)) for leakyRelu, slope 0.01 by default', () => {
    expect(calculateGain('leakyRelu')).toBe(Math.sqrt(2 / (1 + 0.01 ** 2)));
    expect(calculateGain('leakyRelu', 0.2)).toBe(Math.sqrt(2 / 1.04));
    expect(calculateGain('leakyRelu', 0)).toBe(Math.sqrt(2));
    // PyTorch's layer default a = √5 gives gain √(1/3).
    expect(calculateGain('leakyRelu', Math.sqrt(5))).toBeCloseTo(Math.sqrt(1 / 3), 15);
    // slope 1 is the identity.
    expect(calculateGain('leakyRelu', 1)).toBe(1);
  });

  it('ignores param for other nonlinearities, as PyTorch does', () => {
    expect(calculateGain('relu', 0.3)).toBe(Math.sqrt(2));
  });

  it('rejects unknown nonlinearities and bad slopes', () => {
    expect(() => calculateGain('gelu' as never)).toThrow(
      "calculateGain: nonlinearity must be one of 'linear', 'conv', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'selu', got 'gelu'",
    );
    expect(() => calculateGain('leakyRelu', Number.NaN)).toThrow(
      'calculateGain: param (the negative slope) must be a finite number, got NaN',
    );
  });
});
