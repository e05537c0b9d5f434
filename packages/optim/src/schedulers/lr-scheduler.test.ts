import { describe, expect, it } from 'vitest';
import { optimizerWithLrs } from '../internal/scheduler-fixtures';
import { ExponentialLR } from './exponential-lr';
import { StepLR } from './step-lr';

describe('LRScheduler', () => {
  it('applies epoch 0 on construction and records initialLr per group', () => {
    const opt = optimizerWithLrs([1, 0.5]);
    const sched = new ExponentialLR(opt, 0.5);
    expect(sched.lastEpoch).toBe(0);
    expect(opt.paramGroups.map((g) => g.initialLr)).toEqual([1, 0.5]);
    sched.step();
    expect(opt.paramGroups.map((g) => g.lr)).toEqual([0.5, 0.25]);
    expect(sched.getLastLr()).toEqual([0.5, 0.25]);
  });

  it('a second scheduler on the same optimiser reuses initialLr, as PyTorch does', () => {
    const opt = optimizerWithLrs([1]);
    const first = new ExponentialLR(opt, 0.5);
    first.step();
    const second = new StepLR(opt, 10);
    expect(second.getLastLr()).toEqual([1]);
  });

  it('lrAt previews the schedule without changing anything', () => {
    const opt = optimizerWithLrs([1]);
    const sched = new ExponentialLR(opt, 0.5);
    expect(sched.lrAt(3)).toEqual([0.125]);
    expect(opt.paramGroups[0].lr).toBe(1);
    expect(sched.lastEpoch).toBe(0);
  });

  it('stateDict/loadStateDict resume the schedule', () => {
    const opt = optimizerWithLrs([1]);
    const sched = new StepLR(opt, 2, { gamma: 0.5 });
    for (let i = 0; i < 5; i++) sched.step();
    const saved = JSON.parse(JSON.stringify(sched.stateDict()));
    expect(saved).toEqual({ lastEpoch: 5, baseLrs: [1], lastLr: [0.25] });
    const opt2 = optimizerWithLrs([1]);
    const sched2 = new StepLR(opt2, 2, { gamma: 0.5 });
    sched2.loadStateDict(saved);
    sched.step();
    sched2.step();
    expect(sched2.getLastLr()).toEqual(sched.getLastLr());
    expect(opt2.paramGroups[0].lr).toBe(0.125);
  });

  it('rejects bad state dicts without changing anything', () => {
    const sched = new StepLR(optimizerWithLrs([1]), 2);
    expect(() => sched.loadStateDict({ lastEpoch: 1, baseLrs: [1, 2], lastLr: [1] })).toThrow(
      'StepLR.loadStateDict: baseLrs must be an array of 1 numbers, got [1, 2]',
    );
    expect(() => sched.loadStateDict({ lastEpoch: 'x', baseLrs: [1], lastLr: [1] })).toThrow(
      "StepLR.loadStateDict: lastEpoch must be a number ≥ -1, got 'x'",
    );
    expect(sched.lastEpoch).toBe(0);
  });

  it('rejects a non-optimiser and a changed number of groups', () => {
    expect(() => new StepLR({} as never, 2)).toThrow(
      'StepLR: optimizer must be an Optimizer (with paramGroups), got an object',
    );
    const opt = optimizerWithLrs([1]);
    const sched = new StepLR(opt, 2);
    opt.addParamGroup({ params: [] });
    expect(() => sched.step()).toThrow(
      'StepLR.step: the optimizer must keep the 1 param groups the scheduler was built with, got 2',
    );
  });
});
