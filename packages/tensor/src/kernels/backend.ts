import { GemmPool, MAX_WORKERS } from './threads/gemm-pool';
import { type GemmWasm, loadGemmWasm, loadSharedGemmWasm } from './wasm/gemm-instance';

/**
 * Which kernels run float32 hot paths: `'wasm'` (WebAssembly SIMD), `'js'` (the plain
 * TypeScript reference, which also serves float64 and int32), or `'auto'`: wasm where it is
 * available and the problem is big enough to pay for copying into wasm memory, else js.
 */
export type KernelBackend = 'auto' | 'wasm' | 'js';

let requested: KernelBackend = 'auto';
let threads = 1;
/** Created on the first request for more than one thread; null where threads can't run. */
let pool: GemmPool | null | undefined;

/** How a float32 GEMM runs on wasm: the kernel, and workers to share blocks with. */
export interface WasmGemmPlan {
  kernel: GemmWasm;
  pool: GemmPool | null;
  /** Most workers to use besides the calling thread. */
  helpers: number;
}

/**
 * Chooses the kernel backend for float32 hot paths, e.g. to force the reference in a test or
 * compare both in a benchmark. `'wasm'` sends every float32 product to WebAssembly, however
 * small (useful to test it); `'auto'` (the default) only those large enough to gain.
 * Throws when `'wasm'` is requested but WebAssembly SIMD is unavailable here.
 * @example
 * setKernelBackend('js');   // reference kernels everywhere
 * setKernelBackend('auto'); // back to the default
 */
export function setKernelBackend(backend: KernelBackend): void {
  if (backend !== 'auto' && backend !== 'wasm' && backend !== 'js') {
    throw new Error(`setKernelBackend: expected 'auto', 'wasm' or 'js', got ${String(backend)}`);
  }
  if (backend === 'wasm' && loadGemmWasm() === null) {
    throw new Error(
      "setKernelBackend: 'wasm' requested but WebAssembly SIMD is not available in this environment",
    );
  }
  requested = backend;
}

/**
 * The backend in effect for float32 hot paths: `'wasm'` when WebAssembly SIMD kernels are in
 * use (the default where the runtime supports them), `'js'` when forced or unavailable.
 * The first call under `'auto'` compiles the (small) kernel module to find out.
 * @example
 * getKernelBackend(); // 'wasm' in Node 20+ and current browsers
 */
export function getKernelBackend(): 'wasm' | 'js' {
  if (requested === 'js') return 'js';
  return loadGemmWasm() === null ? 'js' : 'wasm';
}

/**
 * How to run a float32 product of `work` multiply-adds on wasm, or null for the JS
 * reference: null when forced to `'js'`, when WebAssembly SIMD is unavailable, or under
 * `'auto'` when `work` is below `minWork`.
 */
export function selectGemmWasm(work: number, minWork: number): WasmGemmPlan | null {
  if (requested === 'js' || (requested === 'auto' && work < minWork)) return null;
  if (threads > 1 && pool?.usable) return { kernel: pool.kernel, pool, helpers: threads - 1 };
  const kernel = loadGemmWasm();
  return kernel === null ? null : { kernel, pool: null, helpers: 0 };
}

/**
 * Sets how many threads the wasm kernels may use: 1 (the default) runs on the calling
 * thread only; more starts worker threads sharing the kernel's memory (`worker_threads` in
 * Node, Web Workers in a cross-origin-isolated browser) that split large products by
 * columns, with results bit-identical to one thread. Where workers can't run, or on a
 * browser's main thread (which may not block), everything stays on one thread. Workers
 * start in the background; the promise resolves with the number of threads ready.
 * @example
 * await setKernelThreads(os.availableParallelism()); // Node
 * await setKernelThreads(navigator.hardwareConcurrency); // in a worker, crossOriginIsolated
 */
export function setKernelThreads(count: number): Promise<number> {
  if (!Number.isInteger(count) || count < 1 || count > MAX_WORKERS + 1) {
    throw new Error(
      `setKernelThreads: expected an integer from 1 to ${MAX_WORKERS + 1}, got ${String(count)}`,
    );
  }
  threads = count;
  if (count === 1) return Promise.resolve(1);
  if (pool === undefined) {
    const kernel = loadSharedGemmWasm();
    pool = kernel === null ? null : GemmPool.create(kernel);
  }
  if (pool === null) return Promise.resolve(1);
  return pool.grow(count - 1).then((ready) => Math.min(threads, ready + 1));
}

/**
 * The thread count set by `setKernelThreads` (default 1).
 * @example
 * getKernelThreads(); // 1
 */
export function getKernelThreads(): number {
  return threads;
}
