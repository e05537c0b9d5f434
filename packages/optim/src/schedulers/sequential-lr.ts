import { describe } from '../internal/describe';
import {
  LRScheduler,
  type SchedulableOptimizer,
  type SchedulerStateDict,
  stateFail,
} from './lr-scheduler';
import { bisectRight } from './multi-step-lr';

/**
 * Runs schedulers one after another: `schedulers[i]` drives the lr from `milestones[i-1]`
 * on, restarting its own epoch count at 0 there (PyTorch's `SequentialLR`). The usual use
 * is a warm-up followed by a decay.
 * @example
 * const warmup = new LinearLR(opt, { startFactor: 0.1, totalIters: 5 });
 * const decay = new CosineAnnealingLR(opt, 95);
 * const sched = new SequentialLR(opt, [warmup, decay], [5]);
 */
export class SequentialLR extends LRScheduler {
  readonly schedulers: readonly LRScheduler[];
  readonly milestones: readonly number[];

  constructor(
    optimizer: SchedulableOptimizer,
    schedulers: readonly LRScheduler[],
    milestones: readonly number[],
  ) {
    const where = 'SequentialLR';
    if (
      !Array.isArray(schedulers) ||
      schedulers.length === 0 ||
      schedulers.some((s) => !(s instanceof LRScheduler))
    ) {
      throw new TypeError(
        `${where}: schedulers must be a non-empty array of LRSchedulers, got ${describe(schedulers)}`,
      );
    }
    schedulers.forEach((s, i) => {
      if (s.optimizer !== optimizer) {
        throw new RangeError(
          `${where}: schedulers[${i}] must drive the same optimizer as SequentialLR, got a different one`,
        );
      }
    });
    const increasing =
      Array.isArray(milestones) &&
      milestones.every((m, i) => Number.isInteger(m) && m > (i === 0 ? 0 : milestones[i - 1]));
    if (!increasing || milestones.length !== schedulers.length - 1) {
      throw new RangeError(
        `${where}: milestones must be ${schedulers.length - 1} increasing positive integers (one fewer than schedulers), got ${describe(milestones)}`,
      );
    }
    super(where, optimizer);
    this.schedulers = Object.freeze([...schedulers]);
    this.milestones = Object.freeze([...milestones]);
    // As PyTorch: undo the epoch-0 step each scheduler took when built, restore the initial
    // lrs, then start the first scheduler alone.
    this.groups().forEach((group) => {
      group.lr = group.initialLr as number;
    });
    for (const s of this.schedulers) s.lastEpoch -= 1;
    this.schedulers[0].setEpoch(0);
    this.lastEpoch = 0;
    this.lastLr = this.schedulers[0].getLastLr();
  }

  lrAt(epoch: number): number[] {
    const idx = bisectRight(this.milestones, epoch);
    return this.schedulers[idx].lrAt(idx === 0 ? epoch : epoch - this.milestones[idx - 1]);
  }

  override step(): void {
    this.checkGroups(`${this.name}.step`);
    const epoch = this.lastEpoch + 1;
    const idx = bisectRight(this.milestones, epoch);
    const scheduler = this.schedulers[idx];
    if (idx > 0 && this.milestones[idx - 1] === epoch) scheduler.setEpoch(0);
    else scheduler.step();
    this.lastEpoch = epoch;
    this.lastLr = scheduler.getLastLr();
  }

  override setEpoch(epoch: number): void {
    this.checkGroups(`${this.name}.step`);
    const idx = bisectRight(this.milestones, epoch);
    const scheduler = this.schedulers[idx];
    scheduler.setEpoch(idx === 0 ? epoch : epoch - this.milestones[idx - 1]);
    this.lastEpoch = epoch;
    this.lastLr = scheduler.getLastLr();
  }

  protected override saveExtra(): SchedulerStateDict {
    return { schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  protected override loadExtra(stateDict: SchedulerStateDict, where: string): () => void {
    const saved = stateDict.schedulers;
    if (!Array.isArray(saved) || saved.length !== this.schedulers.length) {
      stateFail(
        where,
        'schedulers',
        `an array of ${this.schedulers.length} scheduler states`,
        saved,
      );
    }
    // Validate every child first (on throwaway copies of their progress) so a bad one changes nothing.
    const before = this.schedulers.map((s) => s.stateDict());
    try {
      this.schedulers.forEach((s, i) => {
        s.loadStateDict((saved as SchedulerStateDict[])[i]);
      });
    } catch (error) {
      this.schedulers.forEach((s, i) => {
        s.loadStateDict(before[i]);
      });
      throw error;
    }
    return () => {};
  }
}
