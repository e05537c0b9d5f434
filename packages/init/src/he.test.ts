import { createRng } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import { heNormal, heUniform } from './he';
import { meanTolerance, sampleStats, varianceTolerance } from './internal/test-stats';

describe('heUniform / heNormal', () => {
  it('default to ReLU and fanIn: std √(2/fanIn)', () => {
    // Conv2d(3, 64, 3): weight [64, 3, 3, 3], fanIn 27.
    expect(heNormal().describe([64, 3, 3, 3])).toEqual({
      rule: 'heNormal',
      fanIn: 27,
      fanOut: 576,
      gain: Math.SQRT2,
      mean: 0,
      std: Math.SQRT2 / Math.sqrt(27),
      bound: null,
    });
    expect(heUniform().describe([64, 3, 3, 3]).bound).toBeCloseTo(Math.sqrt(6 / 27), 15);
  });

  it('take mode, nonlinearity and negativeSlope', () => {
    expect(heNormal({ mode: 'fanOut' }).describe([64, 3, 3, 3]).std).toBeCloseTo(
      Math.sqrt(2 / 576),
      15,
    );
    expect(
      heNormal({ nonlinearity: 'leakyRelu', negativeSlope: 0.2 }).describe([10, 50]).std,
    ).toBeCloseTo(Math.sqrt(2 / 1.04 / 50), 15);
    // PyTorch's nn.Conv2d / nn.Linear default, kaiming_uniform_(a=√5): bound 1/√fanIn.
    expect(
      heUniform({ nonlinearity: 'leakyRelu', negativeSlope: Math.sqrt(5) }).describe([10, 50])
        .bound,
    ).toBeCloseTo(1 / Math.sqrt(50), 15);
    expect(heNormal({ nonlinearity: 'tanh' }).describe([10, 50]).gain).toBe(5 / 3);
  });

  it('sample variance gain²/fan (5 standard errors at n = 2e5)', () => {
    const shape = [500, 40, 5, 2]; // fanIn 400, fanOut 5000
    const n = 200_000;
    for (const [init, variance, kurtosis] of [
      [heNormal(), 2 / 400, 3],
      [heUniform(), 2 / 400, 1.8],
      [heNormal({ mode: 'fanOut' }), 2 / 5000, 3],
    ] as const) {
      const s = sampleStats(init(shape, { rng: createRng(8), dtype: 'float64' }).data);
      expect(Math.abs(s.mean)).toBeLessThan(meanTolerance(Math.sqrt(variance), n));
      expect(Math.abs(s.variance - variance)).toBeLessThan(
        varianceTolerance(variance, n, kurtosis),
      );
    }
  });

  it('rejects negativeSlope without leakyRelu, and bad modes', () => {
    expect(() => heNormal({ negativeSlope: 0.1 })).toThrow(
      "heNormal: negativeSlope only applies to nonlinearity 'leakyRelu', got nonlinearity 'relu'",
    );
    expect(() => heUniform({ mode: 'fanAvg' as never })).toThrow(
      "heUniform: mode must be one of 'fanIn', 'fanOut', got 'fanAvg'",
    );
    expect(() => heUniform({ nonlinearity: 'swish' as never })).toThrow(
      "heUniform: nonlinearity must be one of 'linear', 'conv', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'selu', got 'swish'",
    );
    expect(() => heNormal()([3])).toThrow('heNormal: shape must have rank ≥ 2');
  });
});
