import { enforce, nonNegative, positiveInteger, schedulerOptions } from '../internal/checks';
import { describe } from '../internal/describe';
import {
  LRScheduler,
  type SchedulableOptimizer,
  type SchedulerStateDict,
  stateFail,
} from './lr-scheduler';

/** Options of {@link CosineAnnealingWarmRestarts}. */
export interface CosineAnnealingWarmRestartsOptions {
  /** Integer factor by which each period is longer than the previous (default 1). */
  tMult?: number;
  /** The lr reached at the end of each period (default 0). */
  etaMin?: number;
}

/**
 * SGDR (Loshchilov & Hutter, 2017): cosine annealing from the initial lr to `etaMin` over a
 * period of T_i epochs, then a restart; the first period is `t0` epochs and each next one
 * `tMult` times longer. lr = η_min + (lr₀ − η_min)·(1 + cos(π·T_cur/T_i))/2.
 *
 * `step()` advances one epoch; `step(epoch)` jumps to a possibly fractional epoch (e.g.
 * `epoch + batch / batches` to anneal within an epoch), as PyTorch's does.
 * @example
 * const sched = new CosineAnnealingWarmRestarts(opt, 10, { tMult: 2 }); // restarts at 10, 30, 70
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  readonly t0: number;
  readonly tMult: number;
  readonly etaMin: number;
  private tCur = 0;
  private tI = 1;

  constructor(
    optimizer: SchedulableOptimizer,
    t0: number,
    options?: CosineAnnealingWarmRestartsOptions,
  ) {
    const where = 'CosineAnnealingWarmRestarts';
    positiveInteger(t0, where, 't0');
    const opts = schedulerOptions(options, ['tMult', 'etaMin'], where);
    const tMult = opts.tMult ?? 1;
    positiveInteger(tMult, where, 'tMult');
    const etaMin = opts.etaMin ?? 0;
    enforce(nonNegative, etaMin, where, 'etaMin');
    super(where, optimizer);
    this.t0 = t0;
    this.tMult = tMult;
    this.etaMin = etaMin;
    this.tI = t0;
    this.setEpoch(0);
  }

  /** Where `epoch` falls: the position T_cur inside its period and the period's length T_i. */
  position(epoch: number): { tCur: number; tI: number } {
    const { t0, tMult } = this;
    if (epoch < t0) return { tCur: epoch, tI: t0 };
    if (tMult === 1) return { tCur: epoch % t0, tI: t0 };
    // The period index n solves t0·(tMult^n − 1)/(tMult − 1) ≤ epoch; the log gives it up to
    // rounding, which the two loops correct at exact restart epochs.
    const start = (k: number) => (t0 * (tMult ** k - 1)) / (tMult - 1);
    let n = Math.floor(Math.log((epoch / t0) * (tMult - 1) + 1) / Math.log(tMult));
    while (start(n + 1) <= epoch) n++;
    while (n > 0 && start(n) > epoch) n--;
    return { tCur: epoch - start(n), tI: t0 * tMult ** n };
  }

  lrAt(epoch: number): number[] {
    const { tCur, tI } = this.position(epoch);
    return this.lrsFor(tCur, tI);
  }

  /** Advances one epoch, or with `epoch` jumps to it (fractional epochs allowed). */
  override step(epoch?: number): void {
    this.checkGroups(`${this.name}.step`);
    if (epoch !== undefined) {
      if (typeof epoch !== 'number' || !(epoch >= 0) || !Number.isFinite(epoch)) {
        throw new RangeError(
          `${this.name}.step: epoch must be a finite number ≥ 0, got ${describe(epoch)}`,
        );
      }
      this.setEpoch(epoch);
      return;
    }
    let tCur = this.tCur + 1;
    let tI = this.tI;
    if (tCur >= tI) {
      tCur -= tI;
      tI *= this.tMult;
    }
    this.tCur = tCur;
    this.tI = tI;
    this.lastEpoch += 1;
    this.applyLrs(this.lrsFor(tCur, tI));
  }

  override setEpoch(epoch: number): void {
    this.checkGroups(`${this.name}.step`);
    const { tCur, tI } = this.position(epoch);
    this.tCur = tCur;
    this.tI = tI;
    this.lastEpoch = Math.floor(epoch);
    this.applyLrs(this.lrsFor(tCur, tI));
  }

  protected override saveExtra(): SchedulerStateDict {
    return { tCur: this.tCur, tI: this.tI };
  }

  protected override loadExtra(stateDict: SchedulerStateDict, where: string): () => void {
    const { tCur, tI } = stateDict;
    if (typeof tCur !== 'number' || !(tCur >= 0)) stateFail(where, 'tCur', 'a number ≥ 0', tCur);
    if (typeof tI !== 'number' || !(tI > 0)) stateFail(where, 'tI', 'a number > 0', tI);
    return () => {
      this.tCur = tCur as number;
      this.tI = tI as number;
    };
  }

  private lrsFor(tCur: number, tI: number): number[] {
    const cos = Math.cos((Math.PI * tCur) / tI);
    return this.baseLrs.map((lr) => this.etaMin + ((lr - this.etaMin) * (1 + cos)) / 2);
  }
}
