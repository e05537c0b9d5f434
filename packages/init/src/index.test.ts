import { createRng, manualSeed } from '@convkit/tensor';
import { describe, expect, it } from 'vitest';
import {
  constant,
  type DescribedInitializer,
  dirac,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
  normal,
  ones,
  orthogonal,
  sparse,
  truncatedNormal,
  uniform,
  varianceScaling,
  zeros,
} from './index';
import { meanTolerance, sampleStats, varianceTolerance } from './internal/test-stats';

// Every initialiser, with a shape it accepts and the kurtosis bound used for its variance check.
const ALL: [string, DescribedInitializer, number[], number][] = [
  ['zeros', zeros(), [30, 20], 3],
  ['ones', ones(), [30, 20], 3],
  ['constant', constant(-0.25), [30, 20], 3],
  ['uniform', uniform({ low: -1, high: 3 }), [300, 200], 1.8],
  ['normal', normal({ mean: 0.5, std: 2 }), [300, 200], 3],
  ['truncatedNormal', truncatedNormal({ std: 0.1, low: -0.05 }), [300, 200], 3],
  ['varianceScaling', varianceScaling({ scale: 0.5, mode: 'fanAvg' }), [30, 20, 5, 5], 3],
  ['glorotUniform', glorotUniform(), [30, 20, 5, 5], 1.8],
  ['glorotNormal', glorotNormal({ gain: 2 }), [30, 20, 5, 5], 3],
  ['heUniform', heUniform({ mode: 'fanOut' }), [30, 20, 5, 5], 1.8],
  ['heNormal', heNormal(), [30, 20, 5, 5], 3],
  ['lecunUniform', lecunUniform(), [300, 200], 1.8],
  ['lecunNormal', lecunNormal(), [300, 200], 3],
  ['orthogonal', orthogonal({ gain: 1.5 }), [60, 20, 5, 5], 3],
  ['dirac', dirac(), [30, 20, 5, 5], 3],
  ['sparse', sparse({ sparsity: 0.3, std: 0.2 }), [300, 200], 3 / 0.7],
];

/** Index of the first element where a and b differ (Object.is), or -1 when identical. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

describe('every initialiser', () => {
  it('is deterministic: same seed, same bits; a different seed differs (if it draws)', () => {
    for (const [name, init, shape] of ALL) {
      const a = init(shape, { rng: createRng(42), dtype: 'float64' });
      const b = init(shape, { rng: createRng(42), dtype: 'float64' });
      expect(firstDifference(a.data, b.data), name).toBe(-1);
      const c = init(shape, { rng: createRng(43), dtype: 'float64' });
      const draws = !['zeros', 'ones', 'constant', 'dirac'].includes(name);
      expect(firstDifference(a.data, c.data) !== -1, name).toBe(draws);
    }
  });

  it('makes float32 from the same draws as float64 (float32 just rounds)', () => {
    for (const [name, init, shape] of ALL) {
      const f64 = init(shape, { rng: createRng(7), dtype: 'float64' });
      const rng = createRng(7);
      const f32 = init(shape, { rng });
      expect(f32.dtype, name).toBe('float32');
      expect(firstDifference(f32.data, Float32Array.from(f64.data)), name).toBe(-1);
      // The generator advanced by the same number of draws: the next value matches too.
      const after = createRng(7);
      init(shape, { rng: after, dtype: 'float64' });
      expect(rng.nextUint32(), name).toBe(after.nextUint32());
    }
  });

  it('uses the default generator when given none, and nothing else', () => {
    for (const [name, init, shape] of ALL) {
      manualSeed(11);
      const fromDefault = init(shape);
      const explicit = init(shape, { rng: createRng(11) });
      expect(firstDifference(fromDefault.data, explicit.data), name).toBe(-1);
    }
  });

  it('draws with the mean, std and bound it describes (5 standard errors of the sample size)', () => {
    for (const [name, init, shape, kurtosis] of ALL) {
      const t = init(shape, { rng: createRng(3), dtype: 'float64' });
      const s = sampleStats(t.data);
      const d = init.describe(shape);
      expect(d.rule).toBe(name);
      if (name === 'orthogonal') {
        // Exact, not statistical: orthonormal rows/columns fix the mean square.
        expect(s.meanSquare).toBeCloseTo(d.std ** 2, 14);
      } else if (d.std === 0 || name === 'dirac') {
        expect(s.mean).toBeCloseTo(d.mean, 14);
        expect(Math.sqrt(Math.max(s.variance, 0))).toBeCloseTo(d.std, 12);
      } else {
        expect(Math.abs(s.mean - d.mean), name).toBeLessThan(meanTolerance(d.std, s.n));
        expect(Math.abs(s.variance - d.std ** 2), name).toBeLessThan(
          varianceTolerance(d.std ** 2, s.n, kurtosis),
        );
      }
      if (d.bound !== null) expect(Math.max(-s.min, s.max), name).toBeLessThanOrEqual(d.bound);
    }
  });

  it('rejects unknown draw options and an Rng passed in place of { rng }, which would drop the seed', () => {
    for (const [name, init, shape] of ALL) {
      expect(() => init(shape, createRng(0) as never), name).toThrow(
        `${name}: options must be { rng?, dtype? }, got an Rng; pass it as { rng }`,
      );
      expect(() => init(shape, { seed: 1 } as never), name).toThrow(
        `${name}: unknown option seed; initialisers take rng, dtype`,
      );
      expect(() => init(shape, [] as never), name).toThrow(
        `${name}: options must be { rng?, dtype? }, got []`,
      );
    }
  });
});

describe('every factory', () => {
  // Each factory with a misspelt option (TF.js and PyTorch spellings), and the message.
  const MISSPELT: Array<[string, () => unknown, string]> = [
    ['normal', () => normal({ stddev: 0.01 } as never), 'mean, std'],
    ['truncatedNormal', () => truncatedNormal({ a: -2 } as never), 'mean, std, low, high'],
    ['uniform', () => uniform({ minval: -1 } as never), 'low, high'],
    ['glorotUniform', () => glorotUniform({ scale: 2 } as never), 'gain'],
    ['glorotNormal', () => glorotNormal({ seed: 1 } as never), 'gain'],
    [
      'heUniform',
      () => heUniform({ a: Math.sqrt(5) } as never),
      'mode, nonlinearity, negativeSlope',
    ],
    ['heNormal', () => heNormal({ gain: 2 } as never), 'mode, nonlinearity, negativeSlope'],
    [
      'varianceScaling',
      () => varianceScaling({ modee: 'fanOut' } as never),
      'scale, mode, distribution',
    ],
    ['orthogonal', () => orthogonal({ scale: 2 } as never), 'gain'],
    ['dirac', () => dirac({ group: 2 } as never), 'groups'],
    ['sparse', () => sparse({ sparsity: 0.1, stddev: 1 } as never), 'sparsity, std'],
  ];

  it('rejects a misspelt option instead of silently using its default', () => {
    for (const [name, make, known] of MISSPELT) {
      expect(make, name).toThrow(
        new RegExp(`^${name}: unknown option \\w+; ${name} options are ${known}$`),
      );
    }
  });

  it('says how to use it when handed a shape', () => {
    expect(() => heNormal([64, 3, 3, 3] as never)).toThrow(
      'heNormal: options must be an object, got [64, 3, 3, 3]; heNormal(options?) makes an initialiser, call that with the shape: heNormal()(shape)',
    );
    expect(() => sparse([10, 10] as never)).toThrow('call that with the shape: sparse()(shape)');
    for (const [name, factory] of [
      ['zeros', zeros],
      ['ones', ones],
      ['lecunUniform', lecunUniform],
      ['lecunNormal', lecunNormal],
    ] as const) {
      expect(() => (factory as (s: number[]) => unknown)([3, 3]), name).toThrow(
        `${name}: ${name}() takes no arguments, got [3, 3]; it makes an initialiser, call that with the shape: ${name}()(shape)`,
      );
    }
  });
});
