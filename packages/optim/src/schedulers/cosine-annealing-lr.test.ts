import { describe, expect, it } from 'vitest';
import { lrSequence, optimizerWithLrs } from '../internal/scheduler-fixtures';
import { CosineAnnealingLR } from './cosine-annealing-lr';
import { CosineAnnealingWarmRestarts } from './cosine-annealing-warm-restarts';
import { LinearLR } from './linear-lr';

describe('CosineAnnealingLR', () => {
  it('η_min + (lr₀ − η_min)(1 + cos(πt/T))/2, continuing past T', () => {
    const seq = lrSequence(new CosineAnnealingLR(optimizerWithLrs([1]), 4), 6);
    const expected = [1, 0.8535533905932737, 0.5, 0.14644660940672627, 0, 0.14644660940672616, 0.5];
    seq.forEach((lr, t) => {
      expect(lr).toBeCloseTo(expected[t], 15);
    });
    expect(seq[4]).toBe(0);
  });

  it('ends at etaMin', () => {
    const sched = new CosineAnnealingLR(optimizerWithLrs([0.1]), 10, { etaMin: 0.001 });
    expect(sched.lrAt(10)[0]).toBeCloseTo(0.001, 17);
    expect(sched.lrAt(5)[0]).toBeCloseTo(0.0505, 16);
  });
});

describe('CosineAnnealingWarmRestarts', () => {
  it('restarts after t0, then after periods tMult times longer', () => {
    const seq = lrSequence(
      new CosineAnnealingWarmRestarts(optimizerWithLrs([1]), 2, { tMult: 2 }),
      7,
    );
    const c = (x: number, period: number) => (1 + Math.cos((Math.PI * x) / period)) / 2;
    const expected = [1, c(1, 2), 1, c(1, 4), c(2, 4), c(3, 4), 1, c(1, 8)];
    expect(seq).toEqual(expected);
  });

  it('step(epoch) jumps in closed form, fractional epochs included, matching incremental steps', () => {
    for (const tMult of [1, 2, 3]) {
      const inc = new CosineAnnealingWarmRestarts(optimizerWithLrs([1]), 1, {
        tMult,
        etaMin: 0.01,
      });
      const jump = new CosineAnnealingWarmRestarts(optimizerWithLrs([1]), 1, {
        tMult,
        etaMin: 0.01,
      });
      for (let e = 1; e <= 130; e++) {
        inc.step();
        jump.step(e);
        expect(jump.getLastLr()).toEqual(inc.getLastLr());
      }
    }
    const sched = new CosineAnnealingWarmRestarts(optimizerWithLrs([1]), 2);
    sched.step(1.5);
    expect(sched.getLastLr()[0]).toBeCloseTo((1 + Math.cos(0.75 * Math.PI)) / 2, 15);
    expect(sched.lastEpoch).toBe(1);
  });

  it('saves and restores its position in the period', () => {
    const a = new CosineAnnealingWarmRestarts(optimizerWithLrs([1]), 3);
    for (let i = 0; i < 4; i++) a.step();
    const b = new CosineAnnealingWarmRestarts(optimizerWithLrs([1]), 3);
    b.loadStateDict(a.stateDict());
    a.step();
    b.step();
    expect(b.getLastLr()).toEqual(a.getLastLr());
  });

  it('rejects bad settings', () => {
    expect(() => new CosineAnnealingWarmRestarts(optimizerWithLrs([1]), 2, { tMult: 1.5 })).toThrow(
      'CosineAnnealingWarmRestarts: tMult must be a positive integer, got 1.5',
    );
    expect(() => new CosineAnnealingWarmRestarts(optimizerWithLrs([1]), 2).step(-1)).toThrow(
      'CosineAnnealingWarmRestarts.step: epoch must be a finite number ≥ 0, got -1',
    );
  });
});

describe('LinearLR', () => {
  it('factor moves linearly from startFactor to endFactor over totalIters, then stays', () => {
    const sched = new LinearLR(optimizerWithLrs([1]), { startFactor: 0.25, totalIters: 4 });
    expect(lrSequence(sched, 6)).toEqual([0.25, 0.4375, 0.625, 0.8125, 1, 1, 1]);
  });

  it('defaults: 1/3 → 1 over 5 epochs; decays with endFactor < startFactor', () => {
    expect(new LinearLR(optimizerWithLrs([3])).getLastLr()).toEqual([1]);
    const down = new LinearLR(optimizerWithLrs([1]), {
      startFactor: 1,
      endFactor: 0.5,
      totalIters: 2,
    });
    expect(lrSequence(down, 3)).toEqual([1, 0.75, 0.5, 0.5]);
  });

  it('rejects factors outside their ranges', () => {
    expect(() => new LinearLR(optimizerWithLrs([1]), { startFactor: 0 })).toThrow(
      'LinearLR: startFactor must be in (0, 1], got 0',
    );
    expect(() => new LinearLR(optimizerWithLrs([1]), { endFactor: 2 })).toThrow(
      'LinearLR: endFactor must be in [0, 1], got 2',
    );
  });
});
