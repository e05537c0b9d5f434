// The shape of the JSON file a run writes (schema `convkit-bench/1`); the report reads only this.
import type { EngineId } from '../cases/types';
import type { CheckResult, Summary } from './stats';

export type CellStatus =
  /** Checked and timed. */
  | 'ok'
  /** The correctness check failed: not timed (a fast wrong answer is a failure). */
  | 'wrong'
  /** The engine threw or its process died. */
  | 'failed'
  /** A single run exceeded the time limit, or was predicted to (then `estimatedMs` is set). */
  | 'timeout'
  /** The engine's library lacks a kernel this workload needs (e.g. TF.js wasm Conv2DBackpropFilter). */
  | 'no-kernel'
  /** Not applicable: e.g. backward passes on an inference-only runtime. */
  | 'n/a'
  /** The engine cannot run here at all (e.g. threads in Node, python3 missing). */
  | 'unavailable';

export interface Cell {
  engine: EngineId;
  status: CellStatus;
  reason?: string;
  check?: CheckResult;
  /** Untimed runs before timing, the correctness run first. */
  warmupMs?: number[];
  /** Timed run per round (null: the engine sat that round out); rounds pair engines for ratios. */
  roundsMs?: (number | null)[];
  /** Over the timed runs. */
  ms?: Summary;
  reps?: number;
  /** From the median time (and the min time, for the best case). */
  gflops?: number;
  gflopsBest?: number;
  /** Items per second from the median time (e.g. images/s). */
  itemsPerSec?: number;
  /** Largest resident set of the engine's process so far (MiB), including its runtime. */
  peakRssMiB?: number;
  /** For a timeout: the limit a single run exceeded, or the predicted time of a run not started. */
  limitMs?: number;
  estimatedMs?: number;
}

/** convkit's speed-up over a peer: peer time / convkit time, round by round (> 1: convkit is faster). */
export interface Ratio {
  engine: EngineId;
  pairs: number;
  median?: number;
  min?: number;
  max?: number;
  /** When the peer timed out: convkit is at least this many times faster. */
  atLeast?: number;
}

export interface Row {
  id: string;
  case: string;
  title: string;
  detail: string;
  flops?: number;
  items?: { count: number; unit: string };
  cells: Cell[];
  ratios: Ratio[];
}

export interface EngineReport {
  id: EngineId;
  label: string;
  available: boolean;
  reason?: string;
  version?: string;
  /** Threads requested, and what the engine reports it really uses. */
  threadsRequested: number;
  threads?: number;
  notes?: string[];
  /** RSS of the engine's process once its library is loaded, before any work (MiB). */
  baselineRssMiB?: number;
}

export interface Machine {
  cpu: string;
  cores: number;
  cpuFlags: string[];
  memoryGiB: number;
  platform: string;
  node: string;
  v8: string;
}

export interface BenchResult {
  schema: 'convkit-bench/1';
  date: string;
  durationS: number;
  quick: boolean;
  options: {
    reps: number;
    budgetS: number;
    timeoutS: number;
    filter: string | null;
    engines: EngineId[];
  };
  machine: Machine;
  git: { commit: string; dirty: boolean } | null;
  packages: Record<string, string>;
  engines: EngineReport[];
  rows: Row[];
  /** Checks that failed or engines that crashed; the CLI exits non-zero when this is not empty. */
  failures: string[];
}
