import { checkOptions, describe, nonNegative, positiveInt } from '../internal/describe';

/** Where a progress bar writes: Node's `process.stdout`, or anything with `write`. */
export interface ProgressStream {
  write(text: string): unknown;
  /** True for a terminal: the bar redraws one line in place. */
  isTTY?: boolean;
  /** Terminal width; lines are cut to fit. */
  columns?: number;
}

export interface ProgressBarOptions {
  /** Output; default `process.stdout` in Node, none in browsers (the bar then does nothing). */
  stream?: ProgressStream | null;
  /** Redraw in place (default: `stream.isTTY`); false prints plain lines, for CI logs. */
  tty?: boolean;
  /** Characters of the bar itself (default 24). */
  width?: number;
  /** Least milliseconds between redraws on a terminal (default 100). */
  interval?: number;
  /** Least milliseconds between plain lines when not a terminal (default 10,000). */
  plainInterval?: number;
  /** Clock in milliseconds (default `performance.now`); for tests. */
  now?: () => number;
}

/** Values shown after the counts: numbers get four decimals, strings are shown as given. */
export type ProgressValues = Record<string, number | string>;

function defaultStream(): ProgressStream | null {
  const proc = (globalThis as { process?: { stdout?: ProgressStream } }).process;
  return proc?.stdout ?? null;
}

/** Seconds as `42s`, `3m05s` or `1h02m`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * A terminal progress bar for loops with a known number of steps, showing steps per
 * second, any values you pass (loss, accuracy) and the time left:
 * `epoch 1/3 [#########---------------] 100/250  9.8 batch/s  loss 0.3121  ETA 15s`.
 * On a terminal it redraws one line in place; when output is not a terminal (CI logs,
 * files) it prints a plain line every `plainInterval` ms instead. It never imports Node
 * modules: it writes to `process.stdout` when there is one and does nothing in browsers.
 * @example
 * const bar = new ProgressBar();
 * bar.start('epoch 1/3', 250);
 * for (let b = 1; b <= 250; b++) bar.update(b, { loss: 0.5 });
 * bar.finish('epoch 1/3  loss 0.3121');
 */
export class ProgressBar {
  private readonly stream: ProgressStream | null;
  private readonly tty: boolean;
  private readonly width: number;
  private readonly interval: number;
  private readonly plainInterval: number;
  private readonly now: () => number;
  private title = '';
  private total = 0;
  private startedAt = 0;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private drawn = false;
  /** Unit of the rate, e.g. `batch` for `batch/s`. */
  unit = 'batch';

  constructor(options?: ProgressBarOptions) {
    const where = 'ProgressBar';
    const opts = checkOptions(options, where);
    const stream = opts.stream === undefined ? defaultStream() : opts.stream;
    if (stream !== null && (typeof stream !== 'object' || typeof stream.write !== 'function')) {
      throw new TypeError(
        `${where}: stream must have a write(text) method, got ${describe(stream)}`,
      );
    }
    this.stream = stream;
    this.tty = opts.tty ?? stream?.isTTY === true;
    this.width = positiveInt(opts.width ?? 24, where, 'width');
    this.interval = nonNegative(opts.interval ?? 100, where, 'interval');
    this.plainInterval = nonNegative(opts.plainInterval ?? 10_000, where, 'plainInterval');
    this.now = opts.now ?? (() => performance.now());
  }

  /** Begins a new run of `total` steps under `title`. */
  start(title: string, total: number): void {
    this.title = title;
    this.total = total;
    this.startedAt = this.now();
    this.lastDraw = this.tty ? Number.NEGATIVE_INFINITY : this.startedAt;
    this.drawn = false;
  }

  /** Reports `done` of `total` steps; redraws at most every `interval` ms (plain lines: every `plainInterval`). */
  update(done: number, values: ProgressValues = {}): void {
    if (this.stream === null) return;
    const now = this.now();
    const wait = this.tty ? this.interval : this.plainInterval;
    if (now - this.lastDraw < wait && done < this.total) return;
    if (!this.tty && done >= this.total) return; // finish() prints the closing line
    this.lastDraw = now;
    const line = this.render(done, values, now);
    if (this.tty) {
      const columns = this.stream.columns ?? 0;
      this.stream.write(`\r${columns > 1 ? line.slice(0, columns - 1) : line}\x1b[K`);
      this.drawn = true;
    } else {
      this.stream.write(`${line}\n`);
    }
  }

  /** Ends the run: replaces the bar with `summary` (if given) on its own line. */
  finish(summary?: string): void {
    if (this.stream === null) return;
    if (this.tty && this.drawn) this.stream.write('\r\x1b[K');
    if (summary !== undefined) this.stream.write(`${summary}\n`);
    this.drawn = false;
  }

  /** Prints a line above the bar without breaking it. */
  log(line: string): void {
    if (this.stream === null) return;
    this.stream.write(this.tty && this.drawn ? `\r\x1b[K${line}\n` : `${line}\n`);
    this.lastDraw = Number.NEGATIVE_INFINITY;
  }

  /** The status line for `done` steps at time `now` (ms). */
  render(done: number, values: ProgressValues, now: number): string {
    const elapsed = (now - this.startedAt) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const fraction = this.total > 0 ? Math.min(1, done / this.total) : 1;
    const filled = Math.round(fraction * this.width);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(this.width - filled)}]`;
    const shown = Object.entries(values)
      .map(([k, v]) => `${k} ${typeof v === 'number' ? v.toFixed(4) : v}`)
      .join('  ');
    const eta = rate > 0 ? formatDuration((this.total - done) / rate) : '?';
    const parts = [
      `${this.title} ${bar} ${done}/${this.total}`,
      `${rate.toFixed(1)} ${this.unit}/s`,
    ];
    if (shown !== '') parts.push(shown);
    parts.push(`ETA ${eta}`);
    return parts.join('  ');
  }
}
