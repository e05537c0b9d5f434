// Cell formatting shared by the terminal tables and docs/benchmarks.md.
import type { EngineId } from '../cases/types';
import { ENGINES } from '../engines/registry';
import type { BenchResult, Cell, Ratio, Row } from '../internal/result-types';

/** Three significant digits, without exponent notation for everyday magnitudes. */
export function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString('en-US');
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  if (a >= 0.01) return x.toFixed(3);
  if (a === 0) return '0';
  return x.toExponential(1);
}

export function label(result: BenchResult, id: EngineId): string {
  return (
    result.engines.find((e) => e.id === id)?.label ?? ENGINES.find((e) => e.id === id)?.label ?? id
  );
}

/** How a cell without a number reads in tables. */
export function statusText(status: string): string {
  return STATUS_TEXT[status] ?? status;
}

const STATUS_TEXT: Record<string, string> = {
  'no-kernel': 'no kernel',
  'n/a': '–',
  unavailable: 'unavail.',
  wrong: 'WRONG',
  failed: 'FAILED',
  timeout: 'timeout',
};

/** convkit's speed-up over a peer for one row: "2.31×", "> 150×", or the peer's status. */
export function ratioText(row: Row, engine: EngineId): string {
  const r: Ratio | undefined = row.ratios.find((x) => x.engine === engine);
  if (r?.median !== undefined) return `${num(r.median)}×`;
  if (r?.atLeast !== undefined) return `> ${num(r.atLeast)}×`;
  const cell = row.cells.find((c) => c.engine === engine);
  if (cell === undefined) return '';
  if (cell.status === 'ok')
    return row.cells.find((c) => c.engine === 'convkit')?.status === 'ok' ? '' : '(convkit failed)';
  return STATUS_TEXT[cell.status] ?? cell.status;
}

/** Whole-network rows read best in images/s, even though their FLOPs are known. */
function prefersItems(row: Row): boolean {
  return row.items?.unit === 'images';
}

/** The unit a row is best read in: GFLOP/s where FLOPs are defined, else items/s, else ms. */
export function rowUnit(row: Row): string {
  if (prefersItems(row)) return `${row.items?.unit}/s`;
  if (row.flops !== undefined) return 'GFLOP/s';
  if (row.items !== undefined) return `${row.items.unit}/s`;
  return 'ms';
}

/** One engine's absolute figure for a row, in `rowUnit(row)`. */
export function absoluteText(row: Row, cell: Cell | undefined): string {
  if (cell === undefined) return '';
  if (cell.status !== 'ok' || cell.ms === undefined) {
    if (cell.status === 'timeout') return `> ${num((cell.limitMs ?? 0) / 1000)} s`;
    return STATUS_TEXT[cell.status] ?? cell.status;
  }
  if (prefersItems(row) && cell.itemsPerSec !== undefined) return num(cell.itemsPerSec);
  if (cell.gflops !== undefined) return num(cell.gflops);
  if (cell.itemsPerSec !== undefined) return num(cell.itemsPerSec);
  return num(cell.ms.median);
}

/**
 * Engines present in a result, in run order. Engines that could not run here at all (their
 * reason is in the engine list) get no column.
 */
export function enginesOf(result: BenchResult): EngineId[] {
  const unavailable = new Set(result.engines.filter((e) => !e.available).map((e) => e.id));
  return ENGINES.map((e) => e.id).filter(
    (id) => result.options.engines.includes(id) && !unavailable.has(id),
  );
}

export interface Table {
  header: string[];
  rows: string[][];
}

/** Rows = workloads, columns = peers; cells are convkit's speed-up (peer time ÷ convkit time). */
export function ratioTable(result: BenchResult): Table {
  const peers = enginesOf(result).filter((e) => e !== 'convkit');
  return {
    header: ['workload', ...peers.map((p) => `vs ${label(result, p)}`)],
    rows: result.rows.map((row) => [row.title, ...peers.map((p) => ratioText(row, p))]),
  };
}

/** Rows = workloads, columns = engines; each in the row's unit. */
export function absoluteTable(result: BenchResult): Table {
  const engines = enginesOf(result);
  return {
    header: ['workload', 'unit', ...engines.map((e) => label(result, e))],
    rows: result.rows.map((row) => [
      row.title,
      rowUnit(row),
      ...engines.map((e) =>
        absoluteText(
          row,
          row.cells.find((c) => c.engine === e),
        ),
      ),
    ]),
  };
}

/** A plain-text table with aligned columns (numbers right-aligned). */
export function renderText(table: Table): string {
  const all = [table.header, ...table.rows];
  const widths = table.header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [
    line(table.header),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...table.rows.map(line),
  ].join('\n');
}

/** A GitHub-flavoured Markdown table. */
export function renderMarkdown(table: Table): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const head = `| ${table.header.map(esc).join(' | ')} |`;
  const sep = `| ${table.header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`;
  return [head, sep, ...table.rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}
