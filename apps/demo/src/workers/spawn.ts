// One place that names each worker file: Vite bundles a worker once per `new Worker(new URL…)`
// site, so every page section that wants one calls these.

/** The Gabor experiments' worker (landscapes, θ and five-parameter recovery). */
export function spawnGaborWorker(): Worker {
  return new Worker(new URL('./gabor-worker.ts', import.meta.url), { type: 'module' });
}

/** A training worker: loads the digits and trains one network. */
export function spawnTrainWorker(): Worker {
  return new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module' });
}
