/** Resolves on a later turn of the event loop, so timers, abort signals and rendering can run. */
export function macrotask(): Promise<void> {
  const g = globalThis as { setImmediate?: (callback: () => void) => unknown };
  if (typeof g.setImmediate === 'function') {
    const setImmediate = g.setImmediate;
    return new Promise((resolve) => setImmediate(resolve));
  }
  if (typeof MessageChannel === 'function') {
    // Browsers clamp nested setTimeout(0) to 4 ms; a message is not clamped.
    const channel = new MessageChannel();
    return new Promise((resolve) => {
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Hands control back to the event loop when `budgetMs` of work has passed since the last
 * time: often enough for an AbortSignal or a redraw to get through, rarely enough to cost
 * nothing measurable.
 */
export class EventLoopYielder {
  private last = performance.now();

  constructor(private readonly budgetMs = 50) {}

  async maybeYield(): Promise<void> {
    const now = performance.now();
    if (now - this.last < this.budgetMs) return;
    await macrotask();
    this.last = performance.now();
  }
}
