// The orchestrator: for each case it starts one process per engine (plus one for the
// float64 reference), checks every engine's answer before timing it, then times the engines
// in rounds — convkit, peer, peer, …, convkit, peer, … — so that ratios are taken pair by
// pair and drift of the shared machine hits every engine alike.
import { CASES } from './cases/index';
import type { BenchCase, EngineId, Variant } from './cases/types';
import { ENGINES, type EngineSpec } from './engines/registry';
import { describeMachine, gitState, packageVersions } from './internal/machine';
import { type CellRun, measureEngine, timeRound } from './internal/measure';
import type { BenchResult, Cell, EngineReport, Ratio, Row } from './internal/result-types';
import { pairedRatios, summarize } from './internal/stats';
import {
  type Outcome,
  startNodeWorker,
  startPythonWorker,
  type WorkerClient,
} from './internal/worker-client';

export interface RunOptions {
  quick: boolean;
  /** Target timed repetitions per cell (fewer when a cell would exceed its budget). */
  reps: number;
  /** Time budget of the timed repetitions of one cell, in seconds. */
  budgetS: number;
  /** Limit of one run (and of a setup with its correctness run), in seconds. */
  timeoutS: number;
  filter: RegExp | null;
  engines: EngineId[];
  onProgress?: (event: ProgressEvent) => void;
}

export type ProgressEvent =
  | { type: 'variant'; index: number; total: number; title: string }
  | { type: 'engine'; title: string; engine: EngineId | 'reference'; phase: string }
  | { type: 'row'; row: Row };

const MiB = 1024;

/** Runs every selected variant of every case on every selected engine. */
export async function runBench(options: RunOptions): Promise<BenchResult> {
  const started = Date.now();
  const specs = ENGINES.filter((e) => options.engines.includes(e.id));
  const reports = new Map<EngineId, EngineReport>();
  for (const spec of specs)
    reports.set(spec.id, {
      id: spec.id,
      label: spec.label,
      available: true,
      threadsRequested: spec.threads,
    });
  const plan = CASES.map((c) => ({
    benchCase: c as BenchCase<unknown>,
    variants: (c as BenchCase<unknown>)
      .variants(options.quick)
      .map((variant, index) => ({ variant, index }))
      .filter(({ variant }) => options.filter === null || options.filter.test(variant.id)),
  })).filter((p) => p.variants.length > 0);
  const total = plan.reduce((n, p) => n + p.variants.length, 0);
  const rows: Row[] = [];
  const failures: string[] = [];
  const limits = new FamilyLimits();
  let done = 0;

  for (const { benchCase, variants } of plan) {
    const pool = new WorkerPool(benchCase, specs, options.quick, reports);
    try {
      await pool.startAll();
      for (const { variant, index } of variants) {
        options.onProgress?.({ type: 'variant', index: done, total, title: variant.title });
        if (variant.fresh === true) await pool.restartUsed();
        const row = await runVariant(benchCase, variant, index, pool, options, limits);
        for (const cell of row.cells) {
          if (cell.status === 'wrong' || cell.status === 'failed')
            failures.push(`${row.id} on ${cell.engine}: ${cell.status}: ${cell.reason ?? ''}`);
        }
        rows.push(row);
        done++;
        options.onProgress?.({ type: 'row', row });
      }
    } finally {
      await pool.closeAll();
    }
  }
  return {
    schema: 'convkit-bench/1',
    date: new Date(started).toISOString(),
    durationS: Math.round((Date.now() - started) / 100) / 10,
    quick: options.quick,
    options: {
      reps: options.reps,
      budgetS: options.budgetS,
      timeoutS: options.timeoutS,
      filter: options.filter?.source ?? null,
      engines: specs.map((s) => s.id),
    },
    machine: describeMachine(),
    git: gitState(),
    packages: packageVersions(),
    engines: [...reports.values()],
    rows,
    failures,
  };
}

async function runVariant(
  benchCase: BenchCase<unknown>,
  variant: Variant<unknown>,
  index: number,
  pool: WorkerPool,
  options: RunOptions,
  limits: FamilyLimits,
): Promise<Row> {
  const timeoutMs = options.timeoutS * 1000;
  const progress = (engine: EngineId | 'reference', phase: string) =>
    options.onProgress?.({ type: 'engine', title: variant.title, engine, phase });
  progress('reference', 'float64 reference');
  const refWorker = await pool.get('reference');
  const ref: Outcome =
    refWorker === null
      ? { type: 'crashed', message: 'reference worker did not start' }
      : await refWorker.request({ type: 'setup', index }, 5 * timeoutMs);
  if (refWorker !== null && ref.type === 'checked')
    await refWorker.request({ type: 'release' }, timeoutMs);
  const runs: CellRun[] = [];
  for (const spec of pool.specs) {
    const report = pool.reports.get(spec.id) as EngineReport;
    if (!report.available) {
      runs.push({
        cell: { engine: spec.id, status: 'unavailable', reason: report.reason },
        worker: null,
        reps: 0,
      });
      continue;
    }
    if (spec.kind === 'openblas' && benchCase.openblas === undefined) {
      runs.push({
        cell: { engine: spec.id, status: 'n/a', reason: `OpenBLAS runs matmul only` },
        worker: null,
        reps: 0,
      });
      continue;
    }
    if (ref.type !== 'checked') {
      const why = ref.type === 'error' ? ref.message.split('\n')[0] : ref.type;
      runs.push({
        cell: { engine: spec.id, status: 'failed', reason: `float64 reference failed: ${why}` },
        worker: null,
        reps: 0,
      });
      continue;
    }
    const skip = limits.skip(spec.id, variant, timeoutMs);
    if (skip !== null) {
      runs.push({ cell: { engine: spec.id, ...skip }, worker: null, reps: 0 });
      continue;
    }
    const worker = await pool.get(spec.id);
    if (worker === null) {
      const r = pool.reports.get(spec.id) as EngineReport;
      runs.push({
        cell: { engine: spec.id, status: r.available ? 'failed' : 'unavailable', reason: r.reason },
        worker: null,
        reps: 0,
      });
      continue;
    }
    const payload = spec.kind === 'openblas' ? benchCase.openblas?.(variant.params) : undefined;
    const run = await measureEngine(
      worker,
      spec.id,
      variant,
      index,
      ref.outputs,
      options,
      payload,
      (phase) => progress(spec.id, phase),
    );
    limits.record(spec.id, variant, run.cell, timeoutMs);
    runs.push(run);
  }
  const rounds = Math.max(0, ...runs.map((r) => r.reps));
  for (let r = 0; r < rounds; r++) {
    for (const run of runs) {
      if (r < run.reps && run.cell.status === 'ok') {
        progress(run.cell.engine, `rep ${r + 1}/${run.reps}`);
        await timeRound(run, r, timeoutMs);
      }
    }
  }
  for (const run of runs)
    if (run.worker?.alive) await run.worker.request({ type: 'release' }, timeoutMs);
  const cells = runs.map((run) => finishCell(run.cell, variant));
  return {
    id: variant.id,
    case: benchCase.name,
    title: variant.title,
    detail: variant.detail,
    flops: variant.flops,
    items: variant.items,
    cells,
    ratios: ratiosOf(cells, timeoutMs),
  };
}

function finishCell(cell: Cell, variant: Variant<unknown>): Cell {
  const times = (cell.roundsMs ?? []).filter((t): t is number => t !== null);
  const ms = summarize(times);
  if (ms === null) return cell;
  const out: Cell = { ...cell, ms, reps: times.length };
  if (variant.flops !== undefined) {
    out.gflops = variant.flops / ms.median / 1e6;
    out.gflopsBest = variant.flops / ms.min / 1e6;
  }
  if (variant.items !== undefined) out.itemsPerSec = (variant.items.count * 1000) / ms.median;
  if (out.peakRssMiB !== undefined) out.peakRssMiB = Math.round(out.peakRssMiB * 10) / 10;
  return out;
}

function ratiosOf(cells: Cell[], timeoutMs: number): Ratio[] {
  const base = cells.find((c) => c.engine === 'convkit');
  if (base === undefined || base.status !== 'ok' || base.ms === undefined) return [];
  const out: Ratio[] = [];
  for (const cell of cells) {
    if (cell.engine === 'convkit') continue;
    if (cell.status === 'ok') {
      const pairs = pairedRatios(cell.roundsMs ?? [], base.roundsMs ?? []);
      const s = summarize(pairs);
      if (s !== null)
        out.push({
          engine: cell.engine,
          pairs: pairs.length,
          median: s.median,
          min: s.min,
          max: s.max,
        });
    } else if (cell.status === 'timeout') {
      out.push({
        engine: cell.engine,
        pairs: 0,
        atLeast: (cell.limitMs ?? timeoutMs) / base.ms.median,
      });
    }
  }
  return out;
}

/**
 * Remembers, per engine and variant family, how fast the engine went and where it hit the
 * time limit, so that a larger variant it cannot finish is reported without spending the
 * limit again.
 */
class FamilyLimits {
  private rate = new Map<string, number>();
  private timedOut = new Map<string, { flops: number; title: string }>();

  skip(
    engine: EngineId,
    v: Variant<unknown>,
    timeoutMs: number,
  ): Pick<Cell, 'status' | 'reason' | 'limitMs' | 'estimatedMs'> | null {
    if (v.family === undefined || v.flops === undefined) return null;
    const key = `${engine}|${v.family}`;
    const hit = this.timedOut.get(key);
    if (hit !== undefined && hit.flops <= v.flops) {
      return {
        status: 'timeout',
        limitMs: timeoutMs,
        reason: `not started: ${hit.title}, with fewer FLOPs, already exceeded the ${timeoutMs / 1000} s limit`,
      };
    }
    const rate = this.rate.get(key);
    const estimatedMs = rate === undefined ? undefined : v.flops / rate;
    if (estimatedMs !== undefined && estimatedMs > 1.5 * timeoutMs) {
      return {
        status: 'timeout',
        limitMs: timeoutMs,
        estimatedMs,
        reason: `not started: predicted ${(estimatedMs / 1000).toFixed(0)} s per run from ${(rate as number) / 1e6} GFLOP/s on a smaller variant (limit ${timeoutMs / 1000} s)`,
      };
    }
    return null;
  }

  record(engine: EngineId, v: Variant<unknown>, cell: Cell, timeoutMs: number): void {
    if (v.family === undefined || v.flops === undefined) return;
    const key = `${engine}|${v.family}`;
    if (cell.status === 'timeout') {
      const prev = this.timedOut.get(key);
      if (prev === undefined || v.flops < prev.flops)
        this.timedOut.set(key, { flops: v.flops, title: v.title });
    } else if (cell.warmupMs !== undefined && cell.warmupMs.length > 0) {
      const fastest = Math.min(...cell.warmupMs);
      const rate = v.flops / Math.max(fastest, 1e-3);
      if (rate > (this.rate.get(key) ?? 0)) this.rate.set(key, rate);
    }
    void timeoutMs;
  }
}

/** Why an optional native reference is missing, and the figure to compare with instead. */
function optional(spec: EngineSpec | undefined, why: string): string {
  if (spec?.kind !== 'openblas') return why;
  return `${why}: the optional OpenBLAS reference (python3 with NumPy) is skipped; issue 10 quotes about 65 GFLOP/s for single-thread OpenBLAS sgemm on its 2-core Xeon`;
}

/** The worker processes of one case, started together and restarted when one was killed. */
class WorkerPool {
  private workers = new Map<EngineId | 'reference', WorkerClient>();
  private used = new Set<EngineId | 'reference'>();
  readonly specs: readonly EngineSpec[];

  constructor(
    private readonly benchCase: BenchCase<unknown>,
    specs: readonly EngineSpec[],
    private readonly quick: boolean,
    readonly reports: Map<EngineId, EngineReport>,
  ) {
    this.specs = specs;
  }

  /** A ready worker for `engine`, starting it if needed; null if it cannot run. */
  async get(engine: EngineId | 'reference'): Promise<WorkerClient | null> {
    const existing = this.workers.get(engine);
    if (existing?.alive) {
      this.used.add(engine);
      return existing;
    }
    const spec = this.specs.find((s) => s.id === engine);
    const worker =
      spec?.transport === 'python' ? startPythonWorker(spec.id) : startNodeWorker(engine);
    const ready = await worker.request(
      { type: 'init', engine, caseName: this.benchCase.name, quick: this.quick },
      120_000,
    );
    if (engine !== 'reference') {
      const report = this.reports.get(engine) as EngineReport;
      if (ready.type === 'ready' && report.version === undefined) {
        Object.assign(report, {
          version: ready.info.version,
          threads: ready.info.threads,
          notes: ready.info.notes,
          baselineRssMiB: Math.round(ready.rssKiB / MiB),
        });
      } else if (ready.type === 'unavailable') {
        Object.assign(report, { available: false, reason: optional(spec, ready.reason) });
      } else if (spec?.transport === 'python' && ready.type === 'crashed') {
        // No python3 here (e.g. a Node-only CI machine): the reference is optional.
        Object.assign(report, { available: false, reason: optional(spec, 'no python3 found') });
      } else if (ready.type !== 'ready') {
        const why =
          ready.type === 'error'
            ? ready.message.split('\n')[0]
            : ready.type === 'crashed'
              ? ready.message
              : 'init timed out';
        Object.assign(report, { available: false, reason: `failed to start: ${why}` });
      }
    }
    if (ready.type !== 'ready') {
      await worker.close();
      return null;
    }
    this.workers.set(engine, worker);
    this.used.add(engine);
    return worker;
  }

  /** Starts every applicable engine at once (startup is not timed, so it may overlap). */
  async startAll(): Promise<void> {
    const engines = this.specs
      .filter(
        (s) =>
          (this.reports.get(s.id) as EngineReport).available &&
          (s.kind !== 'openblas' || this.benchCase.openblas !== undefined),
      )
      .map((s) => s.id);
    await Promise.all((['reference', ...engines] as const).map((e) => this.get(e)));
    this.used.clear();
  }

  /** Ends the processes that did work, so the next variant's peak RSS is its own. */
  async restartUsed(): Promise<void> {
    if (this.used.size === 0) return;
    await Promise.all([...this.used].map((e) => this.workers.get(e)?.close()));
    for (const e of this.used) this.workers.delete(e);
    this.used.clear();
    await this.startAll();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.workers.values()].map((w) => w.close()));
    this.workers.clear();
  }
}
