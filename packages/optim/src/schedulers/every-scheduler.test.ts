// Properties every scheduler shares: it resumes exactly from a saved state, and its options
// argument is checked like an optimiser's (a misspelt option is an error, not a default).
import { describe, expect, it } from 'vitest';
import { optimizerWithLrs } from '../internal/scheduler-fixtures';
import type { SGD } from '../sgd';
import { CosineAnnealingLR } from './cosine-annealing-lr';
import { CosineAnnealingWarmRestarts } from './cosine-annealing-warm-restarts';
import { ExponentialLR } from './exponential-lr';
import { LinearLR } from './linear-lr';
import { MultiStepLR } from './multi-step-lr';
import { OneCycleLR } from './one-cycle-lr';
import { ReduceLROnPlateau } from './reduce-lr-on-plateau';
import { SequentialLR } from './sequential-lr';
import { StepLR } from './step-lr';

interface Steppable {
  step(metric?: number): void;
  stateDict(): Record<string, unknown>;
  loadStateDict(state: Record<string, unknown>): void;
}

const TOTAL = 24;
// A validation metric for ReduceLROnPlateau: falls, then plateaus with noise.
const metric = (epoch: number) => Math.max(1 - epoch / 8, 0.2) + 0.01 * Math.sin(epoch * 1.7);

const SCHEDULERS: Record<string, (opt: SGD) => Steppable> = {
  StepLR: (opt) => new StepLR(opt, 3, { gamma: 0.5 }),
  MultiStepLR: (opt) => new MultiStepLR(opt, [2, 7, 7, 15], { gamma: 0.3 }),
  ExponentialLR: (opt) => new ExponentialLR(opt, 0.9),
  CosineAnnealingLR: (opt) => new CosineAnnealingLR(opt, 10, { etaMin: 1e-3 }),
  CosineAnnealingWarmRestarts: (opt) =>
    new CosineAnnealingWarmRestarts(opt, 3, { tMult: 2, etaMin: 1e-4 }),
  LinearLR: (opt) => new LinearLR(opt, { startFactor: 0.1, totalIters: 6 }),
  OneCycleLR: (opt) => new OneCycleLR(opt, [0.5, 0.2], { totalSteps: TOTAL, threePhase: true }),
  ReduceLROnPlateau: (opt) => new ReduceLROnPlateau(opt, { patience: 1, factor: 0.5 }),
  SequentialLR: (opt) =>
    new SequentialLR(
      opt,
      [
        new LinearLR(opt, { startFactor: 0.2, totalIters: 4 }),
        new CosineAnnealingWarmRestarts(opt, 4, { tMult: 2 }),
      ],
      [5],
    ),
};

/** Each group's lr and momentum after every step from `from` to `to`. */
function run(opt: SGD, sched: Steppable, from: number, to: number): number[][] {
  const trace: number[][] = [];
  for (let epoch = from; epoch < to; epoch++) {
    sched.step(sched instanceof ReduceLROnPlateau ? metric(epoch) : undefined);
    trace.push(opt.paramGroups.flatMap((g) => [g.lr, g.momentum]));
  }
  return trace;
}

describe('every scheduler', () => {
  for (const [name, make] of Object.entries(SCHEDULERS)) {
    it(`${name}: saved after k steps (through JSON) and resumed, continues bit-identically`, () => {
      const straightOpt = optimizerWithLrs([0.1, 0.05]);
      const straight = run(straightOpt, make(straightOpt), 0, TOTAL);
      for (const k of [0, 1, 5, 11]) {
        const firstOpt = optimizerWithLrs([0.1, 0.05]);
        const first = make(firstOpt);
        run(firstOpt, first, 0, k);
        const saved = JSON.parse(
          JSON.stringify({ opt: firstOpt.stateDict(), sched: first.stateDict() }),
        );
        // A fresh optimiser and scheduler, built as at the start, then loaded.
        const resumedOpt = optimizerWithLrs([0.1, 0.05]);
        const resumed = make(resumedOpt);
        resumedOpt.loadStateDict(saved.opt);
        resumed.loadStateDict(saved.sched);
        expect(run(resumedOpt, resumed, k, TOTAL), `${name}, saved at step ${k}`).toEqual(
          straight.slice(k),
        );
      }
    });
  }

  it('rejects options that are not an object, naming the scheduler', () => {
    const opt = optimizerWithLrs([1]);
    expect(() => new StepLR(opt, 2, null as never)).toThrow(
      'StepLR: options must be an object, got null',
    );
    expect(() => new LinearLR(opt, 5 as never)).toThrow(
      'LinearLR: options must be an object, got 5',
    );
    expect(() => new ReduceLROnPlateau(opt, [] as never)).toThrow(
      'ReduceLROnPlateau: options must be an object, got []',
    );
  });

  it('rejects misspelt options instead of silently using the default', () => {
    const opt = optimizerWithLrs([1]);
    const cases: Array<[() => unknown, string]> = [
      [
        () => new StepLR(opt, 2, { gama: 0.5 } as never),
        'StepLR: unknown option gama; StepLR options are gamma',
      ],
      [
        () => new MultiStepLR(opt, [2], { Gamma: 0.5 } as never),
        'MultiStepLR: unknown option Gamma',
      ],
      [
        () => new CosineAnnealingLR(opt, 5, { eta_min: 0 } as never),
        'CosineAnnealingLR: unknown option eta_min',
      ],
      [
        () => new CosineAnnealingWarmRestarts(opt, 5, { tmult: 2 } as never),
        'CosineAnnealingWarmRestarts: unknown option tmult; CosineAnnealingWarmRestarts options are tMult, etaMin',
      ],
      [() => new LinearLR(opt, { warmup: 5 } as never), 'LinearLR: unknown option warmup'],
      [
        () => new OneCycleLR(opt, 1, { totalSteps: 5, pct: 0.2 } as never),
        'OneCycleLR: unknown option pct',
      ],
      [
        () => new ReduceLROnPlateau(opt, { patient: 3 } as never),
        'ReduceLROnPlateau: unknown option patient',
      ],
    ];
    for (const [make, message] of cases) {
      const before = opt.paramGroups[0].lr;
      expect(make).toThrow(message);
      // Nothing changed: the check runs before the scheduler touches the optimiser.
      expect(opt.paramGroups[0].lr).toBe(before);
    }
  });

  it('OneCycleLR checks its boolean switches', () => {
    const opt = optimizerWithLrs([1]);
    expect(() => new OneCycleLR(opt, 1, { totalSteps: 5, threePhase: 'yes' as never })).toThrow(
      "OneCycleLR: threePhase must be a boolean, got 'yes'",
    );
    expect(() => new OneCycleLR(opt, 1, { totalSteps: 5, cycleMomentum: 0 as never })).toThrow(
      'OneCycleLR: cycleMomentum must be a boolean, got 0',
    );
  });
});
