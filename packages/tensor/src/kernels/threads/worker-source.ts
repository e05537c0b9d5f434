/** Int32 words at the start of shared memory for pool control (8 KiB). */
export const CONTROL_INTS = 2048;
/** Words per worker slot (one 64-byte cache line): sequence number, ready flag. */
export const SLOT_INTS = 16;
/** Most workers the control area has slots for (slot w at SLOT_INTS·(w + 1)). */
export const MAX_WORKERS = 63;

// Words of the current job (see gemm-pool.ts). Word 1 stays 0: GemmPool.create waits on it.
/** Claim counter: the job's generation above TASK_BITS, the next unclaimed task below. */
export const NEXT = 0;
/** How many tasks the calling thread has staged so far (raw operands copied in). */
export const STAGED = 2;
/** Bumped after each task a worker finishes, to wake the calling thread. */
export const DONE_SEQ = 3;
/** Tasks in the job. */
export const TOTAL = 4;
/** The job's parameters for `gemmPanelTask` (nine words; see assembly/gemm.ts). */
export const JOB = 1024;
/** Per task slot: 1 once the task staged in it has been computed. */
export const DONE = 1040;
/** Most task slots (DONE flags) the control area holds. */
export const MAX_TASK_SLOTS = CONTROL_INTS - DONE;
export const TASK_BITS = 12;
/**
 * Most tasks in one job: one short of what the claim counter's low bits hold, so the counter
 * after the last claim (generation g, task MAX_TASKS) never reads as task 0 of generation
 * g + 1, which a late worker would claim again, nor overflows int32 in the last generation.
 */
export const MAX_TASKS = (1 << TASK_BITS) - 1;
/** Generations wrap at this (so the claim counter stays a non-negative int32). */
export const GENERATIONS = 1 << (31 - TASK_BITS);

/**
 * The script each GEMM worker runs, as source text so it bundles into the package and
 * starts from a string (`eval` in Node, a Blob URL in browsers) with nothing to fetch.
 * It instantiates the shared-memory kernel, marks its slot ready, then sleeps on its slot's
 * sequence number; each bump announces a job, whose staged tasks it claims one at a time
 * (compare-and-swap on the claim counter, which also carries the job's generation so a late
 * worker can never claim from a later job), runs `gemmPanelTask` on, and marks done.
 * It returns to sleep once every task is claimed. Layout: see gemm-pool.ts.
 */
export const WORKER_SOURCE = `
'use strict';
const start = ({ module, memory, slot }) => {
  const { gemmPanelTask } = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const control = new Int32Array(memory.buffer, 0, ${CONTROL_INTS});
  const base = ${SLOT_INTS} * (slot + 1);
  let seq = Atomics.load(control, base);
  Atomics.store(control, base + 1, 1);
  post('ready');
  for (;;) {
    Atomics.wait(control, base, seq);
    seq = Atomics.load(control, base);
    const generation = Atomics.load(control, ${NEXT}) >>> ${TASK_BITS};
    for (;;) {
      const next = Atomics.load(control, ${NEXT});
      const task = next & ${(1 << TASK_BITS) - 1};
      if (next >>> ${TASK_BITS} !== generation || task >= Atomics.load(control, ${TOTAL})) break;
      const staged = Atomics.load(control, ${STAGED});
      if (task >= staged) {
        Atomics.wait(control, ${STAGED}, staged, 20);
        continue;
      }
      if (Atomics.compareExchange(control, ${NEXT}, next, next + 1) !== next) continue;
      gemmPanelTask(${JOB * 4}, task);
      Atomics.store(control, ${DONE} + (task % control[${JOB} + 6]), 1);
      Atomics.add(control, ${DONE_SEQ}, 1);
      Atomics.notify(control, ${DONE_SEQ});
    }
  }
};
let post;
if (typeof process === 'object' && process.versions && process.versions.node) {
  const { parentPort } = require('node:worker_threads');
  post = (message) => parentPort.postMessage(message);
  parentPort.once('message', start);
} else {
  post = (message) => self.postMessage(message);
  self.onmessage = (event) => start(event.data);
}
`;
