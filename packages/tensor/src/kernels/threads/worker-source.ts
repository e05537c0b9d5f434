/** Int32 words at the start of shared memory for pool control (4 KiB). */
export const CONTROL_INTS = 1024;
/** Words per worker slot (one 64-byte cache line): sequence, ready flag, 8 parameters. */
export const SLOT_INTS = 16;

/**
 * The script each GEMM worker runs, as source text so it bundles into the package and
 * starts from a string (`eval` in Node, a Blob URL in browsers) with nothing to fetch.
 * It instantiates the shared-memory kernel, marks its slot ready, then sleeps on its slot's
 * sequence number; each bump is a job: run `gemmPacked` on the slot's parameters and count
 * down the pool's pending counter. Layout: see gemm-pool.ts.
 */
export const WORKER_SOURCE = `
'use strict';
const start = ({ module, memory, slot }) => {
  const { gemmPacked } = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const control = new Int32Array(memory.buffer, 0, ${CONTROL_INTS});
  const base = ${SLOT_INTS} * (slot + 1);
  let seq = Atomics.load(control, base);
  Atomics.store(control, base + 1, 1);
  post('ready');
  for (;;) {
    Atomics.wait(control, base, seq);
    seq = Atomics.load(control, base);
    const p = base + 2;
    gemmPacked(control[p], control[p + 1], control[p + 2], control[p + 3],
      control[p + 4], control[p + 5], control[p + 6], control[p + 7]);
    if (Atomics.sub(control, 0, 1) === 1) Atomics.notify(control, 0);
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
