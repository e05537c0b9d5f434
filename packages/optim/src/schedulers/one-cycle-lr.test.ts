import { describe, expect, it } from 'vitest';
import { lrSequence, optimizerWithLrs } from '../internal/scheduler-fixtures';
import { OneCycleLR } from './one-cycle-lr';

const cosAnneal = (a: number, b: number, p: number) =>
  b + ((a - b) / 2) * (Math.cos(Math.PI * p) + 1);

describe('OneCycleLR', () => {
  // totalSteps 10, pctStart 0.3: up until step 2 (0.3·10 − 1), down until step 9.
  const initial = 1 / 25;
  const min = initial / 1e4;

  it('two phases with cosine annealing, lr and momentum', () => {
    const opt = optimizerWithLrs([0.5]);
    const sched = new OneCycleLR(opt, 1, { totalSteps: 10 });
    // Step 0 is cosAnneal(initial, 1, 0) = 0.04 + 4e-17 with PyTorch's formula, kept as is.
    const expected = [cosAnneal(initial, 1, 0), cosAnneal(initial, 1, 0.5), 1];
    for (let s = 3; s <= 10; s++) expected.push(cosAnneal(1, min, (s - 2) / 7));
    const momenta = [opt.paramGroups[0].momentum];
    const lrs = [sched.getLastLr()[0]];
    for (let s = 1; s <= 10; s++) {
      sched.step();
      lrs.push(sched.getLastLr()[0]);
      momenta.push(opt.paramGroups[0].momentum);
    }
    expect(lrs).toEqual(expected);
    expect(lrs[9]).toBeCloseTo(min, 18);
    expect(momenta[0]).toBe(0.95);
    expect(momenta[2]).toBe(0.85);
    expect(momenta[9]).toBeCloseTo(0.95, 15);
    expect(opt.paramGroups[0].initialLr).toBe(initial);
  });

  it('linear annealing and three phases', () => {
    const linear = new OneCycleLR(optimizerWithLrs([1]), 1, {
      totalSteps: 10,
      annealStrategy: 'linear',
    });
    const seq = lrSequence(linear, 3);
    expect(seq.slice(0, 3)).toEqual([initial, (1 - initial) * 0.5 + initial, 1]);
    expect(seq[3]).toBe((min - 1) * (1 / 7) + 1);
    // Three phases: up until 2, back to the initial lr at 4 (2·0.3·10 − 2), down to min at 9.
    const three = new OneCycleLR(optimizerWithLrs([1]), 1, { totalSteps: 10, threePhase: true });
    const s3 = lrSequence(three, 9);
    expect(s3[3]).toBe(cosAnneal(1, initial, 0.5));
    expect(s3[4]).toBe(initial);
    expect(s3[9]).toBe(min);
  });

  it("cycles Adam's β1 and keeps β2", () => {
    const opt = optimizerWithLrs([1], 'adam');
    const sched = new OneCycleLR(opt, 0.01, { epochs: 2, stepsPerEpoch: 5 });
    sched.step();
    sched.step();
    expect(opt.paramGroups[0].betas).toEqual([0.85, 0.999]);
  });

  it('per-group maxLr', () => {
    const sched = new OneCycleLR(optimizerWithLrs([1, 1]), [1, 2], { totalSteps: 10 });
    sched.getLastLr().forEach((lr, g) => {
      expect(lr).toBeCloseTo([1, 2][g] / 25, 15);
    });
  });

  it('throws past totalSteps, and on bad settings', () => {
    const sched = new OneCycleLR(optimizerWithLrs([1]), 1, { totalSteps: 2 });
    sched.step();
    sched.step();
    expect(() => sched.step()).toThrow(
      'OneCycleLR.step: steps must be at most totalSteps (2), got step 3',
    );
    expect(sched.lastEpoch).toBe(2);
    expect(() => new OneCycleLR(optimizerWithLrs([1]), 1)).toThrow(
      'OneCycleLR: options must give totalSteps, or epochs and stepsPerEpoch, got epochs undefined and stepsPerEpoch undefined',
    );
    expect(() => new OneCycleLR(optimizerWithLrs([1]), [1, 2], { totalSteps: 5 })).toThrow(
      'OneCycleLR: maxLr must be a number or an array of 1 numbers, got [1, 2]',
    );
    expect(() => new OneCycleLR(optimizerWithLrs([1]), 1, { totalSteps: 5, pctStart: 2 })).toThrow(
      'OneCycleLR: pctStart must be in [0, 1], got 2',
    );
    expect(() => new OneCycleLR(optimizerWithLrs([1], 'adagrad'), 1, { totalSteps: 5 })).toThrow(
      'OneCycleLR: cycleMomentum needs an optimizer with momentum or betas, got Adagrad; pass { cycleMomentum: false }',
    );
    expect(
      new OneCycleLR(optimizerWithLrs([1], 'adagrad'), 1, {
        totalSteps: 5,
        cycleMomentum: false,
      }).getLastLr()[0],
    ).toBeCloseTo(0.04, 15);
  });
});
