import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';

describe('parseArgs', () => {
  it('has defaults for a full run', () => {
    const o = parseArgs([], '/docs');
    expect(o).toMatchObject({
      quick: false,
      reps: 5,
      budgetS: 2,
      timeoutS: 20,
      filter: null,
      json: null,
      docs: null,
    });
    expect(o.engines[0]).toBe('convkit');
  });

  it('reads every flag (and ignores a bare --, as pnpm passes it)', () => {
    const o = parseArgs(
      [
        '--',
        '--quick',
        '--filter',
        'conv2d/(a|b)/',
        '--reps',
        '7',
        '--budget',
        '2.5',
        '--timeout',
        '9',
        '--json',
        'x.json',
        '--engines',
        'tfjs-cpu,ort',
        '--docs',
      ],
      '/docs',
    );
    expect(o).toMatchObject({
      quick: true,
      reps: 7,
      budgetS: 2.5,
      timeoutS: 9,
      json: 'x.json',
      docs: '/docs',
    });
    expect(o.filter?.test('conv2d/b/forward')).toBe(true);
    expect(o.engines).toEqual(['convkit', 'tfjs-cpu', 'ort']);
    expect(parseArgs(['--docs', 'out'], '/docs').docs).toBe('out');
    expect(parseArgs(['--quick'], '').reps).toBe(1);
    expect(parseArgs(['--no-docs'], '/docs')).toMatchObject({ docs: null, noDocs: true });
  });

  it('names the bad flag', () => {
    expect(() => parseArgs(['--reps', '0'], '')).toThrow(
      "bench: --reps must be a positive integer, got '0'",
    );
    expect(() => parseArgs(['--reps'], '')).toThrow('bench: --reps needs a value');
    expect(() => parseArgs(['--engines', 'torch'], '')).toThrow(
      "bench: engine must be one of convkit, convkit-js, convkit-2t, tfjs-cpu, tfjs-wasm, tfjs-wasm-2t, ort-1t, ort, jax-wasm, openblas-1t, got 'torch'",
    );
    expect(() => parseArgs(['--fast'], '')).toThrow("bench: unknown option '--fast' (see --help)");
  });
});
