import { describe } from '../internal/describe';

/** The part of an optimiser a scheduler uses: its parameter groups (and option defaults). */
export interface SchedulableOptimizer {
  readonly name?: string;
  readonly paramGroups: ReadonlyArray<{ lr: number; initialLr?: number }>;
  readonly defaults: object;
}

/** A scheduler's saved progress; plain numbers and arrays, so JSON keeps it. */
export type SchedulerStateDict = Record<string, unknown>;

/** Checks that `optimizer` looks like an optimiser; returns its groups. */
export function checkOptimizer(optimizer: unknown, where: string): SchedulableOptimizer {
  const groups = (optimizer as SchedulableOptimizer | null)?.paramGroups;
  if (!Array.isArray(groups) || groups.some((g) => typeof g?.lr !== 'number')) {
    throw new TypeError(
      `${where}: optimizer must be an Optimizer (with paramGroups), got ${describe(optimizer)}`,
    );
  }
  return optimizer as SchedulableOptimizer;
}

/** Throws `${where}: ${path} must be ${expected}, got …` for a state-dict field. */
export function stateFail(where: string, path: string, expected: string, actual: unknown): never {
  throw new RangeError(`${where}: ${path} must be ${expected}, got ${describe(actual)}`);
}

/** Reads an array of `length` numbers from a state dict. */
export function readNumbers(value: unknown, length: number, where: string, path: string): number[] {
  if (
    !Array.isArray(value) ||
    value.length !== length ||
    value.some((v) => typeof v !== 'number')
  ) {
    stateFail(where, path, `an array of ${length} numbers`, value);
  }
  return [...(value as number[])];
}

/**
 * Base class of the epoch-indexed learning-rate schedulers. The lr of each parameter group
 * is a closed-form function of the group's initial lr and the epoch (`lrAt`), so a schedule
 * never drifts by rounding and can be inspected ahead of time; `step()` advances one epoch
 * and writes the new lrs into the optimiser's groups.
 *
 * As in PyTorch, constructing a scheduler already applies epoch 0 (`lastEpoch` becomes 0),
 * and the initial lr is recorded per group as `initialLr` (kept if already set, so several
 * schedulers on one optimiser share it). Subclasses set their fields, then call
 * `this.setEpoch(0)` at the end of their constructor.
 * @example
 * class HalvingLR extends LRScheduler {
 *   constructor(optimizer: SchedulableOptimizer) {
 *     super('HalvingLR', optimizer);
 *     this.setEpoch(0);
 *   }
 *   lrAt(epoch: number): number[] {
 *     return this.baseLrs.map((lr) => lr / 2 ** epoch);
 *   }
 * }
 */
export abstract class LRScheduler {
  readonly optimizer: SchedulableOptimizer;
  /** The scheduler's name, as used in error messages. */
  readonly name: string;
  /** Index of the current epoch: -1 before the first step, 0 after construction. */
  lastEpoch = -1;
  /** Each group's initial lr. */
  protected baseLrs: number[];
  protected lastLr: number[];

  protected constructor(name: string, optimizer: SchedulableOptimizer) {
    this.name = name;
    this.optimizer = checkOptimizer(optimizer, name);
    for (const group of this.groups())
      if (group.initialLr === undefined) group.initialLr = group.lr;
    this.baseLrs = this.groups().map((g) => g.initialLr as number);
    this.lastLr = this.groups().map((g) => g.lr);
  }

  /** The lr of each group at `epoch`, from the closed form; changes nothing. */
  abstract lrAt(epoch: number): number[];

  /** Advances one epoch and sets each group's lr. */
  step(): void {
    this.setEpoch(this.lastEpoch + 1);
  }

  /** Jumps to `epoch` and sets each group's lr from the closed form (SequentialLR uses it at milestones). */
  setEpoch(epoch: number): void {
    this.checkGroups(`${this.name}.step`);
    const lrs = this.lrAt(epoch);
    this.lastEpoch = epoch;
    this.applyLrs(lrs);
  }

  /** The lrs set by the last step, one per parameter group. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** The scheduler's progress (epoch, base and last lrs, and any counters); its settings come from the constructor. */
  stateDict(): SchedulerStateDict {
    return {
      lastEpoch: this.lastEpoch,
      baseLrs: [...this.baseLrs],
      lastLr: [...this.lastLr],
      ...this.saveExtra(),
    };
  }

  /**
   * Restores progress saved by `stateDict()`. It does not touch the optimiser's lrs: load
   * the optimiser's own state dict too (it holds them).
   */
  loadStateDict(stateDict: SchedulerStateDict): void {
    const where = `${this.name}.loadStateDict`;
    if (stateDict === null || typeof stateDict !== 'object')
      stateFail(where, 'stateDict', 'an object', stateDict);
    const n = this.groups().length;
    const { lastEpoch, baseLrs, lastLr } = stateDict;
    if (typeof lastEpoch !== 'number' || !(lastEpoch >= -1))
      stateFail(where, 'lastEpoch', 'a number ≥ -1', lastEpoch);
    const base = readNumbers(baseLrs, n, where, 'baseLrs');
    const last = readNumbers(lastLr, n, where, 'lastLr');
    const commitExtra = this.loadExtra(stateDict, where);
    this.lastEpoch = lastEpoch as number;
    this.baseLrs = base;
    this.lastLr = last;
    commitExtra();
  }

  /** Extra progress fields for the state dict. */
  protected saveExtra(): SchedulerStateDict {
    return {};
  }

  /** Validates extra fields and returns a function that installs them. */
  protected loadExtra(_stateDict: SchedulerStateDict, _where: string): () => void {
    return () => {};
  }

  protected groups(): Array<{ lr: number; initialLr?: number }> {
    return this.optimizer.paramGroups as Array<{ lr: number; initialLr?: number }>;
  }

  protected checkGroups(where: string): void {
    const n = this.groups().length;
    if (n !== this.baseLrs.length) {
      throw new RangeError(
        `${where}: the optimizer must keep the ${this.baseLrs.length} param groups the scheduler was built with, got ${n}`,
      );
    }
  }

  protected applyLrs(lrs: readonly number[]): void {
    this.groups().forEach((group, i) => {
      group.lr = lrs[i];
    });
    this.lastLr = [...lrs];
  }
}
