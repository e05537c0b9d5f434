import {
  boolean,
  enforce,
  nonNegative,
  positive,
  positiveInteger,
  schedulerOptions,
  unitClosed,
} from '../internal/checks';
import { describe } from '../internal/describe';
import { checkOptimizer, LRScheduler, type SchedulableOptimizer } from './lr-scheduler';

/** Options of {@link OneCycleLR}; give `totalSteps`, or `epochs` and `stepsPerEpoch`. */
export interface OneCycleLROptions {
  /** Number of scheduler steps in the cycle. */
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  /** Fraction of the cycle spent increasing the lr (default 0.3). */
  pctStart?: number;
  /** 'cos' (default) or 'linear' interpolation within each phase. */
  annealStrategy?: 'cos' | 'linear';
  /** Cycle momentum (or Adam's β1) inversely to the lr (default true). */
  cycleMomentum?: boolean;
  /** Momentum at the peak lr (default 0.85). */
  baseMomentum?: number;
  /** Momentum at the start and end (default 0.95). */
  maxMomentum?: number;
  /** Initial lr = maxLr / divFactor (default 25). */
  divFactor?: number;
  /** Final lr = initial lr / finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  /** Three phases (up, back down to the initial lr, then annihilate) instead of two (default false). */
  threePhase?: boolean;
}

const ONE_CYCLE_OPTIONS: readonly (keyof OneCycleLROptions)[] = [
  'totalSteps',
  'epochs',
  'stepsPerEpoch',
  'pctStart',
  'annealStrategy',
  'cycleMomentum',
  'baseMomentum',
  'maxMomentum',
  'divFactor',
  'finalDivFactor',
  'threePhase',
];

interface Phase {
  endStep: number;
  lr: [number[], number[]];
  momentum: [number, number];
}

type MomentumGroup = {
  lr: number;
  initialLr?: number;
  momentum?: number;
  betas?: [number, number];
};

/**
 * The 1cycle policy (Smith & Topin, 2018) with PyTorch's semantics: the lr rises from
 * maxLr/divFactor to maxLr over the first `pctStart` of the steps, then falls to
 * initial/finalDivFactor (`threePhase`: back to the initial lr first, then down), with
 * momentum (or β1) cycled the opposite way. Step it once per batch, `totalSteps` times at
 * most. Within a phase from a to b at fraction p: cos: b + (a − b)(1 + cos πp)/2;
 * linear: a + (b − a)p.
 * @example
 * const sched = new OneCycleLR(opt, 0.1, { totalSteps: epochs * batches });
 */
export class OneCycleLR extends LRScheduler {
  readonly totalSteps: number;
  readonly annealStrategy: 'cos' | 'linear';
  readonly cycleMomentum: boolean;
  private phases: Phase[] = [];
  private useBeta1 = false;

  constructor(
    optimizer: SchedulableOptimizer,
    maxLr: number | readonly number[],
    rawOptions?: OneCycleLROptions,
  ) {
    const where = 'OneCycleLR';
    const options = schedulerOptions(rawOptions, ONE_CYCLE_OPTIONS, where);
    const groups = checkOptimizer(optimizer, where).paramGroups as MomentumGroup[];
    const totalSteps = resolveTotalSteps(options, where);
    const maxLrs = typeof maxLr === 'number' ? groups.map(() => maxLr) : maxLr;
    if (!Array.isArray(maxLrs) || maxLrs.length !== groups.length) {
      throw new RangeError(
        `${where}: maxLr must be a number or an array of ${groups.length} numbers, got ${describe(maxLr)}`,
      );
    }
    maxLrs.forEach((lr, i) => {
      enforce(nonNegative, lr, where, typeof maxLr === 'number' ? 'maxLr' : `maxLr[${i}]`);
    });
    const pctStart = options.pctStart ?? 0.3;
    enforce(unitClosed, pctStart, where, 'pctStart');
    const annealStrategy = options.annealStrategy ?? 'cos';
    if (annealStrategy !== 'cos' && annealStrategy !== 'linear') {
      throw new RangeError(
        `${where}: annealStrategy must be 'cos' or 'linear', got ${describe(annealStrategy)}`,
      );
    }
    const divFactor = options.divFactor ?? 25;
    const finalDivFactor = options.finalDivFactor ?? 1e4;
    enforce(positive, divFactor, where, 'divFactor');
    enforce(positive, finalDivFactor, where, 'finalDivFactor');
    const cycleMomentum = options.cycleMomentum ?? true;
    enforce(boolean, cycleMomentum, where, 'cycleMomentum');
    const threePhase = options.threePhase ?? false;
    enforce(boolean, threePhase, where, 'threePhase');
    const baseMomentum = options.baseMomentum ?? 0.85;
    const maxMomentum = options.maxMomentum ?? 0.95;
    enforce(nonNegative, baseMomentum, where, 'baseMomentum');
    enforce(nonNegative, maxMomentum, where, 'maxMomentum');
    const defaults = optimizer.defaults as Record<string, unknown>;
    const useBeta1 = 'betas' in defaults;
    if (cycleMomentum && !useBeta1 && !('momentum' in defaults)) {
      throw new TypeError(
        `${where}: cycleMomentum needs an optimizer with momentum or betas, got ${optimizer.name ?? describe(optimizer)}; ` +
          'pass { cycleMomentum: false }',
      );
    }
    const initial = maxLrs.map((lr) => lr / divFactor);
    const min = initial.map((lr) => lr / finalDivFactor);
    // PyTorch overwrites initial_lr (the base of the schedule) with maxLr / divFactor.
    groups.forEach((g, i) => {
      g.initialLr = initial[i];
    });
    super(where, optimizer);
    this.totalSteps = totalSteps;
    this.annealStrategy = annealStrategy;
    this.cycleMomentum = cycleMomentum;
    this.useBeta1 = useBeta1;
    const up = pctStart * totalSteps - 1;
    this.phases = threePhase
      ? [
          { endStep: up, lr: [initial, [...maxLrs]], momentum: [maxMomentum, baseMomentum] },
          {
            endStep: 2 * pctStart * totalSteps - 2,
            lr: [[...maxLrs], initial],
            momentum: [baseMomentum, maxMomentum],
          },
          { endStep: totalSteps - 1, lr: [initial, min], momentum: [maxMomentum, maxMomentum] },
        ]
      : [
          { endStep: up, lr: [initial, [...maxLrs]], momentum: [maxMomentum, baseMomentum] },
          {
            endStep: totalSteps - 1,
            lr: [[...maxLrs], min],
            momentum: [baseMomentum, maxMomentum],
          },
        ];
    this.setEpoch(0);
  }

  lrAt(epoch: number): number[] {
    return this.at(epoch).lrs;
  }

  /** The momentum (or β1) at `epoch`. */
  momentumAt(epoch: number): number {
    return this.at(epoch).momentum;
  }

  override setEpoch(epoch: number): void {
    this.checkGroups(`${this.name}.step`);
    const { lrs, momentum } = this.at(epoch);
    this.lastEpoch = epoch;
    this.applyLrs(lrs);
    if (!this.cycleMomentum) return;
    for (const group of this.groups() as MomentumGroup[]) {
      if (this.useBeta1) group.betas = [momentum, (group.betas as [number, number])[1]];
      else group.momentum = momentum;
    }
  }

  private at(step: number): { lrs: number[]; momentum: number } {
    if (step > this.totalSteps) {
      throw new RangeError(
        `${this.name}.step: steps must be at most totalSteps (${this.totalSteps}), got step ${step}; ` +
          'raise totalSteps (or epochs × stepsPerEpoch)',
      );
    }
    let start = 0;
    for (let i = 0; i < this.phases.length; i++) {
      const phase = this.phases[i];
      if (step <= phase.endStep || i === this.phases.length - 1) {
        // A zero-length phase (pctStart·totalSteps = 1) would divide 0 by 0; PyTorch gives NaN there.
        const span = phase.endStep - start;
        const pct = span === 0 ? 1 : (step - start) / span;
        const [from, to] = phase.lr;
        return {
          lrs: from.map((a, g) => this.anneal(a, to[g], pct)),
          momentum: this.anneal(phase.momentum[0], phase.momentum[1], pct),
        };
      }
      start = phase.endStep;
    }
    throw new Error('unreachable');
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === 'linear') return (end - start) * pct + start;
    return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
  }
}

function resolveTotalSteps(options: OneCycleLROptions, where: string): number {
  if (options.totalSteps !== undefined) {
    positiveInteger(options.totalSteps, where, 'totalSteps');
    return options.totalSteps;
  }
  if (options.epochs === undefined || options.stepsPerEpoch === undefined) {
    throw new RangeError(
      `${where}: options must give totalSteps, or epochs and stepsPerEpoch, got epochs ${describe(options.epochs)} ` +
        `and stepsPerEpoch ${describe(options.stepsPerEpoch)}`,
    );
  }
  positiveInteger(options.epochs, where, 'epochs');
  positiveInteger(options.stepsPerEpoch, where, 'stepsPerEpoch');
  return options.epochs * options.stepsPerEpoch;
}
