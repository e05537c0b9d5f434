import type { GemmWasm } from '../wasm/gemm-instance';
import { spawnWorker, type WorkerHandle } from './spawn-worker';
import {
  CONTROL_INTS,
  DONE,
  DONE_SEQ,
  GENERATIONS,
  JOB,
  MAX_WORKERS,
  NEXT,
  SLOT_INTS,
  STAGED,
  TASK_BITS,
  TOTAL,
  WORKER_SOURCE,
} from './worker-source';

export { MAX_TASK_SLOTS, MAX_TASKS, MAX_WORKERS } from './worker-source';

/** A worker that has not finished a task after this long is taken to be dead. */
const STALL_MS = 30_000;

/** A product split into column-panel tasks for `GemmPool.run` (see `gemmPanelTask`). */
export interface PanelJob {
  /** The nine job words `gemmPanelTask` reads: [mb, k, kcMax, width, n, packedA, slots, slotBase, rawRows]. */
  words: readonly number[];
  tasks: number;
  slots: number;
  /** Copies task `task`'s raw panel of B into its slot (on the calling thread). */
  stage(task: number): void;
  /** Copies task `task`'s finished C tile out of its slot (on the calling thread). */
  unpack(task: number): void;
}

/**
 * Worker threads sharing the kernel's memory. A product is split into tasks, column panels
 * of C; the calling thread copies each task's operands into a slot of wasm memory (only it
 * can read the caller's arrays), and it and the workers claim staged tasks and run
 * `gemmPanelTask` on them, which packs and multiplies the panel in the same order as one
 * thread would: results are bit-identical whatever the thread count. The calling thread
 * copies finished tiles out, in order, freeing their slots for the next tasks.
 *
 * Shared memory starts with CONTROL_INTS words: the job's counters (claim counter NEXT,
 * STAGED, DONE_SEQ, TOTAL), worker w's slot at SLOT_INTS·(w + 1) [sequence, ready], the job
 * words at JOB, and a done flag per task slot at DONE (see worker-source.ts).
 */
export class GemmPool {
  private readonly control: Int32Array;
  private readonly workers: WorkerHandle[] = [];
  private started: Promise<unknown> = Promise.resolve();
  private dead = false;
  private generation = 0;

  private constructor(readonly kernel: GemmWasm) {
    this.control = new Int32Array(kernel.memory.buffer, 0, CONTROL_INTS);
  }

  /**
   * An empty pool over `kernel` (which must use shared memory), or null where this thread
   * may not block waiting for workers (a browser's main thread).
   */
  static create(kernel: GemmWasm): GemmPool | null {
    const pool = new GemmPool(kernel);
    return canBlock(pool.control) ? pool : null;
  }

  /**
   * Starts workers until there are `count` (never fewer: workers are only stopped by a
   * stall, so no stale worker can ever share a slot with a new one). Resolves once all
   * have started, with how many are ready; blocks meanwhile use those already up.
   */
  grow(count: number): Promise<number> {
    const started: Promise<void>[] = [];
    for (let slot = this.workers.length; slot < Math.min(count, MAX_WORKERS); slot++) {
      const worker = spawnWorker(WORKER_SOURCE);
      if (worker === null) break;
      this.workers.push(worker);
      started.push(
        new Promise((resolve) => {
          // Held until the worker has started (so `await setKernelThreads(n)` keeps the process
          // alive), then unref'd: an idle pool never stops a script from exiting.
          const started = () => {
            worker.unref();
            resolve();
          };
          worker.onMessage(started);
          // A worker that fails to start never marks its slot ready and so gets no work.
          worker.onError(started);
        }),
      );
      worker.post({ module: this.kernel.module, memory: this.kernel.memory, slot });
    }
    this.started = Promise.all([this.started, ...started]);
    return this.started.then(() => this.readySlots().length);
  }

  /** False once a worker has stalled and the pool has been shut down. */
  get usable(): boolean {
    return !this.dead;
  }

  /** How many workers are ready for work now. */
  readyCount(): number {
    return this.readySlots().length;
  }

  /**
   * Runs `job` on this thread and up to `maxHelpers` ready workers. This thread stages
   * tasks while a slot is free, copies finished tiles out in task order, and otherwise
   * computes staged tasks itself; so the job completes even if no worker ever wakes.
   */
  run(job: PanelJob, maxHelpers: number): void {
    const { tasks, slots } = job;
    const control = this.control;
    control.set(job.words, JOB);
    Atomics.store(control, TOTAL, tasks);
    Atomics.store(control, STAGED, 0);
    this.generation = (this.generation + 1) % GENERATIONS;
    const generation = this.generation;
    Atomics.store(control, NEXT, generation << TASK_BITS);
    for (const w of this.readySlots().slice(0, maxHelpers)) {
      const base = SLOT_INTS * (w + 1);
      Atomics.add(control, base, 1);
      Atomics.notify(control, base, 1);
    }
    let staged = 0;
    let unpacked = 0;
    let deadline = performance.now() + STALL_MS;
    while (unpacked < tasks) {
      const seen = Atomics.load(control, DONE_SEQ);
      if (unpacked < staged && Atomics.load(control, DONE + (unpacked % slots)) === 1) {
        job.unpack(unpacked++);
        deadline = performance.now() + STALL_MS;
      } else if (staged < tasks && staged - unpacked < slots) {
        Atomics.store(control, DONE + (staged % slots), 0);
        job.stage(staged);
        Atomics.store(control, STAGED, ++staged);
        Atomics.notify(control, STAGED);
      } else {
        const task = this.claim(generation, staged);
        if (task >= 0) {
          this.kernel.gemmPanelTask(JOB * 4, task);
          Atomics.store(control, DONE + (task % slots), 1);
        } else if (performance.now() > deadline) {
          this.dead = true;
          for (const worker of this.workers) worker.terminate();
          throw new Error('gemm: a worker thread stopped responding; pool shut down');
        } else {
          Atomics.wait(control, DONE_SEQ, seen, 100);
        }
      }
    }
  }

  /** Claims the next staged task of the current job, or returns -1 when none is left. */
  private claim(generation: number, staged: number): number {
    const control = this.control;
    for (;;) {
      const next = Atomics.load(control, NEXT);
      const task = next - (generation << TASK_BITS);
      if (task >= staged) return -1;
      if (Atomics.compareExchange(control, NEXT, next, next + 1) === next) return task;
    }
  }

  private readySlots(): number[] {
    const slots: number[] = [];
    if (this.dead) return slots;
    for (let w = 0; w < this.workers.length; w++) {
      if (Atomics.load(this.control, SLOT_INTS * (w + 1) + 1) === 1) slots.push(w);
    }
    return slots;
  }
}

/** Whether this thread may block in Atomics.wait (browsers forbid it on the main thread). */
function canBlock(control: Int32Array): boolean {
  try {
    // Word 1 is unused and 0: waiting for it to be 1 returns at once where waiting is allowed.
    Atomics.wait(control, 1, 1, 0);
    return true;
  } catch {
    return false;
  }
}
