import { describe, expect, it } from 'vitest';
import { lrSequence, optimizerWithLrs } from '../internal/scheduler-fixtures';
import { CosineAnnealingLR } from './cosine-annealing-lr';
import { ExponentialLR } from './exponential-lr';
import { LinearLR } from './linear-lr';
import { SequentialLR } from './sequential-lr';

describe('SequentialLR', () => {
  it('warm-up then decay: each scheduler restarts its epoch count at its milestone', () => {
    const opt = optimizerWithLrs([1]);
    const warmup = new LinearLR(opt, { startFactor: 0.25, totalIters: 2 });
    const decay = new ExponentialLR(opt, 0.5);
    const sched = new SequentialLR(opt, [warmup, decay], [3]);
    expect(lrSequence(sched, 6)).toEqual([0.25, 0.625, 1, 1, 0.5, 0.25, 0.125]);
    expect(opt.paramGroups[0].lr).toBe(0.125);
    expect([0, 1, 2, 3, 4, 5, 6].map((e) => sched.lrAt(e)[0])).toEqual([
      0.25, 0.625, 1, 1, 0.5, 0.25, 0.125,
    ]);
  });

  it('saves and restores the children too', () => {
    const build = () => {
      const opt = optimizerWithLrs([1]);
      return new SequentialLR(
        opt,
        [new LinearLR(opt, { totalIters: 3 }), new CosineAnnealingLR(opt, 10)],
        [3],
      );
    };
    const a = build();
    for (let i = 0; i < 5; i++) a.step();
    const b = build();
    b.loadStateDict(JSON.parse(JSON.stringify(a.stateDict())));
    expect(lrSequence(b, 4)).toEqual(lrSequence(a, 4));
  });

  it('rejects mismatched milestones and foreign schedulers', () => {
    const opt = optimizerWithLrs([1]);
    const s1 = new LinearLR(opt);
    const s2 = new ExponentialLR(opt, 0.9);
    expect(() => new SequentialLR(opt, [s1, s2], [])).toThrow(
      'SequentialLR: milestones must be 1 increasing positive integers (one fewer than schedulers), got []',
    );
    const other = new ExponentialLR(optimizerWithLrs([1]), 0.9);
    expect(() => new SequentialLR(opt, [s1, other], [2])).toThrow(
      'SequentialLR: schedulers[1] must drive the same optimizer as SequentialLR, got a different one',
    );
  });
});
