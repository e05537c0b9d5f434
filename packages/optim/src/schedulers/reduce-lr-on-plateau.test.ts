import { describe, expect, it } from 'vitest';
import { optimizerWithLrs } from '../internal/scheduler-fixtures';
import { ReduceLROnPlateau } from './reduce-lr-on-plateau';

function lrsFor(sched: ReduceLROnPlateau, metrics: number[]): number[] {
  return metrics.map((m) => {
    sched.step(m);
    return sched.getLastLr()[0];
  });
}

describe('ReduceLROnPlateau', () => {
  it('reduces after more than `patience` epochs without improvement', () => {
    const sched = new ReduceLROnPlateau(optimizerWithLrs([1]), { patience: 2 });
    // best 10 → 9; then 3 bad epochs (9 is not < 9·(1 − 1e-4)) → reduce on the third
    expect(lrsFor(sched, [10, 9, 9, 9, 9, 9, 9, 9])).toEqual([
      1, 1, 1, 1, 0.1, 0.1, 0.1, 0.010000000000000002,
    ]);
  });

  it('cooldown pauses counting after a reduction', () => {
    const sched = new ReduceLROnPlateau(optimizerWithLrs([1]), {
      patience: 0,
      cooldown: 2,
      factor: 0.5,
    });
    expect(lrsFor(sched, [5, 5, 5, 5, 5, 5])).toEqual([1, 0.5, 0.5, 0.5, 0.25, 0.25]);
  });

  it('max mode and absolute threshold', () => {
    const sched = new ReduceLROnPlateau(optimizerWithLrs([1]), {
      mode: 'max',
      threshold: 0.5,
      thresholdMode: 'abs',
      patience: 0,
    });
    // 1 → best; 1.4 is not > 1 + 0.5 → reduce; 2 > 1.5 → best
    expect(lrsFor(sched, [1, 1.4, 2, 2.6])).toEqual([1, 0.1, 0.1, 0.1]);
  });

  it('respects minLr per group and skips reductions smaller than eps', () => {
    const sched = new ReduceLROnPlateau(optimizerWithLrs([1, 1]), { patience: 0, minLr: [0.5, 0] });
    sched.step(1);
    sched.step(1);
    expect(sched.getLastLr()).toEqual([0.5, 0.1]);
    sched.step(1);
    expect(sched.getLastLr()).toEqual([0.5, 0.010000000000000002]);
  });

  it('NaN never counts as an improvement', () => {
    const sched = new ReduceLROnPlateau(optimizerWithLrs([1]), { patience: 1 });
    expect(lrsFor(sched, [Number.NaN, Number.NaN])).toEqual([1, 0.1]);
  });

  it('saves progress (JSON-safe) and resumes', () => {
    const a = new ReduceLROnPlateau(optimizerWithLrs([1]), { patience: 2 });
    lrsFor(a, [3, 3]);
    const saved = JSON.parse(JSON.stringify(a.stateDict()));
    expect(saved).toEqual({
      lastEpoch: 2,
      best: 3,
      numBadEpochs: 1,
      cooldownCounter: 0,
      lastLr: [1],
    });
    const b = new ReduceLROnPlateau(optimizerWithLrs([1]), { patience: 2 });
    b.loadStateDict(saved);
    expect(lrsFor(b, [3, 3])).toEqual(lrsFor(a, [3, 3]));
    const fresh = new ReduceLROnPlateau(optimizerWithLrs([1]));
    expect(fresh.stateDict().best).toBeNull();
  });

  it('rejects bad settings and metrics', () => {
    const opt = optimizerWithLrs([1]);
    expect(() => new ReduceLROnPlateau(opt, { factor: 1 })).toThrow(
      'ReduceLROnPlateau: factor must be in [0, 1), got 1',
    );
    expect(() => new ReduceLROnPlateau(opt, { mode: 'up' as never })).toThrow(
      "ReduceLROnPlateau: mode must be 'min' or 'max', got 'up'",
    );
    expect(() => new ReduceLROnPlateau(opt, { patience: -1 })).toThrow(
      'ReduceLROnPlateau: patience must be a non-negative integer, got -1',
    );
    expect(() => new ReduceLROnPlateau(opt, { minLr: [0, 0] })).toThrow(
      'ReduceLROnPlateau: minLr must be a number or an array of 1 numbers, got [0, 0]',
    );
    expect(() => new ReduceLROnPlateau(opt).step('1' as never)).toThrow(
      "ReduceLROnPlateau.step: metric must be a number, got '1'",
    );
  });
});
