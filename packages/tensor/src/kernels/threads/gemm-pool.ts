import type { GemmWasm } from '../wasm/gemm-instance';
import { spawnWorker, type WorkerHandle } from './spawn-worker';
import { CONTROL_INTS, SLOT_INTS, WORKER_SOURCE } from './worker-source';

/** Control word counting workers still busy with the current block. */
const PENDING = 0;
/** Most workers the control area has slots for. */
export const MAX_WORKERS = CONTROL_INTS / SLOT_INTS - 1;
/** A worker that has not finished its share after this long is taken to be dead. */
const STALL_MS = 30_000;

/**
 * Worker threads sharing the kernel's memory: the calling thread packs each block, then it
 * and the ready workers each run `gemmPacked` on their own range of 8-column slivers, so
 * every element of C is summed in the same order as on one thread (bit-identical results).
 *
 * Shared memory starts with CONTROL_INTS words: word 0 counts pending workers, and worker w
 * owns the slot at SLOT_INTS·(w + 1): [sequence, ready, mb, nb, kc, pa, pb, c, ldc, add].
 */
export class GemmPool {
  private readonly control: Int32Array;
  private readonly workers: WorkerHandle[] = [];
  private started: Promise<unknown> = Promise.resolve();
  private dead = false;

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

  /**
   * gemmPacked over a block, split by columns between this thread and up to `helpers` ready
   * workers. `nb` is a multiple of 8; `packedB` and `c` are byte offsets as for gemmPacked.
   */
  run(
    maxHelpers: number,
    mb: number,
    nb: number,
    kc: number,
    packedA: number,
    packedB: number,
    c: number,
    ldc: number,
    add: number,
  ): void {
    const helpers = this.readySlots().slice(0, maxHelpers);
    const width = Math.ceil(nb / 8 / (helpers.length + 1)) * 8;
    const jobs = Math.min(helpers.length, Math.floor((nb - 1) / width));
    const control = this.control;
    Atomics.store(control, PENDING, jobs);
    for (let w = 0; w < jobs; w++) {
      const base = SLOT_INTS * (helpers[w] + 1);
      const col = w * width;
      // B slivers are kc·8 floats apart, C columns 4 bytes apart.
      control.set(
        [mb, width, kc, packedA, packedB + col * kc * 4, c + col * 4, ldc, add],
        base + 2,
      );
      Atomics.add(control, base, 1);
      Atomics.notify(control, base, 1);
    }
    const own = jobs * width;
    this.kernel.gemmPacked(
      mb,
      nb - own,
      kc,
      packedA,
      packedB + own * kc * 4,
      c + own * 4,
      ldc,
      add,
    );
    const deadline = performance.now() + STALL_MS;
    for (let pending = Atomics.load(control, PENDING); pending !== 0; ) {
      if (performance.now() > deadline) {
        this.dead = true;
        for (const worker of this.workers) worker.terminate();
        throw new Error(`gemm: ${pending} worker thread(s) stopped responding; pool shut down`);
      }
      Atomics.wait(control, PENDING, pending, 100);
      pending = Atomics.load(control, PENDING);
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
