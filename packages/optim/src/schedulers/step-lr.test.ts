import { describe, expect, it } from 'vitest';
import { lrSequence, optimizerWithLrs } from '../internal/scheduler-fixtures';
import { ExponentialLR } from './exponential-lr';
import { MultiStepLR } from './multi-step-lr';
import { StepLR } from './step-lr';

describe('StepLR', () => {
  it('lr₀·γ^⌊t/stepSize⌋', () => {
    const sched = new StepLR(optimizerWithLrs([1]), 3, { gamma: 0.5 });
    expect(lrSequence(sched, 9)).toEqual([1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125]);
  });

  it('defaults gamma to 0.1 and scales each group', () => {
    const sched = new StepLR(optimizerWithLrs([1, 0.2]), 1);
    sched.step();
    expect(sched.getLastLr()).toEqual([0.1, 0.2 * 0.1]);
  });

  it('rejects bad settings before touching the optimiser', () => {
    const opt = optimizerWithLrs([1]);
    expect(() => new StepLR(opt, 0)).toThrow('StepLR: stepSize must be a positive integer, got 0');
    expect(() => new StepLR(opt, 2, { gamma: -1 })).toThrow(
      'StepLR: gamma must be a finite number ≥ 0, got -1',
    );
    expect(opt.paramGroups[0].initialLr).toBeUndefined();
  });
});

describe('MultiStepLR', () => {
  it('lr₀·γ^(milestones ≤ t); repeated milestones decay twice; order does not matter', () => {
    const sched = new MultiStepLR(optimizerWithLrs([1]), [5, 2, 5], { gamma: 0.5 });
    expect(lrSequence(sched, 6)).toEqual([1, 1, 0.5, 0.5, 0.5, 0.125, 0.125]);
  });

  it('rejects bad milestones', () => {
    expect(() => new MultiStepLR(optimizerWithLrs([1]), [1.5])).toThrow(
      'MultiStepLR: milestones must be an array of non-negative integers, got [1.5]',
    );
  });
});

describe('ExponentialLR', () => {
  it('lr₀·γᵗ', () => {
    expect(lrSequence(new ExponentialLR(optimizerWithLrs([2]), 0.5), 4)).toEqual([
      2, 1, 0.5, 0.25, 0.125,
    ]);
  });
});
