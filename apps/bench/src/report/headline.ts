// The figures issue 10 (fast kernels) is judged by, derived from the rows of one run:
// conv2d forward GFLOP/s, backward/forward ratios, matmul 1024, the MNIST training step,
// thread speed-ups and peak RSS, each with its target.
import type { EngineId } from '../cases/types';
import { THREAD_PAIRS } from '../engines/registry';
import type { BenchResult, Cell, Row } from '../internal/result-types';
import { pairedRatios, summarize } from '../internal/stats';
import { enginesOf, label, num, renderText, statusText, type Table } from './format';

const SHAPES = ['a', 'b', 'c', 'd', 's2', 'dw'];

/** Single-thread OpenBLAS sgemm as issue 10 measured it, for machines without python3/NumPy. */
export const QUOTED_OPENBLAS_GFLOPS = 65;

function row(result: BenchResult, id: string): Row | undefined {
  return result.rows.find((r) => r.id === id);
}

function cell(result: BenchResult, id: string, engine: EngineId): Cell | undefined {
  return row(result, id)?.cells.find((c) => c.engine === engine);
}

function median(result: BenchResult, id: string, engine: EngineId): number | undefined {
  const c = cell(result, id, engine);
  return c?.status === 'ok' ? c.ms?.median : undefined;
}

function speedup(result: BenchResult, id: string, engine: EngineId): number | undefined {
  return row(result, id)?.ratios.find((r) => r.engine === engine)?.median;
}

const show = (x: number | undefined, suffix = ''): string =>
  x === undefined ? '–' : `${num(x)}${suffix}`;

/** GFLOP/s of conv2d forward per shape and engine. */
export function convForwardTable(result: BenchResult): Table {
  const engines = enginesOf(result).filter((e) => e !== 'openblas-1t');
  const shapes = SHAPES.filter((s) => row(result, `conv2d/${s}/forward`) !== undefined);
  return {
    header: ['conv2d fwd GFLOP/s', ...engines.map((e) => label(result, e))],
    rows: shapes.map((s) => [
      `(${s})`,
      ...engines.map((e) => show(cell(result, `conv2d/${s}/forward`, e)?.gflops)),
    ]),
  };
}

/** (backward-input + backward-weight) / forward time, per shape and engine (target for convkit: ≤ 3). */
export function backwardRatioTable(result: BenchResult): Table {
  const engines = enginesOf(result).filter((e) => !e.startsWith('ort') && e !== 'openblas-1t');
  const shapes = SHAPES.filter((s) => row(result, `conv2d/${s}/forward`) !== undefined);
  const ratio = (s: string, e: EngineId) => {
    const f = median(result, `conv2d/${s}/forward`, e);
    const bi = median(result, `conv2d/${s}/backward-input`, e);
    const bw = median(result, `conv2d/${s}/backward-weight`, e);
    return f === undefined || bi === undefined || bw === undefined ? undefined : (bi + bw) / f;
  };
  return {
    header: ['(bwd-in + bwd-w) / fwd', ...engines.map((e) => label(result, e))],
    rows: shapes.map((s) => [`(${s})`, ...engines.map((e) => show(ratio(s, e), '×'))]),
  };
}

/** GFLOP/s of square matmul per size and engine. */
export function matmulTable(result: BenchResult): Table {
  const engines = enginesOf(result).filter((e) => e !== 'tfjs-wasm-2t');
  const rows = result.rows.filter((r) => r.case === 'matmul');
  return {
    header: ['matmul GFLOP/s', ...engines.map((e) => label(result, e))],
    rows: rows.map((r) => [
      r.title.replace('matmul ', 'n = '),
      ...engines.map((e) => show(r.cells.find((c) => c.engine === e)?.gflops)),
    ]),
  };
}

/** The MNIST CNN per engine: training images/s and steps/s, inference images/s, peak RSS. */
export function mnistTable(result: BenchResult): Table {
  const engines = enginesOf(result).filter((e) => e !== 'openblas-1t');
  const train = 'mnist/train-step';
  const infer = 'mnist/inference';
  const status = (c: Cell | undefined) =>
    c === undefined ? '–' : c.status === 'ok' ? undefined : statusText(c.status);
  return {
    header: ['MNIST CNN, batch 64', ...engines.map((e) => label(result, e))],
    rows: [
      [
        'train images/s',
        ...engines.map(
          (e) => status(cell(result, train, e)) ?? show(cell(result, train, e)?.itemsPerSec),
        ),
      ],
      [
        'train steps/s',
        ...engines.map((e) => {
          const m = median(result, train, e);
          return m === undefined ? (status(cell(result, train, e)) ?? '–') : num(1000 / m);
        }),
      ],
      [
        'convkit speed-up (train)',
        ...engines.map((e) => (e === 'convkit' ? '1×' : show(speedup(result, train, e), '×'))),
      ],
      [
        'inference images/s',
        ...engines.map(
          (e) => status(cell(result, infer, e)) ?? show(cell(result, infer, e)?.itemsPerSec),
        ),
      ],
      ['peak RSS, training (MiB)', ...engines.map((e) => show(cell(result, train, e)?.peakRssMiB))],
    ],
  };
}

/** Time on engine `one` ÷ time on `many` for row `id`: the median over paired rounds. */
function threadSpeedup(
  result: BenchResult,
  id: string,
  one: EngineId,
  many: EngineId,
): number | undefined {
  const a = cell(result, id, one);
  const b = cell(result, id, many);
  if (a?.status !== 'ok' || b?.status !== 'ok') return undefined;
  return summarize(pairedRatios(a.roundsMs ?? [], b.roundsMs ?? []))?.median;
}

/** Speed-up from one thread to more, for engines that have both (pairs of the same rounds). */
export function threadTable(result: BenchResult): Table {
  const rows: string[][] = [];
  const avail = (id: EngineId) => result.engines.find((e) => e.id === id);
  for (const [one, many] of THREAD_PAIRS) {
    const m = avail(many);
    if (avail(one) === undefined || m === undefined) continue;
    if (!m.available) {
      // The full reason is in the engine list; a table cell gets its gist.
      rows.push([label(result, many), 'unavailable here (see the engine list)', '–']);
      continue;
    }
    const ratios: string[] = [];
    for (const r of result.rows) {
      const s = threadSpeedup(result, r.id, one, many);
      if (s !== undefined) ratios.push(`${r.title} ${num(s)}×`);
    }
    rows.push([
      `${label(result, one)} → ${label(result, many)}`,
      ratios.slice(0, 8).join(', ') || 'no common rows',
      `${m.threads ?? '?'} threads`,
    ]);
  }
  return { header: ['engine', 'speed-up (time at 1 thread ÷ time at N)', 'N'], rows };
}

export interface Target {
  name: string;
  target: string;
  measured: string;
  /** null: not measured in this run (or not applicable yet). */
  met: boolean | null;
}

/** Issue 10's targets, checked against this run. */
export function targets(result: BenchResult): Target[] {
  const out: Target[] = [];
  const add = (
    name: string,
    target: string,
    value: number | undefined,
    pass: (v: number) => boolean,
    unit = '×',
  ) =>
    out.push({
      name,
      target,
      measured: show(value, unit),
      // --quick sizes say nothing about speed: show the figure, judge nothing.
      met: value === undefined || result.quick ? null : pass(value),
    });
  for (const s of ['a', 'b', 'c', 'd']) {
    const id = `conv2d/${s}/forward`;
    add(
      `conv2d (${s}) fwd vs TF.js wasm`,
      'speed-up ≥ 1',
      speedup(result, id, 'tfjs-wasm'),
      (v) => v >= 1,
    );
    add(
      `conv2d (${s}) fwd vs onnxruntime 1t`,
      'speed-up ≥ 0.5 (within 2×)',
      speedup(result, id, 'ort-1t'),
      (v) => v >= 0.5,
    );
    const f = median(result, id, 'convkit');
    const bi = median(result, `conv2d/${s}/backward-input`, 'convkit');
    const bw = median(result, `conv2d/${s}/backward-weight`, 'convkit');
    add(
      `conv2d (${s}) (bwd-in + bwd-w) / fwd, convkit`,
      '≤ 3×',
      f && bi && bw ? (bi + bw) / f : undefined,
      (v) => v <= 3,
    );
  }
  const train = 'mnist/train-step';
  const cpu = row(result, train)?.ratios.find((r) => r.engine === 'tfjs-cpu');
  add(
    'MNIST train step vs TF.js cpu',
    'speed-up ≥ 200',
    cpu?.median ?? cpu?.atLeast,
    (v) => v >= 200,
  );
  add(
    'MNIST train step, convkit',
    '≥ 1,500 images/s',
    cell(result, train, 'convkit')?.itemsPerSec,
    (v) => v >= 1500,
    ' images/s',
  );
  add(
    'MNIST train step, 1 → 2 threads',
    '≥ 1.6×',
    threadSpeedup(result, train, 'convkit', 'convkit-2t'),
    (v) => v >= 1.6,
  );
  add(
    'MNIST training peak RSS, convkit',
    '≤ 300 MiB',
    cell(result, train, 'convkit')?.peakRssMiB,
    (v) => v <= 300,
    ' MiB',
  );
  add(
    'matmul 1024 vs TF.js wasm',
    'speed-up ≥ 1',
    speedup(result, 'matmul/1024', 'tfjs-wasm'),
    (v) => v >= 1,
  );
  const ours = cell(result, 'matmul/1024', 'convkit')?.gflops;
  const measuredBlas = cell(result, 'matmul/1024', 'openblas-1t')?.gflops;
  // Without python3/NumPy here, compare with the figure issue 10 measured on its machine.
  const blas = measuredBlas ?? QUOTED_OPENBLAS_GFLOPS;
  add(
    measuredBlas === undefined
      ? `matmul 1024, share of OpenBLAS 1t (quoted ${QUOTED_OPENBLAS_GFLOPS} GFLOP/s)`
      : 'matmul 1024, share of OpenBLAS 1t',
    '≥ 40%',
    ours && blas ? (100 * ours) / blas : undefined,
    (v) => v >= 40,
    '%',
  );
  return out;
}

/** The headline block printed after the tables. */
export function headlineText(result: BenchResult): string {
  const t = targets(result);
  const mark = (m: boolean | null) => (m === null ? '–' : m ? 'met' : 'not met');
  const targetTable: Table = {
    header: ['issue 10 target', 'goal', 'this run', ''],
    rows: t.map((x) => [x.name, x.target, x.measured, mark(x.met)]),
  };
  return [
    convForwardTable(result),
    backwardRatioTable(result),
    matmulTable(result),
    mnistTable(result),
    threadTable(result),
    targetTable,
  ]
    .filter((table) => table.rows.length > 0)
    .map(renderText)
    .join('\n\n');
}
