// The progress indicator on stderr: one live line on a terminal, one line per finished
// workload otherwise (CI logs).
import type { ProgressEvent } from '../run';
import { num } from './format';

export class Progress {
  private started = Date.now();
  private position = '';
  private live = false;

  constructor(private readonly out: NodeJS.WriteStream) {}

  private elapsed(): string {
    const s = Math.round((Date.now() - this.started) / 1000);
    return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  }

  update(event: ProgressEvent): void {
    if (event.type === 'variant') {
      this.position = `[${event.index + 1}/${event.total}]`;
      return;
    }
    if (event.type === 'engine') {
      if (!this.out.isTTY) return;
      const text = `${this.position} ${event.title} · ${event.engine} · ${event.phase} · ${this.elapsed()}`;
      const width = this.out.columns ?? 100;
      this.out.write(`\r\x1b[2K${text.slice(0, width - 1)}`);
      this.live = true;
      return;
    }
    const base = event.row.cells.find((c) => c.engine === 'convkit');
    const figure =
      base?.ms === undefined ? (base?.status ?? '') : `convkit ${num(base.ms.median)} ms`;
    const problems = event.row.cells
      .filter((c) => c.status === 'wrong' || c.status === 'failed')
      .map((c) => `${c.engine} ${c.status}`);
    this.clear();
    this.out.write(
      `${this.position} ${event.row.title}: ${figure}${problems.length > 0 ? ` (${problems.join(', ')})` : ''} · ${this.elapsed()}\n`,
    );
  }

  private clear(): void {
    if (this.live) this.out.write('\r\x1b[2K');
    this.live = false;
  }

  finish(): void {
    this.clear();
  }
}
