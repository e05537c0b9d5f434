import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from './random';

describe('Rng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const a = createRng(seed);
        const b = createRng(seed);
        const c = createRng(seed + 1);
        const xs = Array.from({ length: 8 }, () => a.nextUint32());
        expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(xs);
        expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(xs);
      }),
    );
  });

  it('saves and restores its state, including the spare normal', () => {
    const rng = createRng(3);
    rng.normal();
    const state = rng.getState();
    const expected = [rng.normal(), rng.normal(), rng.random()];
    const other = createRng(0);
    other.setState(state);
    expect([other.normal(), other.normal(), other.random()]).toEqual(expected);
  });

  it('int() is unbiased over a small range', () => {
    const rng = createRng(8);
    const counts = [0, 0, 0];
    const n = 30_000;
    for (let i = 0; i < n; i++) counts[rng.int(0, 3)]++;
    // Binomial std: √(n·p·(1-p)) ≈ 81.6; allow 5 standard deviations.
    for (const c of counts) expect(Math.abs(c - n / 3)).toBeLessThan(5 * Math.sqrt((n * 2) / 9));
  });

  it('fork() gives an independent, reproducible stream', () => {
    const a = createRng(1).fork();
    const b = createRng(1).fork();
    expect(a.nextUint32()).toBe(b.nextUint32());
  });

  it('rejects a non-finite seed', () => {
    expect(() => createRng(Number.NaN)).toThrow('createRng: seed must be a finite number, got NaN');
  });
});
