// One engine on one variant: correctness run and check, warm-ups, then its share of the
// timed rounds (the orchestrator interleaves the rounds of all engines).
import type { EngineId, Outputs, Variant } from '../cases/types';
import type { Cell } from './result-types';
import { checkOutputs } from './stats';
import type { Outcome, WorkerClient } from './worker-client';

export interface CellRun {
  cell: Cell;
  worker: WorkerClient | null;
  /** Timed repetitions this engine takes part in. */
  reps: number;
}

interface Limits {
  quick: boolean;
  reps: number;
  budgetS: number;
  timeoutS: number;
}

const MiB = 1024;

function trackRss(cell: Cell, outcome: Outcome): void {
  if ('rssKiB' in outcome) cell.peakRssMiB = Math.max(cell.peakRssMiB ?? 0, outcome.rssKiB / MiB);
}

/** Turns a non-answer into the cell's status; returns true when the outcome was a failure. */
function failed(cell: Cell, outcome: Outcome, limitMs: number): boolean {
  switch (outcome.type) {
    case 'timeout':
      Object.assign(cell, {
        status: 'timeout',
        limitMs,
        reason: `a single run exceeded the ${limitMs / 1000} s limit`,
      });
      return true;
    case 'crashed':
      Object.assign(cell, { status: 'failed', reason: outcome.message });
      return true;
    case 'error':
      Object.assign(cell, {
        status: 'failed',
        reason: outcome.message.split('\n').slice(0, 3).join(' '),
      });
      return true;
    default:
      return false;
  }
}

/**
 * Sets the engine up on `variant` (its first run happens there), compares its outputs with
 * the float64 reference, warms it up, and decides how many timed repetitions fit the budget.
 */
export async function measureEngine(
  worker: WorkerClient,
  engine: EngineId,
  variant: Variant<unknown>,
  index: number,
  reference: Outputs,
  limits: Limits,
  payload: unknown,
  progress: (phase: string) => void,
): Promise<CellRun> {
  const timeoutMs = limits.timeoutS * 1000;
  const cell: Cell = { engine, status: 'ok' };
  progress('correctness run');
  // A setup builds inputs, compiles or loads, and runs once: allow it more than one run.
  const setup = await worker.request({ type: 'setup', index, payload }, timeoutMs + 15_000);
  trackRss(cell, setup);
  if (failed(cell, setup, timeoutMs)) return { cell, worker, reps: 0 };
  if (setup.type === 'unsupported') {
    Object.assign(cell, { status: setup.status, reason: setup.reason });
    return { cell, worker, reps: 0 };
  }
  if (setup.type !== 'checked') throw new Error(`measure: unexpected reply ${setup.type}`);
  cell.check = checkOutputs(setup.outputs, reference, variant.tolerance ?? 2e-4);
  cell.warmupMs = [setup.warmMs];
  if (!cell.check.passed) {
    Object.assign(cell, {
      status: 'wrong',
      reason: `${cell.check.detail}: relative error ${cell.check.relError.toExponential(2)} > ${cell.check.tolerance}`,
    });
    return { cell, worker, reps: 0 };
  }
  // JIT compilers (V8, jax-js) need a few runs; long runs are warm after one.
  const extra = limits.quick ? 0 : setup.warmMs < 250 ? 2 : setup.warmMs < 2500 ? 1 : 0;
  for (let i = 0; i < extra; i++) {
    progress(`warm-up ${i + 2}`);
    const r = await worker.request({ type: 'run' }, timeoutMs);
    trackRss(cell, r);
    if (failed(cell, r, timeoutMs)) return { cell, worker, reps: 0 };
    if (r.type === 'time') cell.warmupMs.push(r.ms);
  }
  // Every cell gets `reps` timed repetitions (5 by default); cells fast enough to fit more
  // into the budget get up to three times as many, which steadies their medians.
  const last = cell.warmupMs[cell.warmupMs.length - 1];
  const fit = Math.floor((limits.budgetS * 1000) / Math.max(last, 1e-3));
  const reps = limits.quick ? limits.reps : Math.max(limits.reps, Math.min(3 * limits.reps, fit));
  cell.roundsMs = [];
  return { cell, worker, reps };
}

/** One timed run of this engine in round `round`. */
export async function timeRound(run: CellRun, round: number, timeoutMs: number): Promise<void> {
  const { cell, worker } = run;
  if (worker === null || cell.status !== 'ok') return;
  const rounds = cell.roundsMs ?? [];
  const r = await worker.request({ type: 'run' }, timeoutMs);
  trackRss(cell, r);
  while (rounds.length < round) rounds.push(null);
  if (r.type === 'time') rounds.push(r.ms);
  else if (failed(cell, r, timeoutMs)) run.reps = 0;
  cell.roundsMs = rounds;
}
