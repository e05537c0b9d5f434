/**
 * Pause and stop for a long loop inside a worker. A worker handles messages only when its
 * loop gives the event loop a turn, so the loop awaits `checkpoint()` between steps: that
 * yields every ~frame (often enough for pause, stop and prediction requests to arrive, rarely
 * enough to cost nothing) and waits while paused.
 */
export class RunControl {
  private paused = false;
  private stopped = false;
  private wake: (() => void) | null = null;
  private lastYield = performance.now();

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wake?.();
    this.wake = null;
  }

  stop(): void {
    this.stopped = true;
    this.resume();
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /**
   * Returns false once stopped. `delayMs` > 0 slows the loop down (to watch a trajectory
   * move); otherwise the loop yields only when `budgetMs` has passed since the last yield.
   */
  async checkpoint(delayMs = 0, budgetMs = 12): Promise<boolean> {
    if (delayMs > 0) await sleep(delayMs);
    else if (performance.now() - this.lastYield >= budgetMs) await nextTask();
    while (this.paused && !this.stopped) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    this.lastYield = performance.now();
    return !this.stopped;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// A MessageChannel round trip yields to pending messages without setTimeout's 4 ms clamp.
const channel = typeof MessageChannel === 'function' ? new MessageChannel() : null;
const waiting: Array<() => void> = [];
if (channel) channel.port1.onmessage = () => waiting.shift()?.();

function nextTask(): Promise<void> {
  if (!channel) return sleep(0);
  return new Promise((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });
}
